#include "net/incidents/IncidentJson.h"

#include "models/incidents/SlaPolicy.h"
#include "models/incidents/Vocabulary.h"

#include <QJsonArray>

namespace watchpost::json {
namespace {
QJsonValue optionalTime(const std::optional<QDateTime>& t)
{
    return t ? QJsonValue(time(*t)) : QJsonValue();
}
QJsonValue optionalMs(const std::optional<qint64>& v)
{
    return v ? QJsonValue(double(*v) / 1000.0) : QJsonValue();
}
QJsonValue optionalBool(const std::optional<bool>& v)
{
    return v ? QJsonValue(*v) : QJsonValue();
}

QJsonObject clock(const SlaClock& c)
{
    return {{QStringLiteral("due_at"), time(c.deadline)},
            {QStringLiteral("state"), SlaPolicy::stateName(c.state)},
            {QStringLiteral("seconds_left"), double(c.msLeft / 1000)}};
}

QJsonObject metricRow(const MetricRow& m)
{
    return {{QStringLiteral("severity"),
             m.severity ? QJsonValue(vocabulary::severityName(*m.severity)) : QJsonValue(QStringLiteral("all"))},
            {QStringLiteral("incidents"), m.incidents},
            {QStringLiteral("acknowledged"), m.acknowledged},
            {QStringLiteral("resolved"), m.resolved},
            {QStringLiteral("mtta_seconds"), optionalMs(m.mttaMs)},
            {QStringLiteral("mttr_seconds"), optionalMs(m.mttrMs)},
            {QStringLiteral("mtta_goal_seconds"), optionalMs(m.mttaGoalMs)},
            {QStringLiteral("mttr_goal_seconds"), optionalMs(m.mttrGoalMs)},
            {QStringLiteral("mtta_goal_met"), optionalBool(m.mttaMet)},
            {QStringLiteral("mttr_goal_met"), optionalBool(m.mttrMet)},
            {QStringLiteral("mtta_goal_missed"), int(m.mttaMissed.size())},
            {QStringLiteral("mttr_goal_missed"), int(m.mttrMissed.size())}};
}
} // namespace

QString time(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject summary(const IncidentSummary& s, const QDateTime& now)
{
    const SlaClock ack = SlaPolicy::acknowledgement(s, now);
    const SlaClock contain = SlaPolicy::containment(s, now);
    return {{QStringLiteral("id"), double(s.id)},
            {QStringLiteral("public_id"), s.publicId},
            {QStringLiteral("title"), s.title},
            {QStringLiteral("severity"), vocabulary::severityName(s.severity)},
            {QStringLiteral("state"), vocabulary::stateName(s.state)},
            {QStringLiteral("reported_at"), time(s.reportedAt)},
            {QStringLiteral("acknowledged_at"), optionalTime(s.acknowledgedAt)},
            {QStringLiteral("contained_at"), optionalTime(s.containedAt)},
            {QStringLiteral("acknowledge_due_at"), time(s.acknowledgeDueAt)},
            {QStringLiteral("containment_due_at"), time(s.containmentDueAt)},
            {QStringLiteral("sla"), QJsonObject{{QStringLiteral("acknowledge"), clock(ack)},
                                                {QStringLiteral("containment"), clock(contain)}}}};
}

QJsonObject incident(const Incident& i, const QDateTime& now)
{
    QJsonObject o = summary(summaryOf(i), now);
    o.insert(QStringLiteral("summary"), i.summary);
    o.insert(QStringLiteral("source"),
             QJsonObject{
                 {QStringLiteral("kind"), i.source.kind},
                 {QStringLiteral("signal"), i.source.signal.isEmpty() ? QJsonValue() : QJsonValue(i.source.signal)}});
    o.insert(QStringLiteral("reporter"), i.reporter);
    QJsonArray assets;
    for (const Asset& a : i.assets)
        assets.append(QJsonObject{{QStringLiteral("kind"), a.kind}, {QStringLiteral("identifier"), a.identifier}});
    o.insert(QStringLiteral("assets"), assets);
    QJsonArray iocs;
    for (const Ioc& x : i.iocs)
        iocs.append(QJsonObject{{QStringLiteral("type"), x.type}, {QStringLiteral("value"), x.value}});
    o.insert(QStringLiteral("iocs"), iocs);
    o.insert(QStringLiteral("resolved_at"), optionalTime(i.resolvedAt));
    o.insert(QStringLiteral("closed_at"), optionalTime(i.closedAt));
    if (i.resolvedAt) {
        o.insert(QStringLiteral("root_cause"), i.resolution.rootCause);
        o.insert(QStringLiteral("impact_summary"), i.resolution.impactSummary);
        o.insert(QStringLiteral("mitigation_steps"), i.resolution.mitigationSteps);
    }
    if (i.closedAt) {
        o.insert(QStringLiteral("approval_note"), i.closure.approvalNote);
        o.insert(QStringLiteral("approver"), i.closure.approver);
        o.insert(QStringLiteral("postmortem_url"), i.closure.postmortemUrl);
        o.insert(QStringLiteral("root_cause_narrative"),
                 QJsonObject{{QStringLiteral("people"), i.closure.narrativePeople},
                             {QStringLiteral("process"), i.closure.narrativeProcess},
                             {QStringLiteral("technology"), i.closure.narrativeTechnology}});
    }
    QJsonArray followUps;
    for (const FollowUp& f : i.followUps)
        followUps.append(followUp(f));
    o.insert(QStringLiteral("follow_up_actions"), followUps);
    QJsonArray updates;
    for (const RunbookUpdate& u : i.runbookUpdates)
        updates.append(QJsonObject{{QStringLiteral("text"), u.text},
                                   {QStringLiteral("actor"), u.actor},
                                   {QStringLiteral("created_at"), time(u.createdAt)}});
    o.insert(QStringLiteral("runbook_updates"), updates);
    return o;
}

QJsonObject timelineEntry(const TimelineEntry& e)
{
    return {{QStringLiteral("id"), double(e.id)},
            {QStringLiteral("kind"), vocabulary::timelineKindName(e.kind)},
            {QStringLiteral("actor"), e.actor},
            {QStringLiteral("at"), time(e.at)},
            {QStringLiteral("text"), e.text},
            {QStringLiteral("corrects"), e.correctsId ? QJsonValue(double(*e.correctsId)) : QJsonValue()}};
}

QJsonObject followUp(const FollowUp& f)
{
    return {{QStringLiteral("id"), double(f.id)},
            {QStringLiteral("action"), f.action},
            {QStringLiteral("owner"), f.owner},
            {QStringLiteral("due_at"), optionalTime(f.dueAt)},
            {QStringLiteral("validation_criteria"), f.validationCriteria},
            {QStringLiteral("status"), f.status},
            {QStringLiteral("created_at"), time(f.createdAt)}};
}

QJsonObject metrics(const MetricsReport& r)
{
    QJsonArray rows;
    for (const MetricRow& m : r.bySeverity)
        rows.append(metricRow(m));
    return {{QStringLiteral("from"), time(r.from)},
            {QStringLiteral("to"), time(r.to)},
            {QStringLiteral("overall"), metricRow(r.overall)},
            {QStringLiteral("by_severity"), rows}};
}

QJsonObject reportBody(const IncidentReport& r)
{
    QJsonArray assets, iocs;
    for (const Asset& a : r.assets)
        assets.append(QJsonObject{{QStringLiteral("kind"), a.kind}, {QStringLiteral("identifier"), a.identifier}});
    for (const Ioc& i : r.iocs)
        iocs.append(QJsonObject{{QStringLiteral("type"), i.type}, {QStringLiteral("value"), i.value}});
    QJsonObject source{{QStringLiteral("kind"), r.source.kind}};
    if (!r.source.signal.isEmpty())
        source.insert(QStringLiteral("signal"), r.source.signal);
    QJsonObject o{{QStringLiteral("title"), r.title},     {QStringLiteral("severity"), r.severity},
                  {QStringLiteral("summary"), r.summary}, {QStringLiteral("source"), source},
                  {QStringLiteral("assets"), assets},     {QStringLiteral("iocs"), iocs}};
    if (!r.reporter.isEmpty())
        o.insert(QStringLiteral("reporter"), r.reporter);
    return o;
}

QJsonObject followUpBody(const FollowUp& f)
{
    QJsonObject o{{QStringLiteral("action"), f.action},
                  {QStringLiteral("owner"), f.owner},
                  {QStringLiteral("validation_criteria"), f.validationCriteria}};
    if (f.dueAt)
        o.insert(QStringLiteral("due_at"), time(*f.dueAt));
    if (!f.status.isEmpty())
        o.insert(QStringLiteral("status"), f.status);
    return o;
}

QJsonObject followUpChangeBody(const FollowUpChange& c)
{
    QJsonObject o;
    if (c.owner)
        o.insert(QStringLiteral("owner"), *c.owner);
    if (c.dueAt)
        o.insert(QStringLiteral("due_at"), *c.dueAt ? QJsonValue(time(**c.dueAt)) : QJsonValue(QJsonValue::Null));
    if (c.validationCriteria)
        o.insert(QStringLiteral("validation_criteria"), *c.validationCriteria);
    if (c.status)
        o.insert(QStringLiteral("status"), *c.status);
    return o;
}

QJsonObject resolutionBody(const Resolution& r)
{
    return {{QStringLiteral("root_cause"), r.rootCause},
            {QStringLiteral("impact_summary"), r.impactSummary},
            {QStringLiteral("mitigation_steps"), r.mitigationSteps}};
}

QJsonObject closureBody(const Closure& c)
{
    return {
        {QStringLiteral("approval_note"), c.approvalNote},
        {QStringLiteral("approver"), c.approver},
        {QStringLiteral("postmortem_url"), c.postmortemUrl},
        {QStringLiteral("root_cause_narrative"), QJsonObject{{QStringLiteral("people"), c.narrativePeople},
                                                             {QStringLiteral("process"), c.narrativeProcess},
                                                             {QStringLiteral("technology"), c.narrativeTechnology}}},
        {QStringLiteral("runbook_updates"), QJsonArray::fromStringList(c.runbookUpdates)}};
}

} // namespace watchpost::json
