#pragma once
// DeliveryTableModel: the newest webhook deliveries (at most kShown) that match a filter, each with the incident it
// opened or updated (read in the same query) — the webhooks page's deliveries table.

#include "models/core/RowTableModel.h"
#include "models/webhooks/WebhookStore.h"

namespace watchpost {

class DeliveryTableModel : public RowTableModel<WebhookDelivery>
{
    Q_OBJECT
public:
    static constexpr int kShown = 200;
    explicit DeliveryTableModel(const WebhookStore& store, QObject* parent = nullptr);
    // Reads again with `filter`.
    void setFilter(const DeliveryFilter& filter);

protected:
    Result<QList<WebhookDelivery>> readRows() const override;

private:
    const WebhookStore& m_store;
    DeliveryFilter m_filter;
};

} // namespace watchpost
