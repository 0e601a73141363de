#include "models/incidents/MetricsService.h"

#include <algorithm>

namespace watchpost {
namespace {
constexpr qint64 kMinute = 60 * 1000;

struct Accumulator
{
    std::optional<Severity> severity;
    qint64 endMs = 0;
    int incidents = 0;
    int acknowledged = 0;
    int resolved = 0;
    qint64 ackSum = 0;
    qint64 resolveSum = 0;
    QList<MetricRow::Missed> mttaMissed = {};
    QList<MetricRow::Missed> mttrMissed = {};

    void add(const IncidentStore::TimingRow& r)
    {
        ++incidents;
        const auto ackGoal = MetricsService::mttaGoalMs(severity);
        const auto resolveGoal = MetricsService::mttrGoalMs(severity);
        if (r.acknowledgedAt) {
            ++acknowledged;
            ackSum += *r.acknowledgedAt - r.reportedAt;
        }
        if (r.resolvedAt) {
            ++resolved;
            resolveSum += *r.resolvedAt - r.reportedAt;
        }
        const qint64 toAck = r.acknowledgedAt.value_or(endMs) - r.reportedAt;
        const qint64 toResolve = r.resolvedAt.value_or(endMs) - r.reportedAt;
        if (ackGoal && toAck > *ackGoal)
            mttaMissed.append({r.id, r.publicId, r.title, r.severity, toAck, !r.acknowledgedAt});
        if (resolveGoal && toResolve > *resolveGoal)
            mttrMissed.append({r.id, r.publicId, r.title, r.severity, toResolve, !r.resolvedAt});
    }

    MetricRow row() const
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
        m.mttaMissed = mttaMissed;
        m.mttrMissed = mttrMissed;
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
    const qint64 end = to.toMSecsSinceEpoch();
    Accumulator all{std::nullopt, end};
    Accumulator per[4];
    for (int s = 0; s < 4; ++s)
        per[s] = Accumulator{Severity(s), end};
    // Weeks end at `to`: the last bucket is the last seven days.
    constexpr qint64 kWeek = 7 * 24 * 60 * kMinute;
    const int weekCount = int(std::max<qint64>(1, (end - from.toMSecsSinceEpoch() + kWeek - 1) / kWeek));
    QList<Accumulator> weekAll(weekCount, Accumulator{std::nullopt, end});
    QList<Accumulator> weekCritical(weekCount, Accumulator{Severity::Critical, end});
    for (const auto& r : *timings) {
        all.add(r);
        per[int(r.severity)].add(r);
        const int fromEnd = int((end - 1 - r.reportedAt) / kWeek);
        const int week = weekCount - 1 - std::clamp(fromEnd, 0, weekCount - 1);
        weekAll[week].add(r);
        if (r.severity == Severity::Critical)
            weekCritical[week].add(r);
    }
    MetricsReport report{from, to, all.row(), {}, {}};
    for (int s = 0; s < 4; ++s)
        report.bySeverity << per[s].row();
    for (int w = 0; w < weekCount; ++w) {
        const MetricRow a = weekAll.at(w).row();
        const MetricRow c = weekCritical.at(w).row();
        report.weeks.append({QDateTime::fromMSecsSinceEpoch(end - qint64(weekCount - w) * kWeek, Qt::UTC), a.incidents,
                             c.mttaMs, a.mttrMs});
    }
    return report;
}

} // namespace watchpost
