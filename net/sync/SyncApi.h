#pragma once
// SyncApi: /api/v1/sync/… — the change feed a replica follows and the audit chain it re-reads on every connection.

#include "models/sync/ChangeFeed.h"
#include "net/http/ApiRouteTable.h"

namespace watchpost {

class SyncApi
{
public:
    explicit SyncApi(ChangeFeed& feed) : m_feed(feed) {}
    void addRoutes(ApiRouteTable& table);

private:
    ApiResponse changes(const ApiRequest& r);
    ApiResponse auditChain(const ApiRequest& r);
    // 409 when the replica's schema (?schema=N) is not this server's, saying which side is older.
    std::optional<ApiResponse> schemaRefusal(const ApiRequest& r);

    ChangeFeed& m_feed;
};

} // namespace watchpost
