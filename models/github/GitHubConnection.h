#pragma once
// GitHubConnection: the one place for GitHub's REST API base URL and token — the kill switch's levers use it and
// webhook-secret rotation does too (a managed secret's own api_base_url and token stay as overrides). The base URL
// and the teams that may bypass Watchpost's rulesets are stored; the token lives in the secret store (the OS
// keychain in a console, secrets/ for a headless serve), never in the store and never answered back.

#include "models/audit/AuditLog.h"
#include "models/core/SecretStore.h"

#include <QDateTime>
#include <optional>

namespace watchpost {

struct GitHubConnectionSettings
{
    QString apiBaseUrl; // https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server
    QList<qint64> bypassTeamIds;
    QString updatedBy;
    QDateTime updatedAt;
    bool tokenSet = false;

    // The web address for `path` (manual steps): api.github.com → github.com, HOST/api/v3 → HOST.
    QString webUrl(const QString& path) const;
};

class GitHubConnectionService
{
public:
    static const QString kDefaultBaseUrl;
    static const QString kTokenKey; // the token's key in the secret store

    GitHubConnectionService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock, SecretStore* secrets,
                            std::shared_ptr<AuditLog> audit);

    // None until configured.
    Result<std::optional<GitHubConnectionSettings>> get() const;
    // `token` empty: the one already kept stays (refused when there is none). Every bad part named.
    Result<GitHubConnectionSettings> set(const QString& apiBaseUrl, const QByteArray& token,
                                         const QList<qint64>& bypassTeamIds, const QString& actor);
    // The token, or why there is none.
    Result<QByteArray> token() const;
    // Why `url` cannot be GitHub's API base: https only (http on loopback, for a local stand-in), no query.
    static std::optional<QString> baseUrlProblem(const QString& url);

private:
    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    SecretStore* m_secrets;
    std::shared_ptr<AuditLog> m_audit;
};

} // namespace watchpost
