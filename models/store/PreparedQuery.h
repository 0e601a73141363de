#pragma once
// PreparedQuery: one statement prepared once and run many times on the calling thread's connection — for the
// reads made at every request (the bearer token's lookup, the kill switch's data_version), where preparing and
// finalizing each time cost more than running. Re-prepared after a failure or on another thread; finish() after
// reading leaves no read transaction open. Reset it before the thread's connection closes.

#include "models/store/Store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <optional>

namespace watchpost {

class PreparedQuery
{
public:
    explicit PreparedQuery(QString sql) : m_sql(std::move(sql)) {}
    PreparedQuery(const PreparedQuery&) = delete;
    PreparedQuery& operator=(const PreparedQuery&) = delete;

    // The prepared statement on this thread's connection (bind by position); nullptr when it cannot be prepared
    // (`error` says why).
    QSqlQuery* get(const Store& store, QString* error)
    {
        if (m_query && m_thread != QThread::currentThread())
            m_query.reset();
        if (!m_query) {
            m_query.emplace(store.connection());
            m_thread = QThread::currentThread();
            if (!m_query->prepare(m_sql)) {
                if (error)
                    *error = m_query->lastError().text();
                m_query.reset();
                return nullptr;
            }
        }
        return &*m_query;
    }
    // After a failed run: prepared again next time (the schema may have changed under it).
    void reset() { m_query.reset(); }

private:
    QString m_sql;
    std::optional<QSqlQuery> m_query;
    QThread* m_thread = nullptr;
};

} // namespace watchpost
