#include "net/http/ApiRouteTable.h"

namespace watchpost {

void ApiRouteTable::add(ApiRoute route)
{
    m_routes << std::move(route);
}

std::optional<QStringList> ApiRouteTable::paramsFor(const QString& pattern, const QStringList& segments)
{
    const QStringList parts = pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.size() != segments.size())
        return std::nullopt;
    QStringList params;
    for (int i = 0; i < parts.size(); ++i) {
        const QString& part = parts.at(i);
        if (part.startsWith(QLatin1Char('{')) && part.endsWith(QLatin1Char('}')))
            params << segments.at(i);
        else if (part != segments.at(i))
            return std::nullopt;
    }
    return params;
}

ApiRouteTable::Match ApiRouteTable::match(const QByteArray& method, const QString& path) const
{
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    Match m;
    const QByteArray wanted = method == "HEAD" ? QByteArray("GET") : method;
    for (const ApiRoute& route : m_routes) {
        auto params = paramsFor(route.pattern, segments);
        if (!params)
            continue;
        if (!m.pathAccess)
            m.pathAccess = route.access;
        if (!m.allowed.contains(route.method))
            m.allowed << route.method;
        if (route.method == "GET" && !m.allowed.contains("HEAD"))
            m.allowed << "HEAD";
        if (!m.route && route.method == wanted) {
            m.route = &route;
            m.params = *params;
            m.head = method == "HEAD";
        }
    }
    return m;
}

} // namespace watchpost
