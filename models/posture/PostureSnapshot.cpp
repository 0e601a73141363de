#include "models/posture/PostureSnapshot.h"

#include <QMetaObject>
#include <algorithm>

namespace watchpost {

PostureSnapshot PostureSnapshot::compute(const IncidentStore& incidents, const QDateTime& now)
{
    PostureSnapshot s;
    s.computedAt = now;
    const auto counts = incidents.countsByState();
    const auto open = counts ? incidents.openSummaries() : Result<QList<IncidentSummary>>(counts.error());
    if (!open) {
        s.readError = open.error().message;
        return s;
    }
    s.counts = *counts;
    for (const IncidentSummary& i : *open) {
        const SlaClock ack = SlaPolicy::acknowledgement(i, now);
        const SlaClock contain = SlaPolicy::containment(i, now);
        ++s.tally[0][int(ack.state)];
        ++s.tally[1][int(contain.state)];
        const bool containment = i.acknowledgedAt.has_value();
        const SlaClock& current = containment ? contain : ack;
        s.open.append({i, current, containment});
        if (i.state == IncidentState::Reported)
            s.unacknowledged.append({i, current, containment});
        if (current.state == SlaState::Breached || current.state == SlaState::AtRisk)
            s.attention.append({i, current, containment});
    }
    s.attentionTotal = int(s.attention.size());
    s.unacknowledgedTotal = int(s.unacknowledged.size());
    std::sort(s.unacknowledged.begin(), s.unacknowledged.end(), [](const Attention& a, const Attention& b) {
        if (a.incident.severity != b.incident.severity)
            return int(a.incident.severity) < int(b.incident.severity); // Critical is 0
        return a.incident.reportedAt < b.incident.reportedAt;
    });
    if (s.unacknowledged.size() > kAttentionShown)
        s.unacknowledged.resize(kAttentionShown);
    std::sort(s.attention.begin(), s.attention.end(), [](const Attention& a, const Attention& b) {
        if (a.clock.state != b.clock.state)
            return a.clock.state == SlaState::Breached;
        return a.clock.deadline < b.clock.deadline;
    });
    if (s.attention.size() > kAttentionShown)
        s.attention.resize(kAttentionShown);
    return s;
}

PostureWorker::PostureWorker(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock, QObject* parent,
                             std::chrono::milliseconds gap)
    : QObject(parent), m_store(std::move(store)), m_clock(std::move(clock)), m_context(new QObject),
      m_later(new QTimer(this)), m_gap(gap)
{
    m_later->setSingleShot(true);
    connect(m_later, &QTimer::timeout, this, &PostureWorker::run);
    qRegisterMetaType<PostureSnapshot>();
    m_thread.setObjectName(QStringLiteral("watchpost-posture"));
    m_context->moveToThread(&m_thread);
    m_thread.start();
}

PostureWorker::~PostureWorker()
{
    auto store = m_store;
    QObject* context = m_context;
    QMetaObject::invokeMethod(
        context,
        [store, context] {
            store->closeThreadConnection();
            delete context;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void PostureWorker::request()
{
    if (m_running || m_later->isActive()) {
        m_pending = true;
        return;
    }
    run();
}

void PostureWorker::run()
{
    const qint64 sinceStart = m_lastStart.isValid() ? m_lastStart.elapsed() : m_gap.count();
    if (sinceStart < m_gap.count()) {
        m_pending = true;
        m_later->start(int(m_gap.count() - sinceStart));
        return;
    }
    m_lastStart.start();
    m_running = true;
    m_pending = false;
    auto store = m_store;
    auto clock = m_clock;
    QMetaObject::invokeMethod(m_context, [this, store, clock] {
        const PostureSnapshot snapshot = PostureSnapshot::compute(IncidentStore(store), clock->now());
        QMetaObject::invokeMethod(this, [this, snapshot] {
            m_running = false;
            Q_EMIT ready(snapshot);
            if (m_pending)
                run();
        });
    });
}

} // namespace watchpost
