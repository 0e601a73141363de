#include "models/incidents/FollowUpTableModel.h"

namespace watchpost {

FollowUpTableModel::FollowUpTableModel(std::shared_ptr<Store> store, QObject* parent)
    : RowTableModel(
          {{QStringLiteral("#"), [](const FollowUp& f) { return QString::number(f.id); }},
           {QStringLiteral("Action"), [](const FollowUp& f) { return f.action; }},
           {QStringLiteral("Owner"),
            [](const FollowUp& f) { return f.owner.isEmpty() ? QStringLiteral("— unassigned") : f.owner; },
            [](const FollowUp& f) { return f.owner.isEmpty() && f.status == QLatin1String("open"); }},
           {QStringLiteral("Due"),
            [](const FollowUp& f) {
                return f.dueAt ? f.dueAt->toString(QStringLiteral("yyyy-MM-dd")) : QStringLiteral("— not set");
            },
            [](const FollowUp& f) { return !f.dueAt && f.status == QLatin1String("open"); }},
           {QStringLiteral("Validation criteria / status"),
            [](const FollowUp& f) {
                return QStringLiteral("%1 [%2]").arg(
                    f.validationCriteria.isEmpty() ? QStringLiteral("— none") : f.validationCriteria, f.status);
            }}},
          parent),
      m_followUps(std::move(store))
{
}

void FollowUpTableModel::setIncident(qint64 incidentId)
{
    m_incidentId = incidentId;
    reload();
}

Result<QList<FollowUp>> FollowUpTableModel::readRows() const
{
    if (!m_incidentId)
        return QList<FollowUp>{};
    return m_followUps.followUps(m_incidentId);
}

} // namespace watchpost
