#pragma once
// WebhookEventMapper: what a stored GitHub delivery means — which events become incidents (secret scanning,
// code scanning, Dependabot, vulnerability alerts, advisories) and which are security-relevant activity — and
// opening or updating the incident linked to each alert.

#include "models/incidents/IncidentService.h"
#include "models/webhooks/WebhookControls.h"
#include "models/webhooks/WebhookStore.h"

#include <QJsonObject>

namespace watchpost {

class WebhookEventMapper
{
public:
    WebhookEventMapper(std::shared_ptr<const Clock> clock, std::shared_ptr<WebhookControls> controls,
                       WebhookStore& webhooks, IncidentService& incidents);

    // Sets an admitted delivery's outcome before it is stored: hook_healthy (ping), pending (mapped to an
    // incident after the commit), security_activity, or accepted.
    void classify(WebhookDelivery& delivery);
    // Applies a stored delivery's consequences (incidents, activity) after its commit.
    void map(qint64 deliveryRowId, const WebhookDelivery& d, const QJsonObject& payload);
    // Maps stored security deliveries a crash left unmapped.
    void mapPending();

private:
    // The incident an alert goes to: its linked open incident (updated) or a new one. A read or write the store
    // refuses is an error: the delivery then stays pending and is mapped again by mapPending().
    Result<std::optional<qint64>> openOrUpdateAlertIncident(std::optional<qint64> linked, const QString& alertKey,
                                                            const IncidentReport& report, const QString& update);

    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<WebhookControls> m_controls;
    WebhookStore& m_webhooks;
    IncidentService& m_incidents;
};

} // namespace watchpost
