#pragma once
// AttentionTracker: what must come to the lead between two posture snapshots — a new critical or high incident, a
// clock turning at risk or breached, a spoofing detection — each once, as an event a notification is made from.

#include "models/posture/PostureSnapshot.h"

#include <QHash>
#include <QSet>

namespace watchpost {

struct AttentionEvent
{
    enum class Kind
    {
        NewIncident,
        AtRisk,
        Breached,
        Spoofing
    };
    Kind kind = Kind::NewIncident;
    qint64 incidentId = 0;
    QString publicId;
    QString title;
    Severity severity = Severity::Medium;
    bool containment = false; // for AtRisk/Breached: the containment clock, else acknowledgement
    QString detail;           // for Spoofing: the source

    // Critical incidents and breached clocks stay on screen until the lead dismisses them.
    bool critical() const;
    QString route() const; // the incident it opens
    QString summary() const;
    QString body() const;
};

class AttentionTracker
{
public:
    // The events since the previous snapshot. The first snapshot only sets what is already known (a console that
    // starts shows the counts, it does not replay every open incident as news).
    QList<AttentionEvent> update(const PostureSnapshot& snapshot);
    // A spoofing detection: its own event, and the incident it opened is not announced again as new.
    AttentionEvent spoofing(qint64 incidentId, const QString& publicId, const QString& title, Severity severity,
                            const QString& source);
    bool hasBaseline() const { return m_baseline; }

private:
    struct Seen
    {
        SlaState state = SlaState::OnTrack;
        bool containment = false;
    };
    bool m_baseline = false;
    QHash<qint64, Seen> m_seen;
    QSet<qint64> m_announced;
};

} // namespace watchpost
