#include "models/incidents/MetricsService.h"

namespace watchpost {
namespace {
constexpr qint64 kMinute = 60 * 1000;

struct Accumulator
{
    int incidents = 0;
    int acknowledged = 0;
    int resolved = 0;
    qint64 ackSum = 0;
    qint64 resolveSum = 0;

    void add(const IncidentStore::TimingRow& r)
    {
        ++incidents;
        if (r.acknowledgedAt) {
            ++acknowledged;
            ackSum += *r.acknowledgedAt - r.reportedAt;
        }
        if (r.resolvedAt) {
            ++resolved;
            resolveSum += *r.resolvedAt - r.reportedAt;
        }
    }

    MetricRow row(std::optional<Severity> severity) const
    {
        MetricRow m;
        m.severity = severity;
        m.incidents = incidents;
        m.acknowledged = acknowledged;
        m.resolved = resolved;
        if (acknowledged)
            m.mttaMs = ackSum / acknowledged;
        if (resolved)
            m.mttrMs = resolveSum / resolved;
        m.mttaGoalMs = MetricsService::mttaGoalMs(severity);
        m.mttrGoalMs = MetricsService::mttrGoalMs(severity);
        if (m.mttaGoalMs && m.mttaMs)
            m.mttaMet = *m.mttaMs <= *m.mttaGoalMs;
        if (m.mttrGoalMs && m.mttrMs)
            m.mttrMet = *m.mttrMs <= *m.mttrGoalMs;
        return m;
    }
};
} // namespace

std::optional<qint64> MetricsService::mttaGoalMs(std::optional<Severity> severity)
{
    if (severity == Severity::Critical)
        return 10 * kMinute;
    return std::nullopt;
}

std::optional<qint64> MetricsService::mttrGoalMs(std::optional<Severity> severity)
{
    // The runbook sets MTTR ≤ 4 h for the whole programme and for critical incidents.
    if (!severity || *severity == Severity::Critical)
        return 240 * kMinute;
    return std::nullopt;
}

Result<MetricsReport> MetricsService::compute(const QDateTime& from, const QDateTime& to) const
{
    const auto timings = m_incidents.timings(from.toMSecsSinceEpoch(), to.toMSecsSinceEpoch());
    if (!timings)
        return timings.error();
    Accumulator all;
    Accumulator per[4];
    for (const auto& r : *timings) {
        all.add(r);
        per[int(r.severity)].add(r);
    }
    MetricsReport report{from, to, all.row(std::nullopt), {}};
    for (int s = 0; s < 4; ++s)
        report.bySeverity << per[s].row(Severity(s));
    return report;
}

} // namespace watchpost
