#pragma once
// SessionService: short-lived session tokens exchanged for an API key, signed with the current Ed25519 signing
// key (private half in the SecretStore, public half and key id in the store), their verification, invalidation,
// signing-key rotation and forced re-authentication.

#include "models/audit/AuditLog.h"
#include "models/core/SecretStore.h"
#include "models/credentials/TokenService.h"

#include <QHash>
#include <QMutex>
#include <QSet>

namespace watchpost {

struct SessionInfo
{
    QString id;
    qint64 credentialId = 0;
    QString credentialName;
    QString keyId;
    QDateTime issuedAt;
    QDateTime expiresAt;
    std::optional<QDateTime> invalidatedAt;
    QString invalidatedReason;
};

struct IssuedSession
{
    QString id;
    QString token; // shown once
    QDateTime expiresAt;
    QString keyId;
};

struct SigningKeyInfo
{
    QString keyId;
    QDateTime createdAt;
    bool pending = false;
    std::optional<QDateTime> retiredAt;
};

class SessionService
{
public:
    static constexpr qint64 kDefaultLifetimeMs = 3600 * 1000;
    static constexpr QLatin1String kPrefix{"wps_"};

    SessionService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                   std::shared_ptr<SecretStore> secrets, std::shared_ptr<AuditLog> audit);

    Result<IssuedSession> issue(const ApiPrincipal& credential, qint64 lifetimeMs = kDefaultLifetimeMs);
    // Why a presented session token is refused, with a stable code for the 401.
    Result<ApiPrincipal> authenticate(const QString& token) const;

    // Sessions of one credential (or all), newest first; active only when asked.
    Result<QList<SessionInfo>> sessions(std::optional<qint64> credentialId, bool activeOnly) const;
    // Invalidates inside the caller's write transaction.
    Result<QDateTime> invalidateWithin(const QString& sessionId, const QString& reason);

    // Signing keys.
    Result<QList<SigningKeyInfo>> signingKeys() const;
    Result<std::optional<QString>> currentKeyId() const;
    // Generates a key and stores its private half; `pending` keys sign nothing until activated.
    Result<QString> createKey(bool pending);
    // Makes `keyId` the signing key; every other key is retired at `retireOthersAtMs` (now = at once).
    Result<Done> activateKey(const QString& keyId, qint64 retireOthersAtMs);
    Result<Done> abandonKey(const QString& keyId);
    // Signs a probe token with `keyId` and verifies it through the same path requests take.
    Result<Done> probe(const QString& keyId) const;

    // Forced re-authentication: sessions issued before now are refused with `reauthentication_required`.
    Result<QDateTime> forceReauthentication(const QString& actor, const QString& reason);
    Result<std::optional<QDateTime>> reauthenticationRequiredAt() const;
    // Credentials that exchanged a key for a new session since the last forced re-authentication, with when.
    Result<QList<std::pair<QString, QDateTime>>> reauthenticatedSince(const QDateTime& since) const;

private:
    Result<QByteArray> privateKey(const QString& keyId) const;
    QString signToken(const QJsonObject& payload, const QByteArray& privateKey) const;

    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<SecretStore> m_secrets;
    std::shared_ptr<AuditLog> m_audit;
    mutable QMutex m_mutex;
    mutable QHash<QString, QByteArray> m_privateKeys; // key id → private half, read once from the SecretStore
    mutable QSet<QByteArray> m_verified;              // tokens whose signature verified (bounded)
};

} // namespace watchpost
