#include "models/incidents/IncidentActions.h"

namespace watchpost {
namespace {
template <typename T> Result<Done> done(const Result<T>& r)
{
    if (!r)
        return r.error();
    return Done{};
}
} // namespace

Result<qint64> LocalIncidentActions::report(const IncidentReport& report, const QString& actor)
{
    auto r = m_service.report(report, actor);
    if (!r)
        return r.error();
    return r->id;
}

Result<Done> LocalIncidentActions::acknowledge(qint64 id, const QString& note, const QString& actor)
{
    return done(m_service.acknowledge(id, note, actor));
}

Result<Done> LocalIncidentActions::addTimelineEntry(qint64 id, TimelineKind kind, const QString& text,
                                                    const QString& actor, std::optional<qint64> correctsId)
{
    return done(m_service.addTimelineEntry(id, kind, text, actor, correctsId));
}

Result<Done> LocalIncidentActions::markContained(qint64 id, const QString& note, const QString& actor,
                                                 const QString& containmentAction)
{
    return done(m_service.markContained(id, note, actor, containmentAction));
}

Result<Done> LocalIncidentActions::addFollowUp(qint64 id, const FollowUp& followUp, const QString& actor)
{
    return done(m_service.addFollowUp(id, followUp, actor));
}

Result<Done> LocalIncidentActions::changeFollowUp(qint64 id, qint64 followUpId, const FollowUpChange& change,
                                                  const QString& actor)
{
    return done(m_service.changeFollowUp(id, followUpId, change, actor));
}

Result<Done> LocalIncidentActions::resolve(qint64 id, const Resolution& resolution, const QString& actor)
{
    return done(m_service.resolve(id, resolution, actor));
}

Result<Done> LocalIncidentActions::close(qint64 id, const Closure& closure, const QString& actor)
{
    return done(m_service.close(id, closure, actor));
}

} // namespace watchpost
