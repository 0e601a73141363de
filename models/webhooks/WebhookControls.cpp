#include "models/webhooks/WebhookControls.h"

#include <algorithm>

namespace watchpost {

void WebhookControls::setPolicy(const WebhookPolicy& policy)
{
    QMutexLocker lock(&m_mutex);
    m_policy = policy;
}

WebhookPolicy WebhookControls::policy() const
{
    QMutexLocker lock(&m_mutex);
    return m_policy;
}

WebhookControls::Gate WebhookControls::gate(const QString& source, qint64 nowMs) const
{
    QMutexLocker lock(&m_mutex);
    if (const auto it = m_blocks.constFind(source); it != m_blocks.constEnd() && *it > nowMs)
        return {Gate::Kind::Blocked, int((*it - nowMs + 999) / 1000), *it};
    const auto it = m_refusals.constFind(source);
    if (it == m_refusals.constEnd())
        return {};
    // The times are kept sorted, so the count in a window is a binary search, whatever the policy's limits.
    const auto firstInMinute = std::upper_bound(it->cbegin(), it->cend(), nowMs - 60'000);
    const auto inLastMinute = it->cend() - firstInMinute;
    if (inLastMinute > 0 && inLastMinute >= m_policy.refusedPerMinute)
        return {Gate::Kind::RateLimited, int(qMax<qint64>(1, (*firstInMinute + 60'000 - nowMs + 999) / 1000)), 0};
    return {};
}

bool WebhookControls::countRefusal(const QString& source, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    std::deque<qint64>& times = m_refusals[source];
    times.insert(std::upper_bound(times.begin(), times.end(), nowMs),
                 nowMs); // at the end unless the clock stepped back
    const size_t keep = size_t(qMax(m_policy.blockThreshold, m_policy.refusedPerMinute)) + 1;
    while (times.size() > keep)
        times.pop_front();
    const qint64 windowStart = nowMs - qint64(m_policy.blockWindowSeconds) * 1000;
    const auto inWindow = times.cend() - std::upper_bound(times.cbegin(), times.cend(), windowStart);
    const bool blocked = m_blocks.value(source) > nowMs;
    return !blocked && inWindow >= m_policy.blockThreshold;
}

void WebhookControls::setBlocks(const QList<WebhookBlock>& blocks)
{
    QMutexLocker lock(&m_mutex);
    m_blocks.clear();
    for (const WebhookBlock& b : blocks)
        m_blocks.insert(b.source, qMax(m_blocks.value(b.source), b.expiresAt.toMSecsSinceEpoch()));
    m_health.activeBlocks = int(m_blocks.size());
}

void WebhookControls::addBlock(const QString& source, qint64 untilMs)
{
    QMutexLocker lock(&m_mutex);
    m_blocks.insert(source, qMax(m_blocks.value(source), untilMs));
    m_health.activeBlocks = int(m_blocks.size());
}

bool WebhookControls::liftBlock(const QString& source)
{
    QMutexLocker lock(&m_mutex);
    const bool wasBlocked = m_blocks.remove(source) > 0;
    m_refusals.remove(source); // a lifted source starts with a clean window
    m_health.activeBlocks = int(m_blocks.size());
    return wasBlocked;
}

void WebhookControls::recordTelemetry(const QString& source, const QString& reason, qint64 nowMs,
                                      const std::function<QString()>& sample)
{
    QMutexLocker lock(&m_mutex);
    const qint64 window = nowMs - nowMs % kTelemetryWindowMs;
    const QString key = source + QLatin1Char('|') + QString::number(window) + QLatin1Char('|') + reason;
    RefusalCount& c = m_pending[key];
    if (c.count == 0) {
        c.source = source;
        c.windowStartMs = window;
        c.reason = reason;
        c.firstMs = nowMs;
    }
    ++c.count;
    c.lastMs = nowMs;
    if (c.samples.size() < kSamplesPerWindow)
        c.samples << sample();
    ++m_health.refused;
    m_health.lastRefusedMs = nowMs;
}

QList<RefusalCount> WebhookControls::takeTelemetry(qint64 now)
{
    QMutexLocker lock(&m_mutex);
    // Forget refusal windows that can no longer count toward anything, so a spray from many addresses
    // cannot grow memory without bound; and expired blocks.
    const qint64 horizon = qMax<qint64>(qint64(m_policy.blockWindowSeconds) * 1000, 60'000);
    for (auto it = m_refusals.begin(); it != m_refusals.end();)
        it = (it->empty() || it->back() < now - horizon) ? m_refusals.erase(it) : std::next(it);
    for (auto it = m_blocks.begin(); it != m_blocks.end();)
        it = *it <= now ? m_blocks.erase(it) : std::next(it);
    m_health.activeBlocks = int(m_blocks.size());
    QList<RefusalCount> out = m_pending.values();
    m_pending.clear();
    return out;
}

void WebhookControls::restoreTelemetry(const QList<RefusalCount>& counts)
{
    QMutexLocker lock(&m_mutex);
    for (const RefusalCount& c : counts) {
        const QString key =
            c.source + QLatin1Char('|') + QString::number(c.windowStartMs) + QLatin1Char('|') + c.reason;
        RefusalCount& into = m_pending[key];
        if (into.count == 0)
            into = c;
        else {
            into.count += c.count;
            into.firstMs = qMin(into.firstMs, c.firstMs);
            into.lastMs = qMax(into.lastMs, c.lastMs);
            for (const QString& s : c.samples)
                if (into.samples.size() < kSamplesPerWindow)
                    into.samples << s;
        }
    }
}

void WebhookControls::countAccepted(qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    ++m_health.accepted;
    m_health.lastAcceptedMs = nowMs;
}

void WebhookControls::setTelemetryState(bool degraded, const QString& error)
{
    QMutexLocker lock(&m_mutex);
    m_health.telemetryDegraded = degraded;
    m_health.telemetryError = error;
}

WebhookControls::Health WebhookControls::health() const
{
    QMutexLocker lock(&m_mutex);
    return m_health;
}

} // namespace watchpost
