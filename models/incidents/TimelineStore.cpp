#include "models/incidents/TimelineStore.h"

#include "models/incidents/IncidentRows.h"
#include "models/incidents/Vocabulary.h"
#include "models/store/CheckedQuery.h"
#include "models/store/SqlValues.h"

#include <QSqlError>
#include <QSqlQuery>

namespace watchpost {
using namespace rows;
using namespace sql;

TimelineStore::TimelineStore(std::shared_ptr<Store> store) : m_store(std::move(store)) {}

Result<QList<TimelineEntry>> TimelineStore::timeline(qint64 incidentId, std::optional<qint64> afterId, int limit) const
{
    CheckedQuery q(db(),
                   QStringLiteral("SELECT id, incident_id, kind, actor, at, text, corrects_id FROM timeline_entries "
                                  "WHERE incident_id = ? AND id > ? ORDER BY id LIMIT ?"),
                   QStringLiteral("read the timeline of incident %1").arg(incidentId));
    q.add(incidentId).add(afterId.value_or(0)).add(limit);
    return q.all(timelineFrom);
}

Result<int> TimelineStore::timelineCount(qint64 incidentId) const
{
    CheckedQuery q(db(), QStringLiteral("SELECT COUNT(*) FROM timeline_entries WHERE incident_id = ?"),
                   QStringLiteral("count the timeline of incident %1").arg(incidentId));
    q.add(incidentId);
    auto n = q.integer();
    if (!n)
        return n.error();
    return int(*n);
}

Result<int> TimelineStore::timelineCount(qint64 incidentId, TimelineKind kind) const
{
    CheckedQuery q(db(), QStringLiteral("SELECT COUNT(*) FROM timeline_entries WHERE incident_id = ? AND kind = ?"),
                   QStringLiteral("count the timeline of incident %1").arg(incidentId));
    q.add(incidentId).add(vocabulary::timelineKindName(kind));
    auto n = q.integer();
    if (!n)
        return n.error();
    return int(*n);
}

Result<std::optional<TimelineEntry>> TimelineStore::timelineEntry(qint64 entryId) const
{
    CheckedQuery q(
        db(),
        QStringLiteral("SELECT id, incident_id, kind, actor, at, text, corrects_id FROM timeline_entries WHERE id = ?"),
        QStringLiteral("read timeline entry %1").arg(entryId));
    q.add(entryId);
    return q.first(timelineFrom);
}

Result<qint64> TimelineStore::appendTimeline(const TimelineEntry& e)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral(
        "INSERT INTO timeline_entries (incident_id, kind, actor, at, text, corrects_id) VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(e.incidentId);
    q.addBindValue(vocabulary::timelineKindName(e.kind));
    q.addBindValue(e.actor);
    q.addBindValue(e.at.toMSecsSinceEpoch());
    q.addBindValue(e.text);
    q.addBindValue(e.correctsId ? QVariant(*e.correctsId) : QVariant(QMetaType(QMetaType::LongLong)));
    if (!q.exec())
        return sqlFailure(q);
    return q.lastInsertId().toLongLong();
}

} // namespace watchpost
