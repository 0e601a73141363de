#include "net/sync/SyncApi.h"

#include "models/store/Store.h"
#include "net/http/ApiRequestParts.h"
#include "net/sync/SyncJson.h"

namespace watchpost {
namespace {
// A whole number from `min` to `max`, or the 400 naming the parameter.
std::variant<qint64, ApiResponse> integerParameter(const ApiRequest& r, const char* name, qint64 fallback, qint64 min,
                                                   qint64 max)
{
    const QString key = QLatin1String(name);
    if (!r.query.hasQueryItem(key))
        return fallback;
    bool ok = false;
    const QString text = r.query.queryItemValue(key);
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < min || v > max || text.startsWith(QLatin1Char('+')))
        return badParameter(key, QStringLiteral("%1 must be a whole number from %2 to %3, got '%4'")
                                     .arg(key)
                                     .arg(min)
                                     .arg(max)
                                     .arg(text.left(40)));
    return v;
}
} // namespace

void SyncApi::addRoutes(ApiRouteTable& table)
{
    table.add({"GET",
               QStringLiteral("/api/v1/sync/changes"),
               ApiRoute::Access::Bearer,
               nullptr,
               {},
               [this](const ApiRequest& r) { return changes(r); }});
    table.add({"GET", QStringLiteral("/api/v1/sync/audit-chain"), ApiRoute::Access::Bearer, &TokenService::canAudit,
               QStringLiteral("a %1 credential cannot read the audit log"),
               [this](const ApiRequest& r) { return auditChain(r); }});
}

std::optional<ApiResponse> SyncApi::schemaRefusal(const ApiRequest& r)
{
    const auto theirs = integerParameter(r, "schema", Store::latestSchemaVersion(), 1, 1'000'000);
    if (const auto* refusal = std::get_if<ApiResponse>(&theirs))
        return *refusal;
    const qint64 replica = std::get<qint64>(theirs);
    const int server = Store::latestSchemaVersion();
    if (replica == server)
        return std::nullopt;
    return ApiResponse::error(
        409, QStringLiteral("schema_mismatch"),
        replica < server
            ? QStringLiteral("this server's store is at schema %1 and the replica's Watchpost at schema %2: the "
                             "replica's Watchpost is older — update it to sync with this server")
                  .arg(server)
                  .arg(replica)
            : QStringLiteral("this server runs an older Watchpost (schema %1) than the replica (schema %2): update "
                             "the server before syncing")
                  .arg(server)
                  .arg(replica),
        {QStringLiteral("schema")});
}

ApiResponse SyncApi::changes(const ApiRequest& r)
{
    if (auto refusal = schemaRefusal(r))
        return *refusal;
    const auto after = integerParameter(r, "after", 0, 0, std::numeric_limits<qint64>::max());
    if (const auto* refusal = std::get_if<ApiResponse>(&after))
        return *refusal;
    const auto limit = integerParameter(r, "limit", 1000, 1, ChangeFeed::kMaxLimit);
    if (const auto* refusal = std::get_if<ApiResponse>(&limit))
        return *refusal;
    const QString include = r.query.queryItemValue(QStringLiteral("include"));
    if (!include.isEmpty() && include != QLatin1String("bodies"))
        return badParameter(QStringLiteral("include"),
                            QStringLiteral("include may only be 'bodies', got '%1'").arg(include.left(40)));
    const auto wait = integerParameter(r, "wait", 0, 0, kMaxWaitSeconds);
    if (const auto* refusal = std::get_if<ApiResponse>(&wait))
        return *refusal;
    const bool bodies = include == QLatin1String("bodies");
    if (bodies && !SyncTables::mayReadBodies(r.principal.role))
        return ApiResponse::error(403, QStringLiteral("forbidden"),
                                  QStringLiteral("a %1 credential cannot read webhook delivery bodies; ask without "
                                                 "include=bodies")
                                      .arg(TokenService::roleName(r.principal.role)));
    const FeedAccess access{r.principal.role, bodies};
    auto page = m_feed.after(std::get<qint64>(after), int(std::get<qint64>(limit)), access);
    if (!page)
        return ApiResponse::fromError(page.error());
    if (page->lastSeq > std::get<qint64>(after) || std::get<qint64>(wait) == 0)
        return ApiResponse::json(200, json::feedPage(*page));
    // Nothing new: the answer waits for the next commit, or `wait` seconds.
    if (!m_watch) {
        m_watch = std::make_unique<QTimer>();
        m_watch->setInterval(kWatchMs);
        QObject::connect(m_watch.get(), &QTimer::timeout, [this] { watch(); });
        m_clock.start();
    }
    ApiResponse waiting;
    waiting.deferred = [this, a = std::get<qint64>(after), l = int(std::get<qint64>(limit)), access,
                        w = std::get<qint64>(wait)](std::function<void(const ApiResponse&)> send) {
        m_waiters.push_back({a, l, access, m_clock.elapsed() + w * 1000, std::move(send)});
        if (!m_watch->isActive())
            m_watch->start();
    };
    return waiting;
}

void SyncApi::watch()
{
    const auto head = m_feed.headSeq();
    const qint64 now = m_clock.elapsed();
    for (auto it = m_waiters.begin(); it != m_waiters.end();) {
        const bool changed = head && *head > it->after;
        if (!changed && head.ok() && now < it->deadlineMs) {
            ++it;
            continue;
        }
        // Changes, time up, or the head unreadable (answered as the error it is).
        auto page = m_feed.after(it->after, it->limit, it->access);
        it->send(page ? ApiResponse::json(200, json::feedPage(*page)) : ApiResponse::fromError(page.error()));
        it = m_waiters.erase(it);
    }
    if (m_waiters.empty())
        m_watch->stop();
}

ApiResponse SyncApi::auditChain(const ApiRequest& r)
{
    if (auto refusal = schemaRefusal(r))
        return *refusal;
    const auto from = integerParameter(r, "from", 1, 0, std::numeric_limits<qint64>::max());
    if (const auto* refusal = std::get_if<ApiResponse>(&from))
        return *refusal;
    const auto limit = integerParameter(r, "limit", 1000, 1, ChangeFeed::kMaxLimit);
    if (const auto* refusal = std::get_if<ApiResponse>(&limit))
        return *refusal;
    auto chain = m_feed.auditChain(std::get<qint64>(from), int(std::get<qint64>(limit)));
    if (!chain)
        return ApiResponse::fromError(chain.error());
    return ApiResponse::json(200, json::auditChain(*chain));
}

} // namespace watchpost
