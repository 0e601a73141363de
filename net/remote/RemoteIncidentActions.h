#pragma once
// RemoteIncidentActions: an attached console's incident actions, sent to the server's incident API
// (/api/v1/security/incidents/…). The server records them under the key's name, whatever `actor` says.

#include "models/incidents/IncidentActions.h"
#include "net/remote/ServerLink.h"

namespace watchpost {

class RemoteIncidentActions final : public IncidentActions
{
public:
    explicit RemoteIncidentActions(ServerLink& link) : m_link(link) {}

    Result<qint64> report(const IncidentReport& report, const QString& actor) override;
    Result<Done> acknowledge(qint64 id, const QString& note, const QString& actor) override;
    Result<Done> addTimelineEntry(qint64 id, TimelineKind kind, const QString& text, const QString& actor,
                                  std::optional<qint64> correctsId = std::nullopt) override;
    Result<Done> markContained(qint64 id, const QString& note, const QString& actor,
                               const QString& containmentAction = {}) override;
    Result<Done> addFollowUp(qint64 id, const FollowUp& followUp, const QString& actor) override;
    Result<Done> changeFollowUp(qint64 id, qint64 followUpId, const FollowUpChange& change,
                                const QString& actor) override;
    Result<Done> resolve(qint64 id, const Resolution& resolution, const QString& actor) override;
    Result<Done> close(qint64 id, const Closure& closure, const QString& actor) override;

private:
    Result<Done> post(qint64 id, const char* action, const QJsonObject& body);

    ServerLink& m_link;
};

} // namespace watchpost
