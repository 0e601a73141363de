#pragma once
// KillSwitchHold: the shipping kill switch's state shared by every thread of one process — an engagement the store
// refused to write (held here, deciding as if written, until the store takes writes again) and a generation that
// any change of the switch bumps, so each thread's cached engagement is re-read at its next decision.

#include "models/killswitch/KillSwitchRules.h"

#include <QMutex>
#include <atomic>
#include <optional>

namespace watchpost {

// An engagement asked for while the store refused the write.
struct HeldEngagement
{
    QString reason;
    std::optional<qint64> incidentId; // set once the incident is written (it may be, before the engagement is)
    KillSwitchScope scope;
    std::optional<QDateTime> expiresAt;
    QString actor;
    QDateTime at;
    QString storeError; // why the store refused it

    // What decides while it is held: id 0, not persisted.
    KillSwitchEngagement engagement() const
    {
        KillSwitchEngagement e;
        e.incidentId = incidentId.value_or(0);
        e.reason = reason;
        e.scope = scope;
        e.engagedBy = actor;
        e.engagedAt = at;
        e.expiresAt = expiresAt;
        return e;
    }
};

class KillSwitchHold
{
public:
    quint64 generation() const { return m_generation.load(std::memory_order_acquire); }
    void changed() { m_generation.fetch_add(1, std::memory_order_acq_rel); }

    std::optional<HeldEngagement> held() const
    {
        QMutexLocker lock(&m_mutex);
        return m_held;
    }
    void hold(HeldEngagement e)
    {
        {
            QMutexLocker lock(&m_mutex);
            m_held = std::move(e);
        }
        changed();
    }
    void clear()
    {
        {
            QMutexLocker lock(&m_mutex);
            m_held.reset();
        }
        changed();
    }

    // Taken by the one thread writing the held engagement, so two threads never write it twice.
    QMutex& persisting() { return m_persisting; }

private:
    mutable QMutex m_mutex;
    QMutex m_persisting;
    std::optional<HeldEngagement> m_held;
    std::atomic<quint64> m_generation{0};
};

} // namespace watchpost
