#pragma once
// CredentialService: API keys for people and automation clients — create (shown once), list, authenticate
// (API keys and the session tokens exchanged for them), and revoke with the chosen policy for their sessions,
// reporting whether containment is complete and what is left to do by hand when it is not.

#include "models/credentials/SessionService.h"

#include <QJsonObject>

namespace watchpost {

struct CredentialInfo
{
    qint64 id = 0;
    QString name;
    QString role;
    QString owner;
    QDateTime createdAt;
    std::optional<QDateTime> lastUsedAt;
    std::optional<QDateTime> expiresAt;
    std::optional<QDateTime> revokedAt;
    QString revokedReason;
    int activeSessions = 0;
};

enum class SessionPolicy
{
    Immediate,
    AtExpiry
};

struct RevocationReport
{
    QList<qint64> revoked;
    QList<std::pair<QString, QDateTime>> sessionsInvalidated; // session id, when
    QList<std::pair<QString, QDateTime>> sessionsRunningOut;  // at_expiry: session id, when it expires
    QStringList failures;
    QStringList manualSteps;
    bool complete() const { return failures.isEmpty(); }
};

class CredentialService
{
public:
    CredentialService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                      std::shared_ptr<SecretStore> secrets, std::shared_ptr<AuditLog> audit);

    Result<CreatedToken> create(const QString& name, const QString& role, const QString& owner,
                                std::optional<QDateTime> expiresAt, const QString& actor);
    Result<QList<CredentialInfo>> list() const;
    Result<std::optional<CredentialInfo>> credential(qint64 id) const;

    // An API key (wpt_…) or a session token (wps_…); records first use and last use.
    Result<ApiPrincipal> authenticate(const QString& presented);
    // Exchanges an API key (never a session token) for a session token.
    Result<IssuedSession> openSession(const QString& apiKey);

    static std::optional<SessionPolicy> policyFromName(const QString& name);
    static QString policyName(SessionPolicy policy);
    // Validation: a reason and at least one known credential. Partial failures do not make an error: they make
    // an incomplete report.
    Result<RevocationReport> revoke(const QList<qint64>& ids, const QString& reason, SessionPolicy policy,
                                    const QString& actor);

    SessionService& sessions() { return m_sessions; }
    const SessionService& sessions() const { return m_sessions; }
    AuditLog& audit() { return *m_audit; }
    const std::shared_ptr<AuditLog>& auditLog() const { return m_audit; }
    TokenService& tokens() { return m_tokens; }
    const Clock& clock() const { return *m_clock; }
    const std::shared_ptr<Store>& store() const { return m_store; }

private:
    void noteUse(const ApiPrincipal& principal);

    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<AuditLog> m_audit;
    TokenService m_tokens;
    SessionService m_sessions;
    QHash<qint64, qint64> m_lastNoted; // credential id → when its last use was written (ms)
};

} // namespace watchpost
