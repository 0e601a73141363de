#pragma once
// StoreWatcher: notices commits made by any other connection (the listener thread, or another process on
// the same file) through SQLite's data_version, so an open console refreshes without a restart.

#include "models/store/Store.h"

#include <QObject>
#include <QTimer>

namespace watchpost {

class StoreWatcher : public QObject
{
    Q_OBJECT
public:
    StoreWatcher(std::shared_ptr<Store> store, int intervalMs, QObject* parent = nullptr);
    // Checks now; true when another connection committed since the last check.
    bool poll();

Q_SIGNALS:
    void changed();

private:
    std::shared_ptr<Store> m_store;
    QTimer m_timer;
    qint64 m_version = -1;
};

} // namespace watchpost
