#include "models/webhooks/SourceTableModel.h"

#include "models/core/DisplayText.h"

namespace watchpost {

SourceTableModel::SourceTableModel(const WebhookStore& store, std::shared_ptr<const Clock> clock, QObject* parent)
    : RowTableModel({{QStringLiteral("Source"), [](const SourceSummary& s) { return s.source; }},
                     {QStringLiteral("Refused"), [](const SourceSummary& s) { return QString::number(s.refused); }},
                     {QStringLiteral("Reasons"),
                      [](const SourceSummary& s) {
                          QStringList reasons;
                          for (auto it = s.byReason.begin(); it != s.byReason.end(); ++it)
                              reasons << QStringLiteral("%1 × %2").arg(it.value()).arg(it.key());
                          return reasons.join(QStringLiteral(", "));
                      }},
                     {QStringLiteral("Last refused"),
                      [](const SourceSummary& s) {
                          return s.lastAt.isValid() ? s.lastAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                                    : QStringLiteral("—");
                      }},
                     {QStringLiteral("Blocked until"),
                      [](const SourceSummary& s) {
                          return s.blockedUntil ? QStringLiteral("✖ %1").arg(display::when(s.blockedUntil))
                                                : QStringLiteral("not blocked");
                      },
                      [](const SourceSummary& s) { return s.blockedUntil.has_value(); }},
                     {QStringLiteral("Block reason"), [](const SourceSummary& s) { return s.blockReason; }}},
                    parent),
      m_store(store), m_clock(std::move(clock))
{
}

Result<QList<SourceSummary>> SourceTableModel::readRows() const
{
    const qint64 now = m_clock->nowMs();
    return m_store.sources(now - kWindowMs, now);
}

} // namespace watchpost
