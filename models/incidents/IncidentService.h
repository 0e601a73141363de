#pragma once
// IncidentService: the one place the incident lifecycle rules live. The console and the REST API both call it.

#include "models/core/ChangeNotifier.h"
#include "models/core/Clock.h"
#include "models/incidents/FollowUpStore.h"
#include "models/incidents/IncidentHoldStore.h"
#include "models/incidents/IncidentStore.h"
#include "models/incidents/TimelineStore.h"

#include <memory>

namespace watchpost {

// Limits on free text, so one request cannot fill the store.
struct TextLimits
{
    static constexpr int kTitle = 200;
    static constexpr int kShort = 200;  // names, identifiers, IOC values
    static constexpr int kText = 20000; // summaries, notes, narratives
    static constexpr int kUrl = 2000;
    static constexpr int kListItems = 500; // assets, IOCs, runbook updates per request
};

struct FollowUpChange
{
    std::optional<QString> owner;
    std::optional<std::optional<QDateTime>> dueAt;
    std::optional<QString> validationCriteria;
    std::optional<QString> status;
};

class IncidentService
{
public:
    IncidentService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                    ChangeNotifier* notifier = nullptr);

    const IncidentStore& incidents() const { return m_incidents; }
    const TimelineStore& timeline() const { return m_timeline; }
    const Clock& clock() const { return *m_clock; }

    // Accepts a numeric id or a public id (INC-2026-0001).
    Result<qint64> findId(const QString& idOrPublicId) const;
    Result<Incident> get(qint64 id) const;

    Result<Incident> report(const IncidentReport& report, const QString& actor);
    Result<Incident> acknowledge(qint64 id, const QString& note, const QString& actor);
    Result<TimelineEntry> addTimelineEntry(qint64 id, TimelineKind kind, const QString& text, const QString& actor,
                                           std::optional<qint64> correctsId = std::nullopt);
    // Needs a containment action in the timeline, or `containmentAction` to record one in the same transaction.
    Result<Incident> markContained(qint64 id, const QString& note, const QString& actor,
                                   const QString& containmentAction = {});
    Result<FollowUp> addFollowUp(qint64 id, const FollowUp& followUp, const QString& actor);
    Result<FollowUp> changeFollowUp(qint64 id, qint64 followUpId, const FollowUpChange& change, const QString& actor);
    Result<Incident> resolve(qint64 id, const Resolution& resolution, const QString& actor);
    Result<Incident> close(qint64 id, const Closure& closure, const QString& actor);

    // Kinds a person may add directly to the timeline.
    static bool isManualTimelineKind(TimelineKind kind);

private:
    Result<Incident> loadForWrite(qint64 id) const;
    // Inside `tx`: the incident to change, or why not (the store is busy, there is no such incident).
    Result<Incident> openForWrite(class WriteTransaction& tx, qint64 id) const;
    // Inside `tx`: the incident, refused with "only <onlyWhat>" unless it is in state `from`.
    Result<Incident> loadInState(class WriteTransaction& tx, qint64 id, IncidentState from,
                                 const QString& onlyWhat) const;
    Result<Incident> commitAndReload(class WriteTransaction& tx, qint64 id);
    void notify(qint64 id) const;

    std::shared_ptr<Store> m_store;
    IncidentStore m_incidents;
    TimelineStore m_timeline;
    FollowUpStore m_followUps;
    IncidentHoldStore m_holds;
    std::shared_ptr<const Clock> m_clock;
    ChangeNotifier* m_notifier;
};

} // namespace watchpost
