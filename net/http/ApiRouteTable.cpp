#include "net/http/ApiRouteTable.h"

namespace watchpost {

void ApiRouteTable::add(ApiRoute route)
{
    m_parts << route.pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    m_routes << std::move(route);
}

std::optional<QStringList> ApiRouteTable::paramsFor(const QStringList& parts, const QStringList& segments)
{
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
    for (qsizetype i = 0; i < m_routes.size(); ++i) {
        const ApiRoute& route = m_routes.at(i);
        auto params = paramsFor(m_parts.at(i), segments);
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
