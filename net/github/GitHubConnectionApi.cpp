#include "net/github/GitHubConnectionApi.h"

#include "net/http/ApiRequestParts.h"
#include "net/http/JsonBody.h"
#include "net/incidents/IncidentJson.h"

#include <QJsonArray>

namespace watchpost {

QJsonObject GitHubConnectionApi::json(const GitHubConnectionSettings& s)
{
    QJsonArray teams;
    for (qint64 id : s.bypassTeamIds)
        teams << id;
    return {{QStringLiteral("api_base_url"), s.apiBaseUrl},
            {QStringLiteral("token_set"), s.tokenSet},
            {QStringLiteral("bypass_team_ids"), teams},
            {QStringLiteral("updated_by"), s.updatedBy},
            {QStringLiteral("updated_at"), json::time(s.updatedAt)}};
}

void GitHubConnectionApi::addRoutes(ApiRouteTable& table)
{
    const QString path = QStringLiteral("/api/v1/security/github-connection");
    const QString forbidden =
        QStringLiteral("a %1 token cannot see or change the GitHub connection; use an admin token");
    table.add(
        {"GET", path, ApiRoute::Access::Bearer, &TokenService::canAdminister, forbidden, [this](const ApiRequest&) {
             const auto current = m_service.get();
             if (!current)
                 return ApiResponse::fromError(current.error());
             if (!*current)
                 return ApiResponse::json(200,
                                          {{QStringLiteral("configured"), false},
                                           {QStringLiteral("api_base_url"), GitHubConnectionService::kDefaultBaseUrl},
                                           {QStringLiteral("token_set"), false},
                                           {QStringLiteral("bypass_team_ids"), QJsonArray()}});
             QJsonObject o = json(**current);
             o.insert(QStringLiteral("configured"), true);
             return ApiResponse::json(200, o);
         }});
    struct Input
    {
        QString baseUrl;
        QByteArray token;
        QList<qint64> teams;
    };
    table.add(
        {"PUT", path, ApiRoute::Access::Bearer, &TokenService::canAdminister, forbidden, [this](const ApiRequest& r) {
             return withBody(
                 r, {"api_base_url", "token", "bypass_team_ids"},
                 [](JsonBody& body) {
                     Input in;
                     in.baseUrl = body.optionalString(QStringLiteral("api_base_url")).value_or(QString());
                     in.token = body.optionalString(QStringLiteral("token")).value_or(QString()).toUtf8();
                     for (const QJsonValue v : body.array(QStringLiteral("bypass_team_ids"))) {
                         if (!v.isDouble() || v.toDouble() != double(v.toInteger()) || v.toInteger() < 1) {
                             body.problem(QStringLiteral("bypass_team_ids"),
                                          QStringLiteral("bypass_team_ids lists GitHub team ids (whole "
                                                         "numbers from 1)"));
                             break;
                         }
                         in.teams << v.toInteger();
                     }
                     return in;
                 },
                 [&](const Input& in) {
                     auto set = m_service.set(in.baseUrl, in.token, in.teams, r.principal.name);
                     if (!set)
                         return ApiResponse::fromError(set.error());
                     QJsonObject o = json(*set);
                     o.insert(QStringLiteral("configured"), true);
                     return ApiResponse::json(200, o);
                 });
         }});
}

} // namespace watchpost
