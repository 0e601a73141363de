#include "models/incidents/TimelineStore.h"

#include "models/incidents/IncidentRows.h"
#include "models/incidents/Vocabulary.h"
#include "models/store/SqlValues.h"

#include <QSqlError>
#include <QSqlQuery>

namespace watchpost {
using namespace rows;
using namespace sql;

TimelineStore::TimelineStore(std::shared_ptr<Store> store) : m_store(std::move(store)) {}

QList<TimelineEntry> TimelineStore::timeline(qint64 incidentId, std::optional<qint64> afterId, int limit) const
{
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, incident_id, kind, actor, at, text, corrects_id FROM timeline_entries "
                             "WHERE incident_id = ? AND id > ? ORDER BY id LIMIT ?"));
    q.addBindValue(incidentId);
    q.addBindValue(afterId.value_or(0));
    q.addBindValue(limit);
    QList<TimelineEntry> out;
    if (q.exec())
        while (q.next())
            out << timelineFrom(q);
    return out;
}

int TimelineStore::timelineCount(qint64 incidentId) const
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM timeline_entries WHERE incident_id = ?"));
    q.addBindValue(incidentId);
    return q.exec() && q.next() ? q.value(0).toInt() : 0;
}

int TimelineStore::timelineCount(qint64 incidentId, TimelineKind kind) const
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM timeline_entries WHERE incident_id = ? AND kind = ?"));
    q.addBindValue(incidentId);
    q.addBindValue(vocabulary::timelineKindName(kind));
    return q.exec() && q.next() ? q.value(0).toInt() : 0;
}

std::optional<TimelineEntry> TimelineStore::timelineEntry(qint64 entryId) const
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral(
        "SELECT id, incident_id, kind, actor, at, text, corrects_id FROM timeline_entries WHERE id = ?"));
    q.addBindValue(entryId);
    if (q.exec() && q.next())
        return timelineFrom(q);
    return std::nullopt;
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
