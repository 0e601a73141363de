#include "models/credentials/TokenService.h"

#include "models/core/FieldProblems.h"

#include <QCryptographicHash>
#include <QSqlError>
#include <QSqlQuery>

#include <openssl/rand.h>

namespace watchpost {
namespace {
const QLatin1String kPrefix("wpt_");

QString hashOf(const QString& token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}
} // namespace

TokenService::TokenService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock)
    : m_store(std::move(store)), m_clock(std::move(clock))
{
}

std::optional<Role> TokenService::roleFromName(const QString& name)
{
    if (name == QLatin1String("admin"))
        return Role::Admin;
    if (name == QLatin1String("responder"))
        return Role::Responder;
    if (name == QLatin1String("viewer"))
        return Role::Viewer;
    if (name == QLatin1String("automation"))
        return Role::Automation;
    return std::nullopt;
}

QString TokenService::roleName(Role role)
{
    switch (role) {
    case Role::Admin:
        return QStringLiteral("admin");
    case Role::Responder:
        return QStringLiteral("responder");
    case Role::Viewer:
        return QStringLiteral("viewer");
    case Role::Automation:
        return QStringLiteral("automation");
    }
    return {};
}

Result<CreatedToken> TokenService::create(const QString& name, const QString& role, std::optional<QDateTime> expiresAt,
                                          const QString& owner)
{
    FieldProblems problems;
    if (name.trimmed().isEmpty() || name.size() > 200) {
        problems.add(QStringLiteral("name"), QStringLiteral("a token needs a name of 1 to 200 characters"));
    }
    if (!roleFromName(role)) {
        problems.add(
            QStringLiteral("role"),
            QStringLiteral("role must be admin, responder, viewer or automation (got '%1')").arg(role.left(40)));
    }
    if (problems.any())
        return problems.error();

    unsigned char random[32];
    if (RAND_bytes(random, sizeof random) != 1)
        return Error::storage(QStringLiteral("the system random generator failed; no token was created"));
    const QString token =
        kPrefix + QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(random), sizeof random)
                                          .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    QSqlQuery q(m_store->connection());
    q.prepare(QStringLiteral(
        "INSERT INTO api_tokens (name, role, token_hash, created_at, expires_at, owner) VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(name.trimmed());
    q.addBindValue(role);
    q.addBindValue(hashOf(token));
    q.addBindValue(m_clock->nowMs());
    q.addBindValue(expiresAt ? QVariant(expiresAt->toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(owner.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(owner.left(200)));
    if (!q.exec())
        return Error::storage(QStringLiteral("could not store the token: %1").arg(q.lastError().text()));
    return CreatedToken{q.lastInsertId().toLongLong(), token};
}

Result<ApiPrincipal> TokenService::authenticate(const QString& presented) const
{
    if (!presented.startsWith(kPrefix) || presented.size() > 200)
        return Error{Error::Kind::Forbidden,
                     QStringLiteral("invalid_token"),
                     QStringLiteral("the bearer token is not a Watchpost token"),
                     {},
                     {}};
    // Lookup by hash: the presented token is never compared in plaintext. Prepared once: asked at every request.
    QString why;
    QSqlQuery* found = m_lookup.get(*m_store, &why);
    if (!found)
        return Error::storage(QStringLiteral("cannot check the token: %1").arg(why));
    QSqlQuery& q = *found;
    q.bindValue(0, hashOf(presented));
    if (!q.exec()) {
        why = q.lastError().text();
        m_lookup.reset();
        return Error::storage(QStringLiteral("cannot check the token: %1").arg(why));
    }
    const bool known = q.next();
    const QVariant id = known ? q.value(0) : QVariant(), name = known ? q.value(1) : QVariant(),
                   roleText = known ? q.value(2) : QVariant(), expires = known ? q.value(3) : QVariant(),
                   revoked = known ? q.value(4) : QVariant();
    q.finish(); // no read transaction left open between requests
    if (!known)
        return Error{Error::Kind::Forbidden,
                     QStringLiteral("invalid_token"),
                     QStringLiteral("the bearer token is not known"),
                     {},
                     {}};
    if (!revoked.isNull())
        return Error{Error::Kind::Forbidden,
                     QStringLiteral("revoked_token"),
                     QStringLiteral("the bearer token was revoked"),
                     {},
                     {}};
    if (!expires.isNull() && expires.toLongLong() <= m_clock->nowMs())
        return Error{Error::Kind::Forbidden,
                     QStringLiteral("expired_token"),
                     QStringLiteral("the bearer token has expired"),
                     {},
                     {}};
    const auto role = roleFromName(roleText.toString());
    if (!role)
        return Error{Error::Kind::Forbidden,
                     QStringLiteral("invalid_token"),
                     QStringLiteral("the bearer token has no valid role"),
                     {},
                     {}};
    return ApiPrincipal{id.toLongLong(), name.toString(), *role, {}};
}

Result<Done> TokenService::revoke(qint64 tokenId)
{
    QSqlQuery q(m_store->connection());
    q.prepare(QStringLiteral("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"));
    q.addBindValue(m_clock->nowMs());
    q.addBindValue(tokenId);
    if (!q.exec())
        return Error::storage(QStringLiteral("could not revoke token %1: %2").arg(tokenId).arg(q.lastError().text()));
    if (q.numRowsAffected() == 0)
        return Error::notFound(QStringLiteral("no active token %1").arg(tokenId));
    return Done{};
}

} // namespace watchpost
