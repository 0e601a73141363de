#pragma once
// MetricsService: MTTA (reported → acknowledged) and MTTR (reported → resolved) over a period, against the runbook's
// goals.

#include "models/incidents/IncidentStore.h"

namespace watchpost {

struct MetricRow
{
    std::optional<Severity> severity; // empty: all severities
    int incidents = 0;
    int acknowledged = 0;
    int resolved = 0;
    std::optional<qint64> mttaMs;
    std::optional<qint64> mttrMs;
    std::optional<qint64> mttaGoalMs;
    std::optional<qint64> mttrGoalMs;
    // Empty when there is no goal or nothing to measure yet.
    std::optional<bool> mttaMet;
    std::optional<bool> mttrMet;
    // Incidents that took longer than the goal (or are still waiting past it at the end of the period): the mean
    // hides them, the lead needs their names.
    struct Missed
    {
        qint64 id = 0;
        QString publicId;
        QString title;
        Severity severity = Severity::Medium;
        qint64 tookMs = 0; // so far, when still open
        bool stillOpen = false;
    };
    QList<Missed> mttaMissed = {};
    QList<Missed> mttrMissed = {};
};

// One week of the trend: incidents reported in [start, start + 7 days).
struct MetricsWeek
{
    QDateTime start;
    int incidents = 0;
    std::optional<qint64> mttaCriticalMs; // the MTTA goal is set for critical incidents
    std::optional<qint64> mttrMs;         // all severities, against the programme's 4 h
};

struct MetricsReport
{
    QDateTime from;
    QDateTime to;
    MetricRow overall;
    QList<MetricRow> bySeverity; // critical, high, medium, low
    QList<MetricsWeek> weeks;    // oldest first, the last one ending at `to`
};

class MetricsService
{
public:
    explicit MetricsService(const IncidentStore& incidents) : m_incidents(incidents) {}

    // The runbook's goals: MTTA ≤ 10 min for critical incidents, MTTR ≤ 4 h.
    static std::optional<qint64> mttaGoalMs(std::optional<Severity> severity);
    static std::optional<qint64> mttrGoalMs(std::optional<Severity> severity);

    Result<MetricsReport> compute(const QDateTime& from, const QDateTime& to) const;

private:
    const IncidentStore& m_incidents;
};

} // namespace watchpost
