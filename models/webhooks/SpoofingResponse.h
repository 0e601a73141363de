#pragma once
// SpoofingResponse: what Watchpost does about refused deliveries — blocks a source over the threshold, opens (or
// adds to) the spoofing incident, writes the refusal telemetry, and holds that incident open with guidance while
// the telemetry cannot be written.

#include "models/core/ChangeNotifier.h"
#include "models/incidents/IncidentService.h"
#include "models/webhooks/WebhookControls.h"
#include "models/webhooks/WebhookStore.h"

namespace watchpost {

class SpoofingResponse
{
public:
    SpoofingResponse(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                     std::shared_ptr<WebhookControls> controls, ChangeNotifier* notifier, WebhookStore& webhooks,
                     IncidentService& incidents);

    // A source crossed the block threshold: block it and record the detection on the spoofing incident.
    void onThresholdCrossed(const QString& source, const QString& reason);
    Result<WebhookBlock> block(const QString& source, const QString& reason, const QString& actor, int seconds);
    // Lifts in memory even when the store refuses (then `stored` is false); an error only when nothing was lifted.
    Result<BlockLift> unblock(const QString& source, const QString& actor);
    // Writes the pending refusal telemetry; on failure the spoofing incident is held open with guidance.
    Result<Done> flushTelemetry();

private:
    std::optional<qint64> spoofIncident(const QString& detection);

    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<WebhookControls> m_controls;
    ChangeNotifier* m_notifier;
    WebhookStore& m_webhooks;
    IncidentService& m_incidents;
};

} // namespace watchpost
