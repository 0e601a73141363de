#pragma once
// SlaPolicy: the runbook's severity matrix (time to acknowledge, time to contain) and the clock states derived from it.

#include "models/incidents/Incident.h"

#include <QDateTime>

namespace watchpost {

enum class SlaState
{
    OnTrack,
    AtRisk,
    Met,
    Breached
};

struct SlaClock
{
    QDateTime deadline;
    SlaState state = SlaState::OnTrack;
    qint64 msLeft = 0; // negative once past the deadline; meaningless once met
};

class SlaPolicy
{
public:
    // The severity matrix, in one place.
    static qint64 acknowledgeWindowMs(Severity s);
    static qint64 containmentWindowMs(Severity s);
    // Fraction of a window after which an open clock is "at risk".
    static constexpr double kAtRiskFraction = 0.75;

    static SlaClock clock(const QDateTime& start, qint64 windowMs, const std::optional<QDateTime>& doneAt,
                          const QDateTime& now);
    static SlaClock acknowledgement(const IncidentSummary& i, const QDateTime& now);
    static SlaClock containment(const IncidentSummary& i, const QDateTime& now);

    static QString stateName(SlaState s);
    static QString stateLabel(SlaState s);
    // "12m left", "3h 5m overdue", for tables and headers.
    static QString describe(const SlaClock& c);
};

} // namespace watchpost
