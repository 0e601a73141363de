#include "net/credentials/CredentialJson.h"

#include "net/incidents/IncidentJson.h"

#include <QJsonArray>

namespace watchpost::json {
namespace {
QJsonValue optionalTime(const std::optional<QDateTime>& t)
{
    return t ? QJsonValue(json::time(*t)) : QJsonValue();
}
} // namespace

QJsonObject credential(const CredentialInfo& c)
{
    return {{QStringLiteral("id"), c.id},
            {QStringLiteral("name"), c.name},
            {QStringLiteral("role"), c.role},
            {QStringLiteral("owner"), c.owner},
            {QStringLiteral("created_at"), json::time(c.createdAt)},
            {QStringLiteral("last_used_at"), optionalTime(c.lastUsedAt)},
            {QStringLiteral("expires_at"), optionalTime(c.expiresAt)},
            {QStringLiteral("revoked_at"), optionalTime(c.revokedAt)},
            {QStringLiteral("revoked_reason"), c.revokedReason.isEmpty() ? QJsonValue() : QJsonValue(c.revokedReason)},
            {QStringLiteral("active_sessions"), c.activeSessions}};
}

QJsonObject session(const SessionInfo& s)
{
    return {{QStringLiteral("id"), s.id},
            {QStringLiteral("credential_id"), s.credentialId},
            {QStringLiteral("credential"), s.credentialName},
            {QStringLiteral("key_id"), s.keyId},
            {QStringLiteral("issued_at"), json::time(s.issuedAt)},
            {QStringLiteral("expires_at"), json::time(s.expiresAt)},
            {QStringLiteral("invalidated_at"), optionalTime(s.invalidatedAt)},
            {QStringLiteral("invalidated_reason"),
             s.invalidatedReason.isEmpty() ? QJsonValue() : QJsonValue(s.invalidatedReason)}};
}

QJsonObject auditRecord(const AuditRecord& r)
{
    return {{QStringLiteral("id"), r.id},
            {QStringLiteral("at"), json::time(r.at)},
            {QStringLiteral("actor"), r.actor},
            {QStringLiteral("action"), r.action},
            {QStringLiteral("targets"), QJsonArray::fromStringList(r.targets)},
            {QStringLiteral("outcome"), r.outcome},
            {QStringLiteral("detail"), r.detail},
            {QStringLiteral("previous_hash"), r.previousHash},
            {QStringLiteral("hash"), r.hash}};
}

} // namespace watchpost::json
