#pragma once
// PostureSnapshot: incidents by state, open SLA clocks by state, and the open incidents that need attention
// now. Computed on a worker thread (PostureWorker) so a large store never stalls the console.

#include "models/core/Clock.h"
#include "models/incidents/IncidentStore.h"
#include "models/incidents/SlaPolicy.h"

#include <QElapsedTimer>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <chrono>

namespace watchpost {

struct PostureSnapshot
{
    IncidentCounts counts;
    // [0] acknowledgement clocks, [1] containment clocks of open incidents, indexed by SlaState.
    int tally[2][4] = {};
    struct Attention
    {
        IncidentSummary incident;
        SlaClock clock;
        bool containment = false;
    };
    QList<Attention> attention; // breached first, then at risk; soonest deadline first
    int attentionTotal = 0;
    // Reported and not yet acknowledged, whatever their clock: critical first, then the oldest.
    QList<Attention> unacknowledged;
    int unacknowledgedTotal = 0;
    // Every open incident with the clock that runs now (acknowledge, then contain): what AttentionTracker watches.
    QList<Attention> open;
    QDateTime computedAt;
    // Why the store could not be read; the figures above are then empty and must not be shown as zeros.
    QString readError;

    static constexpr int kAttentionShown = 50;
    static PostureSnapshot compute(const IncidentStore& incidents, const QDateTime& now);
};

// Runs PostureSnapshot::compute on its own thread with its own store connection; at most one at a time,
// with a request that arrives meanwhile folded into one more run. Runs start at least `gap` apart (real time): a
// snapshot reads every open incident, and a burst of writes must not keep a core busy with back-to-back snapshots.
class PostureWorker : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kDefaultGap{1000};
    PostureWorker(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock, QObject* parent = nullptr,
                  std::chrono::milliseconds gap = kDefaultGap);
    ~PostureWorker() override;

public Q_SLOTS:
    void request();

Q_SIGNALS:
    void ready(const watchpost::PostureSnapshot& snapshot);

private:
    void run();

    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    QThread m_thread;
    QObject* m_context;
    QTimer* m_later;           // the next run, once the gap since the last start has passed
    QElapsedTimer m_lastStart; // invalid before the first run
    std::chrono::milliseconds m_gap;
    bool m_running = false;
    bool m_pending = false;
};

} // namespace watchpost

Q_DECLARE_METATYPE(watchpost::PostureSnapshot)
