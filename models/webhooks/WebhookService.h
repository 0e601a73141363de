#pragma once
// WebhookService: the GitHub webhook intake rules — gate, headers, signature (current/previous/file secret),
// redelivery and replay — then storing deliveries in batches (one transaction, answered after the commit),
// turning security events into incidents, and the spoofing controls with their telemetry and incident.

#include "models/incidents/IncidentService.h"
#include "models/webhooks/WebhookControls.h"
#include "models/webhooks/WebhookSecrets.h"
#include "models/webhooks/WebhookStore.h"

#include <QJsonObject>
#include <variant>

namespace watchpost {

struct WebhookRequest
{
    QString hookId = QStringLiteral("default");
    QString peer;
    QByteArray contentType;
    QByteArray event;
    QByteArray deliveryId;
    QByteArray signature256;
    QByteArray signature1;
    QByteArray userAgent;
    QByteArray forwardedFor;
    QByteArray body;
};

struct WebhookAnswer
{
    int status = 202;
    QJsonObject body;
    int retryAfterSeconds = 0;
};

// What the webhook receiver shares with the rest of the process: secrets, controls, the keychain.
struct WebhookSetup
{
    std::shared_ptr<WebhookSecrets> secrets = std::make_shared<WebhookSecrets>();
    std::shared_ptr<WebhookControls> controls = std::make_shared<WebhookControls>();
    SecretStore* secretStore = nullptr;
};

class WebhookService
{
public:
    struct Pending
    {
        WebhookDelivery delivery;
        QJsonObject payload;
    };
    static constexpr qint64 kMaxBodyBytes = 25LL * 1024 * 1024;

    WebhookService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                   std::shared_ptr<WebhookSecrets> secrets, std::shared_ptr<WebhookControls> controls,
                   ChangeNotifier* notifier = nullptr, SecretStore* secretStore = nullptr);

    // Everything short of storing. A refusal is answered at once (and counted); an admitted delivery
    // waits for commit().
    std::variant<WebhookAnswer, Pending> admit(const WebhookRequest& request);
    // Stores a batch in one transaction and answers each delivery after the commit. May run on another
    // thread (another instance) than admit().
    QList<WebhookAnswer> commit(QList<Pending>& batch);
    // A batch admitted here is in the store (or refused): forget it from the in-flight redelivery/replay sets.
    void settled(const QList<Pending>& batch);
    // Writes the pending refusal telemetry; on failure the spoofing incident is held open with guidance.
    Result<Done> flushTelemetry();
    // Maps stored security deliveries a crash left unmapped.
    void mapPending();

    Result<WebhookBlock> block(const QString& source, const QString& reason, const QString& actor, int seconds);
    Result<int> unblock(const QString& source, const QString& actor);

    const WebhookStore& store() const { return m_webhooks; }
    const Clock& clock() const { return *m_clock; }
    WebhookControls& controls() { return *m_controls; }
    // Records a refusal the transport saw before the receiver (oversize).
    void refuseEarly(const QString& source, const QString& reason, const QString& detail);

private:
    WebhookAnswer refuse(const WebhookRequest& r, const QString& source, int status, const QString& reason,
                         const QString& message, bool countsAsSpoof = true);
    void onThresholdCrossed(const QString& source, const QString& reason);
    std::optional<qint64> spoofIncident(const QString& detection);
    QString sourceOf(const WebhookRequest& r) const;
    void refreshSecrets(const QString& hookId);
    // The hook's row, read at most once a second per hook (every delivery asks).
    std::optional<WebhookHook> hookRow(const QString& hookId);
    // Applies a stored delivery's consequences (ping, incidents, activity) after its commit.
    void map(qint64 deliveryRowId, const WebhookDelivery& d, const QJsonObject& payload);
    std::optional<qint64> openOrUpdateAlertIncident(const QString& alertKey, const IncidentReport& report,
                                                    const QString& update);

    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<WebhookSecrets> m_secrets;
    std::shared_ptr<WebhookControls> m_controls;
    ChangeNotifier* m_notifier;
    SecretStore* m_secretStore;
    WebhookStore m_webhooks;
    IncidentService m_incidents;
    QHash<QString, QString> m_batchBodies; // hook|sha256 → delivery id, for replays inside one batch
    QSet<QString> m_batchIds;              // hook|delivery id
    QHash<QString, std::pair<qint64, std::optional<WebhookHook>>> m_hookRows; // id → (read at, row)
};

} // namespace watchpost
