#pragma once
// Clock: where every rule gets "now" from, so SLA and expiry rules are testable without sleeping.

#include <QDateTime>
#include <atomic>

namespace watchpost {

class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
    qint64 nowMs() const { return now().toMSecsSinceEpoch(); }
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

// A clock the caller moves by hand; used by tests and benchmarks.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start) : m_ms(start.toMSecsSinceEpoch()) {}
    QDateTime now() const override { return QDateTime::fromMSecsSinceEpoch(m_ms.load(), Qt::UTC); }
    void set(const QDateTime& t) { m_ms.store(t.toMSecsSinceEpoch()); }
    void advance(qint64 ms) { m_ms.fetch_add(ms); }

private:
    std::atomic<qint64> m_ms;
};

} // namespace watchpost
