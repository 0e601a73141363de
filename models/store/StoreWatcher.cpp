#include "models/store/StoreWatcher.h"

#include <QSqlQuery>

namespace watchpost {

StoreWatcher::StoreWatcher(std::shared_ptr<Store> store, int intervalMs, QObject* parent)
    : QObject(parent), m_store(std::move(store))
{
    poll();
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (poll())
            Q_EMIT changed();
    });
    m_timer.start(intervalMs);
}

bool StoreWatcher::poll()
{
    QSqlQuery q(m_store->connection());
    if (!q.exec(QStringLiteral("PRAGMA data_version")) || !q.next())
        return false;
    const qint64 version = q.value(0).toLongLong();
    const bool changed = m_version >= 0 && version != m_version;
    m_version = version;
    return changed;
}

} // namespace watchpost
