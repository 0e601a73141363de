#pragma once
// SyncApi: /api/v1/sync/… — the change feed a replica follows and the audit chain it re-reads on every connection.

#include "models/sync/ChangeFeed.h"
#include "net/http/ApiRouteTable.h"

#include <QElapsedTimer>
#include <QTimer>
#include <list>
#include <memory>

namespace watchpost {

class SyncApi
{
public:
    // Long-polling: `wait` seconds at most, below the transport guard's 30 s idle timeout.
    static constexpr int kMaxWaitSeconds = 25;
    // While a replica waits, how often the feed's head is looked at (a commit from any thread or process shows).
    static constexpr int kWatchMs = 50;

    explicit SyncApi(ChangeFeed& feed) : m_feed(feed) {}
    void addRoutes(ApiRouteTable& table);

private:
    ApiResponse changes(const ApiRequest& r);
    ApiResponse auditChain(const ApiRequest& r);
    // 409 when the replica's schema (?schema=N) is not this server's, saying which side is older.
    std::optional<ApiResponse> schemaRefusal(const ApiRequest& r);

    // Answers the waiters whose changes have come, or whose time is up.
    void watch();

    struct Waiter
    {
        qint64 after = 0;
        int limit = 0;
        FeedAccess access;
        qint64 deadlineMs = 0;
        std::function<void(const ApiResponse&)> send;
    };
    ChangeFeed& m_feed;
    std::list<Waiter> m_waiters;
    std::unique_ptr<QTimer> m_watch; // made on the listener's thread with the first waiter
    QElapsedTimer m_clock;
};

} // namespace watchpost
