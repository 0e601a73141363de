#pragma once
// GitHubConnectionApi: GET and PUT /api/v1/security/github-connection (admin) — GitHub's API base URL, the token
// (kept in the secret store and never answered back) and the teams that may bypass the kill switch's rulesets.

#include "models/github/GitHubConnection.h"
#include "net/http/ApiRouteTable.h"

namespace watchpost {

class GitHubConnectionApi
{
public:
    explicit GitHubConnectionApi(GitHubConnectionService& service) : m_service(service) {}
    void addRoutes(ApiRouteTable& table);
    static QJsonObject json(const GitHubConnectionSettings& s);

private:
    GitHubConnectionService& m_service;
};

} // namespace watchpost
