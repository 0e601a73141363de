#pragma once
// IncidentStore: every SQL statement about incidents and their children. Rules live in IncidentService.

#include "models/core/Result.h"
#include "models/incidents/Incident.h"
#include "models/store/Store.h"

#include <QSqlDatabase>
#include <memory>

namespace watchpost {

struct IncidentFilter
{
    enum class SortKey
    {
        Newest,   // by id, i.e. order of report
        Severity, // critical first
        State,
        Title,
        Age,      // reported_at
        Deadline, // the next open SLA deadline
    };
    std::optional<IncidentState> state;
    std::optional<Severity> severity;
    QString text; // matched against public id, title and summary
    SortKey sort = SortKey::Newest;
    bool descending = true;
};

struct IncidentCounts
{
    QMap<IncidentState, int> byState;
    int total = 0;
};

class IncidentStore
{
public:
    explicit IncidentStore(std::shared_ptr<Store> store);

    QSqlDatabase db() const { return m_store->connection(); }
    const std::shared_ptr<Store>& store() const { return m_store; }

    std::optional<qint64> idForPublicId(const QString& publicId) const;
    std::optional<Incident> load(qint64 id, bool withChildren = true) const;

    // For tables: one window of rows in the filter's order.
    QList<IncidentSummary> summaries(const IncidentFilter& filter, int offset, int limit) const;
    int count(const IncidentFilter& filter) const;
    // For the API: newest first, keyset-paged by id.
    QList<IncidentSummary> summariesBefore(const IncidentFilter& filter, std::optional<qint64> beforeId,
                                           int limit) const;
    IncidentCounts countsByState() const;
    // Open incidents (not resolved or closed), for SLA overviews.
    QList<IncidentSummary> openSummaries() const;

    QList<TimelineEntry> timeline(qint64 incidentId, std::optional<qint64> afterId, int limit) const;
    int timelineCount(qint64 incidentId) const;
    int timelineCount(qint64 incidentId, TimelineKind kind) const;
    std::optional<TimelineEntry> timelineEntry(qint64 entryId) const;
    QList<FollowUp> followUps(qint64 incidentId) const;
    std::optional<FollowUp> followUp(qint64 followUpId) const;

    // Rows for metrics: reported in [from, to).
    struct TimingRow
    {
        Severity severity;
        qint64 reportedAt;
        std::optional<qint64> acknowledgedAt;
        std::optional<qint64> resolvedAt;
    };
    QList<TimingRow> timings(qint64 fromMs, qint64 toMs) const;

    // Writes: the caller holds a WriteTransaction on db().
    Result<qint64> insertIncident(const Incident& incident, int year);
    Result<qint64> appendTimeline(const TimelineEntry& entry);
    // Moves to `state` and stamps the time column that belongs to it.
    Result<Done> setState(qint64 id, IncidentState state, qint64 atMs);
    Result<Done> setResolution(qint64 id, const Resolution& r, qint64 atMs);
    Result<Done> setClosure(qint64 id, const Closure& c, qint64 atMs);
    Result<qint64> insertFollowUp(const FollowUp& f);
    Result<Done> updateFollowUp(const FollowUp& f);
    Result<qint64> insertRunbookUpdate(qint64 incidentId, const QString& text, const QString& actor, qint64 atMs);
    int nextSequence(int year) const;

    // Holds keep an incident from being resolved while a control it depends on is degraded.
    struct Hold
    {
        qint64 id = 0;
        QString reason;
        QString guidance;
        QDateTime createdAt;
    };
    QList<Hold> activeHolds(qint64 incidentId) const;
    Result<qint64> addHold(qint64 incidentId, const QString& reason, const QString& guidance, qint64 atMs);
    Result<int> clearHolds(qint64 incidentId, const QString& reason, qint64 atMs);

private:
    std::shared_ptr<Store> m_store;
};

} // namespace watchpost
