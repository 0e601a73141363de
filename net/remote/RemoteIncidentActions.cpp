#include "net/remote/RemoteIncidentActions.h"

#include "models/incidents/Vocabulary.h"
#include "net/incidents/IncidentJson.h"

namespace watchpost {
namespace {
const QString kIncidents = QStringLiteral("/api/v1/security/incidents");
} // namespace

Result<Done> RemoteIncidentActions::post(qint64 id, const char* action, const QJsonObject& body)
{
    auto r = m_link.call("POST", kIncidents + QStringLiteral("/%1/").arg(id) + QLatin1String(action), body);
    if (!r)
        return r.error();
    return Done{};
}

Result<qint64> RemoteIncidentActions::report(const IncidentReport& report, const QString&)
{
    auto r = m_link.call("POST", kIncidents, json::reportBody(report));
    if (!r)
        return r.error();
    return qint64(r->value(QStringLiteral("id")).toDouble());
}

Result<Done> RemoteIncidentActions::acknowledge(qint64 id, const QString& note, const QString&)
{
    return post(id, "acknowledge", {{QStringLiteral("note"), note}});
}

Result<Done> RemoteIncidentActions::addTimelineEntry(qint64 id, TimelineKind kind, const QString& text, const QString&,
                                                     std::optional<qint64> correctsId)
{
    QJsonObject body{{QStringLiteral("kind"), vocabulary::timelineKindName(kind)}, {QStringLiteral("text"), text}};
    if (correctsId)
        body.insert(QStringLiteral("corrects"), *correctsId);
    return post(id, "timeline", body);
}

Result<Done> RemoteIncidentActions::markContained(qint64 id, const QString& note, const QString&,
                                                  const QString& containmentAction)
{
    QJsonObject body{{QStringLiteral("note"), note}};
    if (!containmentAction.isEmpty())
        body.insert(QStringLiteral("containment_action"), containmentAction);
    return post(id, "contain", body);
}

Result<Done> RemoteIncidentActions::addFollowUp(qint64 id, const FollowUp& followUp, const QString&)
{
    return post(id, "follow-ups", json::followUpBody(followUp));
}

Result<Done> RemoteIncidentActions::changeFollowUp(qint64 id, qint64 followUpId, const FollowUpChange& change,
                                                   const QString&)
{
    auto r = m_link.call("PATCH", kIncidents + QStringLiteral("/%1/follow-ups/%2").arg(id).arg(followUpId),
                         json::followUpChangeBody(change));
    if (!r)
        return r.error();
    return Done{};
}

Result<Done> RemoteIncidentActions::resolve(qint64 id, const Resolution& resolution, const QString&)
{
    return post(id, "resolve", json::resolutionBody(resolution));
}

Result<Done> RemoteIncidentActions::close(qint64 id, const Closure& closure, const QString&)
{
    return post(id, "close", json::closureBody(closure));
}

} // namespace watchpost
