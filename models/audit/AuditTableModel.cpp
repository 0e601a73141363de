#include "models/audit/AuditTableModel.h"

#include "models/audit/AuditAction.h"

#include "models/core/DisplayText.h"

namespace watchpost {

AuditTableModel::AuditTableModel(const AuditLog& audit, QObject* parent)
    : RowTableModel(
          {{QStringLiteral("#"), [](const AuditRecord& a) { return QString::number(a.id); }},
           {QStringLiteral("When"), [](const AuditRecord& a) { return display::when(a.at); }},
           {QStringLiteral("Actor"), [](const AuditRecord& a) { return a.actor; }},
           {QStringLiteral("Action"), [](const AuditRecord& a) { return audit::label(a.action); }},
           {QStringLiteral("Targets"), [](const AuditRecord& a) { return a.targets.join(QStringLiteral(", ")); }},
           {QStringLiteral("Outcome"), [](const AuditRecord& a) { return a.outcome; },
            [](const AuditRecord& a) { return a.outcome != QLatin1String("succeeded"); }},
           {QStringLiteral("Detail"), [](const AuditRecord& a) { return a.detail; }}},
          parent),
      m_audit(audit)
{
}

void AuditTableModel::setFilter(const AuditFilter& filter)
{
    m_filter = filter;
    reload();
}

Result<QList<AuditRecord>> AuditTableModel::readRows() const
{
    return m_audit.list(m_filter, std::nullopt, kShown);
}

} // namespace watchpost
