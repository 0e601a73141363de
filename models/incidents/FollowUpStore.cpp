#include "models/incidents/FollowUpStore.h"

#include "models/incidents/IncidentRows.h"
#include "models/store/CheckedQuery.h"
#include "models/store/SqlValues.h"

#include <QSqlError>
#include <QSqlQuery>

namespace watchpost {
using namespace rows;
using namespace sql;

FollowUpStore::FollowUpStore(std::shared_ptr<Store> store) : m_store(std::move(store)) {}

Result<QList<FollowUp>> FollowUpStore::followUps(qint64 incidentId) const
{
    CheckedQuery q(db(),
                   QStringLiteral("SELECT id, incident_id, action, owner, due_at, validation_criteria, status, "
                                  "created_at FROM follow_ups WHERE incident_id = ? ORDER BY id"),
                   QStringLiteral("read the follow-ups of incident %1").arg(incidentId));
    q.add(incidentId);
    return q.all(followUpFrom);
}

Result<std::optional<FollowUp>> FollowUpStore::followUp(qint64 followUpId) const
{
    CheckedQuery q(db(),
                   QStringLiteral("SELECT id, incident_id, action, owner, due_at, validation_criteria, status, "
                                  "created_at FROM follow_ups WHERE id = ?"),
                   QStringLiteral("read follow-up %1").arg(followUpId));
    q.add(followUpId);
    return q.first(followUpFrom);
}

Result<qint64> FollowUpStore::insertFollowUp(const FollowUp& f)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("INSERT INTO follow_ups (incident_id, action, owner, due_at, validation_criteria, status, "
                             "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(f.incidentId);
    q.addBindValue(f.action);
    q.addBindValue(nonNull(f.owner));
    q.addBindValue(nullableMs(f.dueAt));
    q.addBindValue(nonNull(f.validationCriteria));
    q.addBindValue(f.status);
    q.addBindValue(f.createdAt.toMSecsSinceEpoch());
    if (!q.exec())
        return sqlFailure(q);
    return q.lastInsertId().toLongLong();
}

Result<Done> FollowUpStore::updateFollowUp(const FollowUp& f)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral(
        "UPDATE follow_ups SET owner = ?, due_at = ?, validation_criteria = ?, status = ? WHERE id = ?"));
    q.addBindValue(nonNull(f.owner));
    q.addBindValue(nullableMs(f.dueAt));
    q.addBindValue(nonNull(f.validationCriteria));
    q.addBindValue(f.status);
    q.addBindValue(f.id);
    if (!q.exec())
        return sqlFailure(q);
    return Done{};
}

} // namespace watchpost
