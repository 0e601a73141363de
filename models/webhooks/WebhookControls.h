#pragma once
// WebhookControls: the in-memory state the webhook receiver consults on every delivery — per-source refusal
// windows (rate limit and block threshold), active blocks, the pending refusal telemetry, and health
// counters for the console. Shared by the listener and the console; thread-safe.

#include "models/webhooks/WebhookPolicy.h"
#include "models/webhooks/WebhookStore.h"

#include <QMutex>
#include <deque>
#include <functional>

namespace watchpost {

class WebhookControls
{
public:
    struct Gate
    {
        enum class Kind
        {
            Open,
            RateLimited,
            Blocked
        };
        Kind kind = Kind::Open;
        int retryAfterSeconds = 0;
        qint64 untilMs = 0;
    };
    struct Health
    {
        quint64 accepted = 0;
        quint64 refused = 0;
        qint64 lastAcceptedMs = 0;
        qint64 lastRefusedMs = 0;
        bool telemetryDegraded = false;
        QString telemetryError;
        int activeBlocks = 0;
    };
    static constexpr int kSamplesPerWindow = 5;
    static constexpr qint64 kTelemetryWindowMs = 60'000;

    void setPolicy(const WebhookPolicy& policy);
    WebhookPolicy policy() const;

    Gate gate(const QString& source, qint64 nowMs) const;
    // Counts a refused delivery; true when this one crosses the block threshold.
    bool countRefusal(const QString& source, qint64 nowMs);
    void setBlocks(const QList<WebhookBlock>& blocks);
    void addBlock(const QString& source, qint64 untilMs);
    // Lifts the block on `source`; true when one was in force.
    bool liftBlock(const QString& source);

    // `sample` (the sample's JSON) is called only while the window still keeps samples.
    void recordTelemetry(const QString& source, const QString& reason, qint64 nowMs,
                         const std::function<QString()>& sample);
    // The pending counts; also forgets refusal windows and blocks that ended before `nowMs`.
    QList<RefusalCount> takeTelemetry(qint64 nowMs);
    // Puts counts back after a failed write, so nothing counted is lost.
    void restoreTelemetry(const QList<RefusalCount>& counts);

    void countAccepted(qint64 nowMs);
    void setTelemetryState(bool degraded, const QString& error);
    Health health() const;

private:
    mutable QMutex m_mutex;
    WebhookPolicy m_policy;
    QHash<QString, std::deque<qint64>> m_refusals;
    QHash<QString, qint64> m_blocks;
    QHash<QString, RefusalCount> m_pending; // key: source|window|reason
    Health m_health;
};

} // namespace watchpost
