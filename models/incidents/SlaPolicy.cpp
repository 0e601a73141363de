#include "models/incidents/SlaPolicy.h"

namespace watchpost {
namespace {
constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;

QString duration(qint64 ms)
{
    ms = qAbs(ms);
    const qint64 days = ms / (24 * kHour);
    const qint64 hours = (ms % (24 * kHour)) / kHour;
    const qint64 minutes = (ms % kHour) / kMinute;
    const qint64 seconds = (ms % kMinute) / 1000;
    if (days > 0)
        return QStringLiteral("%1d %2h").arg(days).arg(hours);
    if (hours > 0)
        return QStringLiteral("%1h %2m").arg(hours).arg(minutes);
    if (minutes > 0)
        return QStringLiteral("%1m %2s").arg(minutes).arg(seconds);
    return QStringLiteral("%1s").arg(seconds);
}
} // namespace

qint64 SlaPolicy::acknowledgeWindowMs(Severity s)
{
    switch (s) {
    case Severity::Critical:
        return 5 * kMinute;
    case Severity::High:
        return 15 * kMinute;
    case Severity::Medium:
        return 1 * kHour;
    case Severity::Low:
        return 4 * kHour;
    }
    return 4 * kHour;
}

qint64 SlaPolicy::containmentWindowMs(Severity s)
{
    switch (s) {
    case Severity::Critical:
        return 30 * kMinute;
    case Severity::High:
        return 2 * kHour;
    case Severity::Medium:
        return 8 * kHour;
    case Severity::Low:
        return 24 * kHour;
    }
    return 24 * kHour;
}

SlaClock SlaPolicy::clock(const QDateTime& start, qint64 windowMs, const std::optional<QDateTime>& doneAt,
                          const QDateTime& now)
{
    SlaClock c;
    c.deadline = start.addMSecs(windowMs);
    if (doneAt) {
        c.state = *doneAt <= c.deadline ? SlaState::Met : SlaState::Breached;
        c.msLeft = doneAt->msecsTo(c.deadline);
        return c;
    }
    c.msLeft = now.msecsTo(c.deadline);
    const qint64 used = start.msecsTo(now);
    if (c.msLeft < 0)
        c.state = SlaState::Breached;
    else if (used * 100 >= windowMs * qint64(kAtRiskFraction * 100))
        c.state = SlaState::AtRisk;
    else
        c.state = SlaState::OnTrack;
    return c;
}

SlaClock SlaPolicy::acknowledgement(const IncidentSummary& i, const QDateTime& now)
{
    return clock(i.reportedAt, acknowledgeWindowMs(i.severity), i.acknowledgedAt, now);
}

SlaClock SlaPolicy::containment(const IncidentSummary& i, const QDateTime& now)
{
    return clock(i.reportedAt, containmentWindowMs(i.severity), i.containedAt, now);
}

QString SlaPolicy::stateName(SlaState s)
{
    switch (s) {
    case SlaState::OnTrack:
        return QStringLiteral("on_track");
    case SlaState::AtRisk:
        return QStringLiteral("at_risk");
    case SlaState::Met:
        return QStringLiteral("met");
    case SlaState::Breached:
        return QStringLiteral("breached");
    }
    return {};
}

QString SlaPolicy::stateLabel(SlaState s)
{
    switch (s) {
    case SlaState::OnTrack:
        return QStringLiteral("On track");
    case SlaState::AtRisk:
        return QStringLiteral("At risk");
    case SlaState::Met:
        return QStringLiteral("Met");
    case SlaState::Breached:
        return QStringLiteral("Breached");
    }
    return {};
}

QString SlaPolicy::describe(const SlaClock& c)
{
    switch (c.state) {
    case SlaState::Met:
        return QStringLiteral("Met");
    case SlaState::Breached:
        return c.msLeft < 0 ? QStringLiteral("Breached (%1 over)").arg(duration(c.msLeft)) : QStringLiteral("Breached");
    case SlaState::AtRisk:
        return QStringLiteral("At risk, %1 left").arg(duration(c.msLeft));
    case SlaState::OnTrack:
        return QStringLiteral("On track, %1 left").arg(duration(c.msLeft));
    }
    return {};
}

} // namespace watchpost
