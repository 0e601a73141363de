#pragma once
// WebhookService: the GitHub webhook receiver's domain side, put together — the intake (WebhookIntake), storing
// admitted deliveries in batches (one transaction, answered after the commit), mapping security events to
// incidents (WebhookEventMapper), and the response to spoofing (SpoofingResponse).

#include "models/incidents/IncidentService.h"
#include "models/webhooks/SpoofingResponse.h"
#include "models/webhooks/WebhookEventMapper.h"
#include "models/webhooks/WebhookIntake.h"

#include <functional>

namespace watchpost {

class WebhookService
{
public:
    using Pending = WebhookPending;
    static constexpr qint64 kMaxBodyBytes = 25LL * 1024 * 1024;

    WebhookService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                   std::shared_ptr<WebhookSecrets> secrets, std::shared_ptr<WebhookControls> controls,
                   ChangeNotifier* notifier = nullptr, SecretStore* secretStore = nullptr);

    // Everything short of storing. A refusal is answered at once (and counted); an admitted delivery
    // waits for commit().
    std::variant<WebhookOutcome, Pending> admit(const WebhookRequest& request) { return m_intake.admit(request); }
    // The same checks short of the body, for refusing before the body is read.
    std::optional<WebhookOutcome> admitHead(const WebhookRequest& request) { return m_intake.admitHead(request); }
    // Stores a batch in one transaction and answers each delivery after the commit. May run on another
    // thread (another instance) than admit().
    QList<WebhookOutcome> commit(QList<Pending>& batch);
    // A batch admitted here is in the store (or refused): forget it from the in-flight redelivery/replay sets.
    void settled(const QList<Pending>& batch) { m_intake.settled(batch); }
    // Writes the pending refusal telemetry; on failure the spoofing incident is held open with guidance.
    Result<Done> flushTelemetry() { return m_spoofing.flushTelemetry(); }
    // Maps stored security deliveries a crash left unmapped.
    void mapPending() { m_mapper.mapPending(); }

    Result<WebhookBlock> block(const QString& source, const QString& reason, const QString& actor, int seconds)
    {
        return m_spoofing.block(source, reason, actor, seconds);
    }
    Result<BlockLift> unblock(const QString& source, const QString& actor) { return m_spoofing.unblock(source, actor); }
    // Called after the commit for every stored delivery (the shipping kill switch watches push and pull_request).
    using DeliveryObserver = std::function<void(const WebhookDelivery&, const QJsonObject& payload)>;
    void setDeliveryObserver(DeliveryObserver observer) { m_observer = std::move(observer); }
    // Hands a delivery stored by another thread's instance to this one's observer.
    void observe(const WebhookDelivery& d, const QJsonObject& payload)
    {
        if (m_observer)
            m_observer(d, payload);
    }
    // Stores the policy, then puts it in force for this process's receiver.
    Result<Done> savePolicy(const WebhookPolicy& policy);

    const WebhookStore& store() const { return m_webhooks; }
    const Clock& clock() const { return *m_clock; }
    WebhookControls& controls() { return *m_controls; }
    // Records a refusal the transport saw before the receiver (oversize).
    void refuseEarly(const WebhookRequest& request, WebhookRefusal reason, const QString& detail)
    {
        m_intake.refuseEarly(request, reason, detail);
    }

private:
    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<WebhookControls> m_controls;
    ChangeNotifier* m_notifier;
    DeliveryObserver m_observer;
    WebhookStore m_webhooks;
    IncidentService m_incidents;
    SpoofingResponse m_spoofing;
    WebhookEventMapper m_mapper;
    WebhookIntake m_intake;
};

} // namespace watchpost
