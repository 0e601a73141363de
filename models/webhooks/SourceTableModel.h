#pragma once
// SourceTableModel: the sources refused in the last 7 days with their reasons and blocks — the webhooks page's
// sources table. A blocked source is a problem cell.

#include "models/core/Clock.h"
#include "models/core/RowTableModel.h"
#include "models/webhooks/WebhookStore.h"

namespace watchpost {

class SourceTableModel : public RowTableModel<SourceSummary>
{
    Q_OBJECT
public:
    static constexpr qint64 kWindowMs = 7LL * 86400 * 1000;
    SourceTableModel(const WebhookStore& store, std::shared_ptr<const Clock> clock, QObject* parent = nullptr);

protected:
    Result<QList<SourceSummary>> readRows() const override;

private:
    const WebhookStore& m_store;
    std::shared_ptr<const Clock> m_clock;
};

} // namespace watchpost
