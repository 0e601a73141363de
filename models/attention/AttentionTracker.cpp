#include "models/attention/AttentionTracker.h"

#include "models/incidents/Vocabulary.h"

namespace watchpost {
namespace {
int urgency(SlaState s)
{
    switch (s) {
    case SlaState::Breached:
        return 3;
    case SlaState::AtRisk:
        return 2;
    case SlaState::OnTrack:
        return 1;
    case SlaState::Met:
        return 0;
    }
    return 0;
}
} // namespace

bool AttentionEvent::critical() const
{
    return severity == Severity::Critical || kind == Kind::Breached || kind == Kind::Spoofing;
}

QString AttentionEvent::route() const
{
    return QStringLiteral("/incidents/%1").arg(publicId);
}

QString AttentionEvent::summary() const
{
    const QString sev = vocabulary::severityLabel(severity);
    const QString clock = containment ? QStringLiteral("containment") : QStringLiteral("acknowledgement");
    switch (kind) {
    case Kind::NewIncident:
        return QStringLiteral("New %1 incident %2").arg(sev.toLower(), publicId);
    case Kind::AtRisk:
        return QStringLiteral("%1: %2 clock at risk").arg(publicId, clock);
    case Kind::Breached:
        return QStringLiteral("%1: %2 clock breached").arg(publicId, clock);
    case Kind::Spoofing:
        return QStringLiteral("Webhook spoofing detected (%1)").arg(publicId);
    }
    return publicId;
}

QString AttentionEvent::body() const
{
    if (kind == Kind::Spoofing)
        return QStringLiteral("Repeated unverifiable deliveries from %1; the source is blocked. %2").arg(detail, title);
    return QStringLiteral("%1 — %2").arg(vocabulary::severityLabel(severity), title);
}

QList<AttentionEvent> AttentionTracker::update(const PostureSnapshot& snapshot)
{
    if (!snapshot.readError.isEmpty())
        return {}; // nothing is known that was not known before
    QList<AttentionEvent> events;
    QHash<qint64, Seen> now;
    for (const PostureSnapshot::Attention& a : snapshot.open) {
        const IncidentSummary& i = a.incident;
        now.insert(i.id, {a.clock.state, a.containment});
        if (!m_baseline)
            continue;
        AttentionEvent e{AttentionEvent::Kind::NewIncident, i.id, i.publicId, i.title, i.severity, a.containment, {}};
        const auto before = m_seen.constFind(i.id);
        if (before == m_seen.constEnd()) {
            const bool urgent = i.severity == Severity::Critical || i.severity == Severity::High;
            if (urgent && !m_announced.contains(i.id))
                events << e;
            else if (a.clock.state == SlaState::Breached || a.clock.state == SlaState::AtRisk) {
                e.kind =
                    a.clock.state == SlaState::Breached ? AttentionEvent::Kind::Breached : AttentionEvent::Kind::AtRisk;
                events << e;
            }
            continue;
        }
        // A clock turns when its state worsens, or when the next clock starts already late.
        const bool sameClock = before->containment == a.containment;
        const bool worse = !sameClock || urgency(a.clock.state) > urgency(before->state);
        if (!worse)
            continue;
        if (a.clock.state == SlaState::Breached)
            e.kind = AttentionEvent::Kind::Breached;
        else if (a.clock.state == SlaState::AtRisk)
            e.kind = AttentionEvent::Kind::AtRisk;
        else
            continue;
        events << e;
    }
    m_seen = now;
    m_baseline = true;
    return events;
}

AttentionEvent AttentionTracker::spoofing(qint64 incidentId, const QString& publicId, const QString& title,
                                          Severity severity, const QString& source)
{
    m_announced.insert(incidentId);
    return {AttentionEvent::Kind::Spoofing, incidentId, publicId, title, severity, false, source};
}

} // namespace watchpost
