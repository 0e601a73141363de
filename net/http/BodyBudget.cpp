#include "net/http/BodyBudget.h"

namespace watchpost {

BodyBudget::Verdict BodyBudget::reserve(const QString& source, qint64 bytes)
{
    if (bytes <= 0)
        return Verdict::Granted;
    const qint64 room = bytes <= m_smallCharge ? m_total + m_smallReserve : m_total;
    if (m_held + bytes > room)
        return Verdict::OverTotal;
    const qint64 mine = m_bySource.value(source);
    if (mine + bytes > m_perSource)
        return Verdict::OverSource;
    m_held += bytes;
    m_bySource[source] = mine + bytes;
    return Verdict::Granted;
}

void BodyBudget::release(const QString& source, qint64 bytes)
{
    if (bytes <= 0)
        return;
    m_held -= bytes;
    auto it = m_bySource.find(source);
    if (it != m_bySource.end() && (*it -= bytes) <= 0)
        m_bySource.erase(it);
}

} // namespace watchpost
