#include "models/webhooks/DeliveryTableModel.h"

#include "models/webhooks/WebhookOutcome.h"

namespace watchpost {

DeliveryTableModel::DeliveryTableModel(const WebhookStore& store, QObject* parent)
    : RowTableModel(
          {{QStringLiteral("Received"),
            [](const WebhookDelivery& d) { return d.receivedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")); }},
           {QStringLiteral("Event"), [](const WebhookDelivery& d) { return d.event; }},
           {QStringLiteral("Action"), [](const WebhookDelivery& d) { return d.action; }},
           {QStringLiteral("Repository"), [](const WebhookDelivery& d) { return d.repository; }},
           {QStringLiteral("Outcome"),
            [](const WebhookDelivery& d) {
                const QString outcome = deliveryOutcomeLabel(d.outcome);
                return d.incidentPublicId.isEmpty() ? outcome
                                                    : QStringLiteral("%1 → %2").arg(outcome, d.incidentPublicId);
            }},
           {QStringLiteral("Verified with"), [](const WebhookDelivery& d) { return d.verifiedWith; }},
           {QStringLiteral("Source"), [](const WebhookDelivery& d) { return d.source; }},
           {QStringLiteral("Delivery id"), [](const WebhookDelivery& d) { return d.deliveryId; }}},
          parent),
      m_store(store)
{
}

void DeliveryTableModel::setFilter(const DeliveryFilter& filter)
{
    m_filter = filter;
    reload();
}

Result<QList<WebhookDelivery>> DeliveryTableModel::readRows() const
{
    return m_store.deliveries(m_filter, std::nullopt, kShown);
}

} // namespace watchpost
