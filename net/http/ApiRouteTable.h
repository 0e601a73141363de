#pragma once
// ApiRouteTable: every route the listener answers — method, path pattern, who may call it, and its handler — in
// one table. Dispatch, 405 with Allow (HEAD derived from GET), the role check and docs/api.md are all held to it.

#include "models/credentials/TokenService.h"
#include "net/http/ApiMessage.h"

#include <QList>
#include <functional>
#include <optional>

namespace watchpost {

struct ApiRoute
{
    enum class Access
    {
        Public,      // no credential (health)
        KeyExchange, // the bearer is the API key being exchanged (POST /auth/sessions)
        Bearer,      // an API key or session token, then the role check
        Webhook,     // a signed GitHub delivery, handed to the webhook receiver
    };
    QByteArray method; // GET, POST, PATCH, DELETE
    QString pattern;   // /api/v1/security/incidents/{id}/acknowledge — {name} matches one path segment
    Access access = Access::Bearer;
    // Who may call it (Bearer routes); nullptr: every role. `forbidden` is the 403 message, %1 the caller's role.
    bool (*allowed)(Role) = nullptr;
    QString forbidden;
    std::function<ApiResponse(const ApiRequest&)> handler;
};

class ApiRouteTable
{
public:
    void add(ApiRoute route);
    const QList<ApiRoute>& routes() const { return m_routes; }

    struct Match
    {
        const ApiRoute* route = nullptr;            // the route for this method and path, if any
        QStringList params;                         // what the pattern's {names} matched, in order
        QByteArrayList allowed;                     // the methods this path answers (HEAD included where GET is)
        bool head = false;                          // HEAD answered by the GET route: the body is left out
        std::optional<ApiRoute::Access> pathAccess; // how the routes of this path are reached, when one matched
    };
    // Matches `path` (already split from its query) for `method`.
    Match match(const QByteArray& method, const QString& path) const;

private:
    static std::optional<QStringList> paramsFor(const QStringList& parts, const QStringList& segments);
    QList<ApiRoute> m_routes;
    QList<QStringList> m_parts; // each route's pattern split once, not on every request
};

} // namespace watchpost
