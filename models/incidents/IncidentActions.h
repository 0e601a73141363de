#pragma once
// IncidentActions: the incident writes a console makes — on this machine's store through IncidentService
// (LocalIncidentActions), or, attached to a server, through its REST API (net/remote), whose result comes back
// through the change feed. Either way the rules are IncidentService's: a refusal carries its reasons per field.

#include "models/incidents/IncidentService.h"

namespace watchpost {

class IncidentActions
{
public:
    virtual ~IncidentActions() = default;
    // The new incident's id.
    virtual Result<qint64> report(const IncidentReport& report, const QString& actor) = 0;
    virtual Result<Done> acknowledge(qint64 id, const QString& note, const QString& actor) = 0;
    virtual Result<Done> addTimelineEntry(qint64 id, TimelineKind kind, const QString& text, const QString& actor,
                                          std::optional<qint64> correctsId = std::nullopt) = 0;
    virtual Result<Done> markContained(qint64 id, const QString& note, const QString& actor,
                                       const QString& containmentAction = {}) = 0;
    virtual Result<Done> addFollowUp(qint64 id, const FollowUp& followUp, const QString& actor) = 0;
    virtual Result<Done> changeFollowUp(qint64 id, qint64 followUpId, const FollowUpChange& change,
                                        const QString& actor) = 0;
    virtual Result<Done> resolve(qint64 id, const Resolution& resolution, const QString& actor) = 0;
    virtual Result<Done> close(qint64 id, const Closure& closure, const QString& actor) = 0;
};

// On this machine's store: IncidentService itself.
class LocalIncidentActions final : public IncidentActions
{
public:
    explicit LocalIncidentActions(IncidentService& service) : m_service(service) {}

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
    IncidentService& m_service;
};

} // namespace watchpost
