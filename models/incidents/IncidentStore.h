#pragma once
// IncidentStore: the SQL of incidents themselves — reading, filtering, paging, counting, and their state and
// resolution columns. Timeline, follow-ups and holds have stores of their own; rules live in IncidentService.

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
    QString text;          // matched against public id, title and summary
    bool openOnly = false; // reported, acknowledged or contained
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

    Result<std::optional<qint64>> idForPublicId(const QString& publicId) const;
    Result<std::optional<Incident>> load(qint64 id, bool withChildren = true) const;

    // For tables: one window of rows in the filter's order.
    Result<QList<IncidentSummary>> summaries(const IncidentFilter& filter, int offset, int limit) const;
    // The statement summaries() runs (placeholders :state, :severity, :text, :open, :limit, :offset), for its plan.
    static QString summariesSql(const IncidentFilter& filter);
    Result<int> count(const IncidentFilter& filter) const;
    // For the API: newest first, keyset-paged by id.
    Result<QList<IncidentSummary>> summariesBefore(const IncidentFilter& filter, std::optional<qint64> beforeId,
                                                   int limit) const;
    Result<IncidentCounts> countsByState() const;
    // Open incidents (not resolved or closed), for SLA overviews.
    Result<QList<IncidentSummary>> openSummaries() const;

    // Rows for metrics: reported in [from, to).
    struct TimingRow
    {
        Severity severity;
        qint64 reportedAt;
        std::optional<qint64> acknowledgedAt;
        std::optional<qint64> resolvedAt;
        qint64 id = 0;
        QString publicId;
        QString title;
    };
    Result<QList<TimingRow>> timings(qint64 fromMs, qint64 toMs) const;

    // Writes: the caller holds a WriteTransaction on db().
    Result<qint64> insertIncident(const Incident& incident, int year);
    // Moves to `state` and stamps the time column that belongs to it.
    Result<Done> setState(qint64 id, IncidentState state, qint64 atMs);
    Result<Done> setResolution(qint64 id, const Resolution& r, qint64 atMs);
    Result<Done> setClosure(qint64 id, const Closure& c, qint64 atMs);
    Result<qint64> insertRunbookUpdate(qint64 incidentId, const QString& text, const QString& actor, qint64 atMs);
    Result<int> nextSequence(int year) const;

private:
    std::shared_ptr<Store> m_store;
};

} // namespace watchpost
