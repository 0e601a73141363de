#include "models/incidents/IncidentRows.h"

#include "models/incidents/Vocabulary.h"
#include "models/store/SqlValues.h"

#include <QSqlError>
#include <QSqlQuery>

namespace watchpost::rows {

using sql::optionalTime;

QDateTime fromMs(const QVariant& v)
{
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

QString nonNull(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

QVariant nullableText(const QString& s)
{
    return s.isNull() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s);
}

IncidentSummary summaryFrom(const QSqlQuery& q)
{
    IncidentSummary s;
    s.id = q.value(0).toLongLong();
    s.publicId = q.value(1).toString();
    s.title = q.value(2).toString();
    s.severity = vocabulary::severityFromName(q.value(3).toString()).value_or(Severity::Low);
    s.state = vocabulary::stateFromName(q.value(4).toString()).value_or(IncidentState::Reported);
    s.reportedAt = fromMs(q.value(5));
    s.acknowledgedAt = optionalTime(q.value(6));
    s.containedAt = optionalTime(q.value(7));
    s.acknowledgeDueAt = fromMs(q.value(8));
    s.containmentDueAt = fromMs(q.value(9));
    return s;
}

TimelineEntry timelineFrom(const QSqlQuery& q)
{
    TimelineEntry e;
    e.id = q.value(0).toLongLong();
    e.incidentId = q.value(1).toLongLong();
    e.kind = vocabulary::timelineKindFromName(q.value(2).toString()).value_or(TimelineKind::Note);
    e.actor = q.value(3).toString();
    e.at = fromMs(q.value(4));
    e.text = q.value(5).toString();
    if (!q.value(6).isNull())
        e.correctsId = q.value(6).toLongLong();
    return e;
}

FollowUp followUpFrom(const QSqlQuery& q)
{
    FollowUp f;
    f.id = q.value(0).toLongLong();
    f.incidentId = q.value(1).toLongLong();
    f.action = q.value(2).toString();
    f.owner = q.value(3).toString();
    f.dueAt = optionalTime(q.value(4));
    f.validationCriteria = q.value(5).toString();
    f.status = q.value(6).toString();
    f.createdAt = fromMs(q.value(7));
    return f;
}

Error sqlFailure(const QSqlQuery& q)
{
    return Error::storage(QStringLiteral("store write failed: %1").arg(q.lastError().text()));
}

} // namespace watchpost::rows
