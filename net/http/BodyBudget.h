#pragma once
// BodyBudget: the request-body bytes the process holds, in total and per source, against their limits.
// Reserved when a request's head is admitted (before any body byte is read), released once it is answered.

#include <QHash>
#include <QString>

namespace watchpost {

class BodyBudget
{
public:
    // Small bodies (a charge up to smallCharge) may also use `smallReserve` beyond the total, so a flood of
    // large bodies cannot refuse an ordinary API request or webhook delivery.
    BodyBudget(qint64 total, qint64 perSource, qint64 smallReserve = 0, qint64 smallCharge = 0)
        : m_total(total), m_perSource(perSource), m_smallReserve(smallReserve), m_smallCharge(smallCharge)
    {
    }

    enum class Verdict
    {
        Granted,
        OverTotal,
        OverSource,
    };
    Verdict reserve(const QString& source, qint64 bytes);
    void release(const QString& source, qint64 bytes);

    qint64 held() const { return m_held; }
    qint64 heldBy(const QString& source) const { return m_bySource.value(source); }
    qint64 total() const { return m_total; }
    qint64 perSource() const { return m_perSource; }

private:
    qint64 m_total;
    qint64 m_perSource;
    qint64 m_smallReserve;
    qint64 m_smallCharge;
    qint64 m_held = 0;
    QHash<QString, qint64> m_bySource;
};

} // namespace watchpost
