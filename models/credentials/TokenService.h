#pragma once
// TokenService: API tokens — random, shown once, stored only as SHA-256 hashes, each with a role.

#include "models/core/Clock.h"
#include "models/core/Result.h"
#include "models/store/PreparedQuery.h"
#include "models/store/Store.h"

#include <memory>

namespace watchpost {

enum class Role
{
    Admin,
    Responder,
    Viewer,
    Automation
};

struct ApiPrincipal
{
    qint64 tokenId = 0;
    QString name;
    Role role = Role::Viewer;
    QString sessionId; // set when the request came with a session token rather than the API key itself
};

struct CreatedToken
{
    qint64 id = 0;
    QString token; // plaintext: shown once, never stored
};

class TokenService
{
public:
    TokenService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock);

    static std::optional<Role> roleFromName(const QString& name);
    static QString roleName(Role role);
    // What each role may do; the API asks these, never the role itself.
    static bool canRead(Role) { return true; }
    static bool canReport(Role role) { return role != Role::Viewer; }
    static bool canRespond(Role role) { return role == Role::Admin || role == Role::Responder; }
    // Credentials, sessions, recovery, managed secrets: admin only. The audit log: admin and responder.
    static bool canAdminister(Role role) { return role == Role::Admin; }
    static bool canAudit(Role role) { return role == Role::Admin || role == Role::Responder; }

    Result<CreatedToken> create(const QString& name, const QString& roleName,
                                std::optional<QDateTime> expiresAt = std::nullopt, const QString& owner = {});
    // Why a presented token is refused, for a 401 the caller can act on.
    Result<ApiPrincipal> authenticate(const QString& presented) const;
    Result<Done> revoke(qint64 tokenId);

private:
    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    mutable PreparedQuery m_lookup{
        QStringLiteral("SELECT id, name, role, expires_at, revoked_at FROM api_tokens WHERE token_hash = ?")};
};

} // namespace watchpost
