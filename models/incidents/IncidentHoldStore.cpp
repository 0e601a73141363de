#include "models/incidents/IncidentHoldStore.h"

#include "models/incidents/IncidentRows.h"
#include "models/store/CheckedQuery.h"
#include "models/store/SqlValues.h"

#include <QSqlError>
#include <QSqlQuery>

namespace watchpost {
using namespace rows;
using namespace sql;

IncidentHoldStore::IncidentHoldStore(std::shared_ptr<Store> store) : m_store(std::move(store)) {}

Result<QList<IncidentHold>> IncidentHoldStore::activeHolds(qint64 incidentId) const
{
    CheckedQuery q(db(),
                   QStringLiteral("SELECT id, reason, guidance, created_at FROM incident_holds WHERE incident_id = ? "
                                  "AND cleared_at IS NULL ORDER BY id"),
                   QStringLiteral("read the holds on incident %1").arg(incidentId));
    q.add(incidentId);
    return q.all([](const QSqlQuery& r) {
        return IncidentHold{r.value(0).toLongLong(), r.value(1).toString(), r.value(2).toString(), fromMs(r.value(3))};
    });
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
