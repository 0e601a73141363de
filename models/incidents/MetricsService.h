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
};

struct MetricsReport
{
    QDateTime from;
    QDateTime to;
    MetricRow overall;
    QList<MetricRow> bySeverity; // critical, high, medium, low
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
