#include "models/incidents/IncidentHoldStore.h"

#include "models/incidents/IncidentRows.h"
#include "models/store/SqlValues.h"

#include <QSqlError>
#include <QSqlQuery>

namespace watchpost {
using namespace rows;
using namespace sql;

IncidentHoldStore::IncidentHoldStore(std::shared_ptr<Store> store) : m_store(std::move(store)) {}

QList<IncidentHold> IncidentHoldStore::activeHolds(qint64 incidentId) const
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT id, reason, guidance, created_at FROM incident_holds WHERE incident_id = ? AND "
                             "cleared_at IS NULL ORDER BY id"));
    q.addBindValue(incidentId);
    QList<IncidentHold> out;
    if (q.exec())
        while (q.next())
            out << IncidentHold{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                                fromMs(q.value(3))};
    return out;
}

Result<qint64> IncidentHoldStore::addHold(qint64 incidentId, const QString& reason, const QString& guidance,
                                          qint64 atMs)
{
    QSqlQuery q(db());
    q.prepare(
        QStringLiteral("INSERT INTO incident_holds (incident_id, reason, guidance, created_at) VALUES (?, ?, ?, ?)"));
    q.addBindValue(incidentId);
    q.addBindValue(reason);
    q.addBindValue(guidance);
    q.addBindValue(atMs);
    if (!q.exec())
        return sqlFailure(q);
    return q.lastInsertId().toLongLong();
}

Result<int> IncidentHoldStore::clearHolds(qint64 incidentId, const QString& reason, qint64 atMs)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral(
        "UPDATE incident_holds SET cleared_at = ? WHERE incident_id = ? AND reason = ? AND cleared_at IS NULL"));
    q.addBindValue(atMs);
    q.addBindValue(incidentId);
    q.addBindValue(reason);
    if (!q.exec())
        return sqlFailure(q);
    return q.numRowsAffected();
}

} // namespace watchpost
