#include "models/credentials/SessionService.h"

#include "models/credentials/Ed25519.h"
#include "models/store/SqlValues.h"

#include "models/store/CheckedQuery.h"
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <openssl/rand.h>

namespace watchpost {
namespace {
constexpr auto kB64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

// Strict base64url: the bytes only when `text` is their one canonical spelling (no padding, no stray characters,
// unused bits of the last character zero), so a token can be written exactly one way.
std::optional<QByteArray> canonicalBase64Url(const QByteArray& text)
{
    auto decoded =
        QByteArray::fromBase64Encoding(text, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.toBase64(kB64) != text)
        return std::nullopt;
    return decoded.decoded;
}

Error refused(const char* code, const QString& message)
{
    return Error{Error::Kind::Forbidden, QString::fromLatin1(code), message, {}, {}};
}

QString secretKeyFor(const QString& keyId)
{
    return QStringLiteral("signing-key/") + keyId;
}

using sql::nullableMs;
} // namespace

SessionService::SessionService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                               std::shared_ptr<SecretStore> secrets, std::shared_ptr<AuditLog> audit)
    : m_store(std::move(store)), m_clock(std::move(clock)), m_secrets(std::move(secrets)), m_audit(std::move(audit))
{
}

QString SessionService::signToken(const QJsonObject& payload, const QByteArray& privateKey) const
{
    const QByteArray signedPart = QByteArray(kPrefix.data(), kPrefix.size()) +
                                  QJsonDocument(payload).toJson(QJsonDocument::Compact).toBase64(kB64);
    const QByteArray signature = Ed25519::sign(privateKey, signedPart);
    if (signature.isEmpty())
        return {};
    return QString::fromLatin1(signedPart + '.' + signature.toBase64(kB64));
}

Result<QByteArray> SessionService::privateKey(const QString& keyId) const
{
    {
        QMutexLocker lock(&m_mutex);
        if (const auto it = m_privateKeys.constFind(keyId); it != m_privateKeys.constEnd())
            return *it;
    }
    if (!m_secrets)
        return Error::storage(QStringLiteral("no secret store is configured: signing keys cannot be kept"));
    auto stored = m_secrets->read(secretKeyFor(keyId));
    if (!stored)
        return Error::storage(QStringLiteral("cannot read signing key %1: %2").arg(keyId, stored.error().message));
    if (!stored.value() || stored.value()->size() != 32)
        return Error::storage(QStringLiteral("signing key %1 is missing from the secret store").arg(keyId));
    QMutexLocker lock(&m_mutex);
    m_privateKeys.insert(keyId, *stored.value());
    return *stored.value();
}

Result<std::optional<QString>> SessionService::currentKeyId() const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT key_id FROM signing_keys WHERE pending = 0 AND retired_at IS NULL "
                                  "ORDER BY created_at DESC, rowid DESC LIMIT 1"),
                   QStringLiteral("read the current signing key"));
    return q.first([](const QSqlQuery& r) { return r.value(0).toString(); });
}

Result<QString> SessionService::createKey(bool pending)
{
    auto pair = Ed25519::generate();
    if (!pair)
        return pair.error();
    if (!m_secrets)
        return Error::storage(QStringLiteral("no secret store is configured: signing keys cannot be kept"));
    const QString keyId = Ed25519::keyId(pair->publicKey);
    if (auto written = m_secrets->write(secretKeyFor(keyId), pair->privateKey); !written)
        return Error::storage(QStringLiteral("cannot store signing key %1: %2").arg(keyId, written.error().message));
    QSqlQuery q(m_store->connection());
    q.prepare(QStringLiteral("INSERT INTO signing_keys (key_id, public_key, created_at, pending) VALUES (?, ?, ?, ?)"));
    q.addBindValue(keyId);
    q.addBindValue(pair->publicKey);
    q.addBindValue(m_clock->nowMs());
    q.addBindValue(pending ? 1 : 0);
    if (!q.exec()) {
        const Error refused =
            Error::storage(QStringLiteral("cannot record signing key %1: %2").arg(keyId, q.lastError().text()));
        // A key the store never recorded signs nothing: its private half goes again, so a retrying client does
        // not leave one key behind per attempt.
        if (auto removed = m_secrets->remove(secretKeyFor(keyId)); !removed)
            return Error::storage(refused.message +
                                  QStringLiteral("; its private key could not be removed from the secret store: %1")
                                      .arg(removed.error().message));
        return refused;
    }
    QMutexLocker lock(&m_mutex);
    m_privateKeys.insert(keyId, pair->privateKey);
    return keyId;
}

Result<Done> SessionService::activateKey(const QString& keyId, qint64 retireOthersAtMs)
{
    WriteTransaction tx(m_store->connection());
    QSqlQuery q(m_store->connection());
    q.prepare(QStringLiteral("UPDATE signing_keys SET pending = 0 WHERE key_id = ? AND retired_at IS NULL"));
    q.addBindValue(keyId);
    if (!tx.begun() || !q.exec() || q.numRowsAffected() != 1)
        return Error::storage(QStringLiteral("cannot make %1 the signing key: %2")
                                  .arg(keyId, tx.begun() ? q.lastError().text() : tx.lastError()));
    QSqlQuery retire(m_store->connection());
    retire.prepare(QStringLiteral("UPDATE signing_keys SET retired_at = ? WHERE key_id <> ? AND "
                                  "(retired_at IS NULL OR retired_at > ?)"));
    retire.addBindValue(retireOthersAtMs);
    retire.addBindValue(keyId);
    retire.addBindValue(retireOthersAtMs);
    if (!retire.exec())
        return Error::storage(QStringLiteral("cannot retire the old signing keys: %1").arg(retire.lastError().text()));
    if (!tx.commit())
        return Error::storage(QStringLiteral("cannot make %1 the signing key: %2").arg(keyId, tx.lastError()));
    return Done{};
}

Result<Done> SessionService::abandonKey(const QString& keyId)
{
    QSqlQuery q(m_store->connection());
    q.prepare(QStringLiteral("UPDATE signing_keys SET retired_at = ? WHERE key_id = ? AND pending = 1"));
    q.addBindValue(m_clock->nowMs());
    q.addBindValue(keyId);
    if (!q.exec())
        return Error::storage(QStringLiteral("cannot abandon key %1: %2").arg(keyId, q.lastError().text()));
    return Done{};
}

Result<QList<SigningKeyInfo>> SessionService::signingKeys() const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT key_id, created_at, pending, retired_at FROM signing_keys ORDER BY "
                                  "created_at DESC"),
                   QStringLiteral("read the signing keys"));
    return q.all([](const QSqlQuery& r) {
        return SigningKeyInfo{r.value(0).toString(), QDateTime::fromMSecsSinceEpoch(r.value(1).toLongLong(), Qt::UTC),
                              r.value(2).toInt() != 0,
                              r.value(3).isNull()
                                  ? std::nullopt
                                  : std::optional(QDateTime::fromMSecsSinceEpoch(r.value(3).toLongLong(), Qt::UTC))};
    });
}

Result<IssuedSession> SessionService::issue(const ApiPrincipal& credential, qint64 lifetimeMs)
{
    const auto current = currentKeyId();
    if (!current)
        return current.error();
    std::optional<QString> keyId = *current;
    if (!keyId) {
        auto created = createKey(false);
        if (!created)
            return created.error();
        keyId = created.value();
        if (m_audit)
            m_audit->append(QStringLiteral("watchpost"), AuditAction::KeyCreated,
                            {QStringLiteral("signing_key:") + *keyId}, QStringLiteral("succeeded"),
                            QStringLiteral("first signing key"));
    }
    auto key = privateKey(*keyId);
    if (!key)
        return key.error();
    unsigned char random[16];
    if (RAND_bytes(random, sizeof random) != 1)
        return Error::storage(QStringLiteral("the system random generator failed; no session was issued"));
    const QString id = QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(random), 16).toBase64(kB64));
    const qint64 now = m_clock->nowMs();
    const qint64 expires = now + lifetimeMs;
    const QString token = signToken(QJsonObject{{QStringLiteral("v"), 1},
                                                {QStringLiteral("kid"), *keyId},
                                                {QStringLiteral("sid"), id},
                                                {QStringLiteral("cid"), credential.tokenId},
                                                {QStringLiteral("iat"), now / 1000},
                                                {QStringLiteral("exp"), expires / 1000}},
                                    key.value());
    if (token.isEmpty())
        return Error::storage(QStringLiteral("OpenSSL could not sign the session token"));
    WriteTransaction tx(m_store->connection());
    QSqlQuery q(m_store->connection());
    q.prepare(QStringLiteral(
        "INSERT INTO sessions (id, credential_id, key_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(id);
    q.addBindValue(credential.tokenId);
    q.addBindValue(*keyId);
    q.addBindValue(now);
    q.addBindValue(expires);
    if (!tx.begun() || !q.exec())
        return Error::storage(
            QStringLiteral("could not store the session: %1").arg(tx.begun() ? q.lastError().text() : tx.lastError()));
    if (m_audit)
        if (auto a = m_audit->appendWithin(
                credential.name, AuditAction::SessionIssued,
                {QStringLiteral("session:") + id, QStringLiteral("credential:%1").arg(credential.tokenId)},
                QStringLiteral("succeeded"), QStringLiteral("signed with key %1").arg(*keyId));
            !a)
            return a.error();
    if (!tx.commit())
        return Error::storage(QStringLiteral("could not store the session: %1").arg(tx.lastError()));
    return IssuedSession{id, token, QDateTime::fromMSecsSinceEpoch(expires, Qt::UTC), *keyId};
}

Result<ApiPrincipal> SessionService::authenticate(const QString& presented) const
{
    const QByteArray token = presented.toLatin1();
    const qsizetype dot = token.indexOf('.');
    if (!presented.startsWith(kPrefix) || presented.size() > 1000 || dot < 0)
        return refused("invalid_token", QStringLiteral("the session token is malformed"));
    const QByteArray signedPart = token.left(dot);
    const auto signature = canonicalBase64Url(token.mid(dot + 1));
    const auto payloadBytes = canonicalBase64Url(signedPart.mid(kPrefix.size()));
    if (!signature || !payloadBytes)
        return refused("invalid_token", QStringLiteral("the session token is malformed"));
    const QJsonObject payload = QJsonDocument::fromJson(*payloadBytes).object();
    const QString sessionId = payload.value(QStringLiteral("sid")).toString();
    const QString keyId = payload.value(QStringLiteral("kid")).toString();
    if (sessionId.isEmpty() || keyId.isEmpty() || signature->size() != 64)
        return refused("invalid_token", QStringLiteral("the session token is malformed"));

    QSqlQuery q(m_store->connection());
    q.prepare(QStringLiteral(
        "SELECT s.key_id, s.issued_at, s.expires_at, s.invalidated_at, s.invalidated_reason, t.id, t.name, t.role, "
        "t.revoked_sessions, k.public_key, k.retired_at, (SELECT MAX(required_at) FROM reauthentications) "
        "FROM sessions s JOIN api_tokens t ON t.id = s.credential_id JOIN signing_keys k ON k.key_id = s.key_id "
        "WHERE s.id = ?"));
    q.addBindValue(sessionId);
    if (!q.exec())
        return Error::storage(QStringLiteral("cannot check the session: %1").arg(q.lastError().text()));
    if (!q.next())
        return refused("invalid_token", QStringLiteral("the session is not known"));
    // The signature first: nothing in a token is believed before it verifies against the key that issued it.
    // A token that verified once verifies again (same bytes, same public key), so that answer is remembered;
    // everything that can change — expiry, invalidation, retirement, revocation — is checked on every request.
    if (q.value(0).toString() != keyId)
        return refused("invalid_token", QStringLiteral("the session token names another signing key than its session"));
    bool verified = false;
    {
        QMutexLocker lock(&m_mutex);
        verified = m_verified.contains(token);
    }
    if (!verified) {
        if (!Ed25519::verify(q.value(9).toByteArray(), signedPart, *signature))
            return refused("invalid_token", QStringLiteral("the session token's signature does not verify (altered, "
                                                           "or not signed by Watchpost)"));
        QMutexLocker lock(&m_mutex);
        if (m_verified.size() >= 10000)
            m_verified.clear();
        m_verified.insert(token);
    }
    const qint64 now = m_clock->nowMs();
    if (!q.value(10).isNull() && q.value(10).toLongLong() <= now)
        return refused("retired_key", QStringLiteral("the session token was signed by retired key %1; exchange an API "
                                                     "key for a new session")
                                          .arg(keyId));
    // A revocation with the "immediate" policy cuts its sessions here too, even if recording their invalidation failed.
    if (q.value(8).toString() == QLatin1String("immediate"))
        return refused("revoked_token", QStringLiteral("the credential behind this session was revoked"));
    if (!q.value(3).isNull())
        return refused(
            "session_invalidated",
            QStringLiteral("the session was invalidated at %1: %2")
                .arg(QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC).toString(Qt::ISODateWithMs),
                     q.value(4).toString()));
    if (!q.value(11).isNull() && q.value(1).toLongLong() < q.value(11).toLongLong())
        return refused(
            "reauthentication_required",
            QStringLiteral("re-authentication is required since %1: exchange your API key for a new session "
                           "(POST /api/v1/auth/sessions)")
                .arg(QDateTime::fromMSecsSinceEpoch(q.value(11).toLongLong(), Qt::UTC).toString(Qt::ISODate)));
    if (q.value(2).toLongLong() <= now)
        return refused("session_expired",
                       QStringLiteral("the session has expired; exchange your API key for a new one"));
    const auto role = TokenService::roleFromName(q.value(7).toString());
    if (!role)
        return refused("invalid_token", QStringLiteral("the credential has no valid role"));
    ApiPrincipal p{q.value(5).toLongLong(), q.value(6).toString(), *role, {}};
    p.sessionId = sessionId;
    return p;
}

Result<QList<SessionInfo>> SessionService::sessions(std::optional<qint64> credentialId, bool activeOnly) const
{
    QSqlQuery q(m_store->connection());
    q.prepare(QStringLiteral("SELECT s.id, s.credential_id, t.name, s.key_id, s.issued_at, s.expires_at, "
                             "s.invalidated_at, s.invalidated_reason FROM sessions s JOIN api_tokens t ON t.id = "
                             "s.credential_id WHERE (? IS NULL OR s.credential_id = ?) AND (? = 0 OR (s.invalidated_at "
                             "IS NULL AND s.expires_at > ?)) ORDER BY s.issued_at DESC LIMIT 1000"));
    q.addBindValue(nullableMs(credentialId));
    q.addBindValue(nullableMs(credentialId));
    q.addBindValue(activeOnly ? 1 : 0);
    q.addBindValue(m_clock->nowMs());
    if (!q.exec())
        return storageFailure(q, QStringLiteral("read the sessions"));
    QList<SessionInfo> out;
    while (q.next()) {
        SessionInfo s;
        s.id = q.value(0).toString();
        s.credentialId = q.value(1).toLongLong();
        s.credentialName = q.value(2).toString();
        s.keyId = q.value(3).toString();
        s.issuedAt = QDateTime::fromMSecsSinceEpoch(q.value(4).toLongLong(), Qt::UTC);
        s.expiresAt = QDateTime::fromMSecsSinceEpoch(q.value(5).toLongLong(), Qt::UTC);
        if (!q.value(6).isNull())
            s.invalidatedAt = QDateTime::fromMSecsSinceEpoch(q.value(6).toLongLong(), Qt::UTC);
        s.invalidatedReason = q.value(7).toString();
        out << s;
    }
    return out;
}

Result<QDateTime> SessionService::invalidateWithin(const QString& sessionId, const QString& reason)
{
    const qint64 now = m_clock->nowMs();
    QSqlQuery q(m_store->connection());
    q.prepare(QStringLiteral("UPDATE sessions SET invalidated_at = ?, invalidated_reason = ? WHERE id = ? AND "
                             "invalidated_at IS NULL"));
    q.addBindValue(now);
    q.addBindValue(reason);
    q.addBindValue(sessionId);
    if (!q.exec())
        return Error::storage(
            QStringLiteral("session %1 could not be invalidated: %2").arg(sessionId, q.lastError().text()));
    return QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
}

Result<Done> SessionService::probe(const QString& keyId) const
{
    auto key = privateKey(keyId);
    if (!key)
        return key.error();
    QSqlQuery q(m_store->connection());
    q.prepare(QStringLiteral("SELECT public_key FROM signing_keys WHERE key_id = ?"));
    q.addBindValue(keyId);
    if (!q.exec())
        return storageFailure(q, QStringLiteral("read signing key %1").arg(keyId));
    if (!q.next())
        return Error::notFound(QStringLiteral("signing key %1 is not recorded").arg(keyId));
    const QString token = signToken(QJsonObject{{QStringLiteral("v"), 1},
                                                {QStringLiteral("kid"), keyId},
                                                {QStringLiteral("sid"), QStringLiteral("probe")},
                                                {QStringLiteral("iat"), m_clock->nowMs() / 1000}},
                                    key.value());
    const QByteArray bytes = token.toLatin1();
    const qsizetype dot = bytes.indexOf('.');
    if (token.isEmpty() || dot < 0 ||
        !Ed25519::verify(q.value(0).toByteArray(), bytes.left(dot),
                         QByteArray::fromBase64(bytes.mid(dot + 1), QByteArray::Base64UrlEncoding)))
        return Error::storage(
            QStringLiteral("a probe token signed with key %1 did not verify with its public key").arg(keyId));
    return Done{};
}

Result<QDateTime> SessionService::forceReauthentication(const QString& actor, const QString& reason)
{
    const qint64 now = m_clock->nowMs();
    QSqlQuery q(m_store->connection());
    q.prepare(QStringLiteral("INSERT INTO reauthentications (required_at, actor, reason) VALUES (?, ?, ?)"));
    q.addBindValue(now);
    q.addBindValue(actor);
    q.addBindValue(reason);
    if (!q.exec())
        return Error::storage(QStringLiteral("re-authentication could not be forced: %1").arg(q.lastError().text()));
    return QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
}

Result<std::optional<QDateTime>> SessionService::reauthenticationRequiredAt() const
{
    QSqlQuery q(m_store->connection());
    if (!q.exec(QStringLiteral("SELECT MAX(required_at) FROM reauthentications")))
        return storageFailure(q, QStringLiteral("read the forced re-authentications"));
    if (q.next() && !q.value(0).isNull())
        return std::optional(QDateTime::fromMSecsSinceEpoch(q.value(0).toLongLong(), Qt::UTC));
    return std::optional<QDateTime>();
}

Result<QList<std::pair<QString, QDateTime>>> SessionService::reauthenticatedSince(const QDateTime& since) const
{
    QSqlQuery q(m_store->connection());
    q.prepare(
        QStringLiteral("SELECT t.name, MIN(s.issued_at) FROM sessions s JOIN api_tokens t ON t.id = s.credential_id "
                       "WHERE s.issued_at >= ? GROUP BY s.credential_id ORDER BY MIN(s.issued_at)"));
    q.addBindValue(since.toMSecsSinceEpoch());
    if (!q.exec())
        return storageFailure(q, QStringLiteral("read who signed in again"));
    QList<std::pair<QString, QDateTime>> out;
    while (q.next())
        out << std::pair(q.value(0).toString(), QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC));
    return out;
}

} // namespace watchpost
