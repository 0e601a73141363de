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

QJsonObject revocation(const RevocationReport& r)
{
    QJsonArray ids;
    for (qint64 id : r.revoked)
        ids << id;
    QJsonArray invalidated;
    for (const auto& [id, at] : r.sessionsInvalidated)
        invalidated << QJsonObject{{QStringLiteral("session_id"), id}, {QStringLiteral("invalidated_at"), time(at)}};
    QJsonArray runningOut;
    for (const auto& [id, at] : r.sessionsRunningOut)
        runningOut << QJsonObject{{QStringLiteral("session_id"), id}, {QStringLiteral("expires_at"), time(at)}};
    return {{QStringLiteral("revoked_credential_ids"), ids},
            {QStringLiteral("sessions_invalidated"), invalidated},
            {QStringLiteral("sessions_valid_until_expiry"), runningOut},
            {QStringLiteral("containment"), r.complete() ? QStringLiteral("complete") : QStringLiteral("incomplete")},
            {QStringLiteral("failures"), QJsonArray::fromStringList(r.failures)},
            {QStringLiteral("manual_steps"), QJsonArray::fromStringList(r.manualSteps)}};
}

RevocationReport revocationFrom(const QJsonObject& o)
{
    RevocationReport r;
    for (const QJsonValue& id : o.value(QStringLiteral("revoked_credential_ids")).toArray())
        r.revoked << qint64(id.toDouble());
    auto at = [](const QJsonObject& s, const char* key) {
        return QDateTime::fromString(s.value(QLatin1String(key)).toString(), Qt::ISODateWithMs);
    };
    for (const QJsonValue& s : o.value(QStringLiteral("sessions_invalidated")).toArray())
        r.sessionsInvalidated << std::pair(s.toObject().value(QStringLiteral("session_id")).toString(),
                                           at(s.toObject(), "invalidated_at"));
    for (const QJsonValue& s : o.value(QStringLiteral("sessions_valid_until_expiry")).toArray())
        r.sessionsRunningOut << std::pair(s.toObject().value(QStringLiteral("session_id")).toString(),
                                          at(s.toObject(), "expires_at"));
    for (const QJsonValue& f : o.value(QStringLiteral("failures")).toArray())
        r.failures << f.toString();
    for (const QJsonValue& m : o.value(QStringLiteral("manual_steps")).toArray())
        r.manualSteps << m.toString();
    return r;
}

QJsonObject recovery(const RecoveryReport& r)
{
    return {{QStringLiteral("id"), r.id},
            {QStringLiteral("at"), time(r.at)},
            {QStringLiteral("status"), r.status()},
            {QStringLiteral("revocation"), revocation(r.revocation)},
            {QStringLiteral("new_signing_key"), r.newKeyId.isEmpty() ? QJsonValue() : QJsonValue(r.newKeyId)},
            {QStringLiteral("retired_signing_keys"), QJsonArray::fromStringList(r.retiredKeyIds)},
            {QStringLiteral("reauthentication_required_at"),
             r.reauthenticationRequiredAt ? QJsonValue(time(*r.reauthenticationRequiredAt)) : QJsonValue()},
            {QStringLiteral("failures"), QJsonArray::fromStringList(r.failures + r.revocation.failures)},
            {QStringLiteral("manual_steps"), QJsonArray::fromStringList(r.revocation.manualSteps + r.manualSteps)},
            {QStringLiteral("incident_id"), r.incidentId ? QJsonValue(*r.incidentId) : QJsonValue()}};
}

RecoveryReport recoveryFrom(const QJsonObject& o)
{
    RecoveryReport r;
    r.id = qint64(o.value(QStringLiteral("id")).toDouble());
    r.at = QDateTime::fromString(o.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs);
    r.revocation = revocationFrom(o.value(QStringLiteral("revocation")).toObject());
    r.revocation.failures.clear(); // in the report's own lists below, as the API joins them
    r.revocation.manualSteps.clear();
    r.newKeyId = o.value(QStringLiteral("new_signing_key")).toString();
    for (const QJsonValue& k : o.value(QStringLiteral("retired_signing_keys")).toArray())
        r.retiredKeyIds << k.toString();
    if (const QJsonValue at = o.value(QStringLiteral("reauthentication_required_at")); at.isString())
        r.reauthenticationRequiredAt = QDateTime::fromString(at.toString(), Qt::ISODateWithMs);
    for (const QJsonValue& f : o.value(QStringLiteral("failures")).toArray())
        r.failures << f.toString();
    for (const QJsonValue& m : o.value(QStringLiteral("manual_steps")).toArray())
        r.manualSteps << m.toString();
    if (const QJsonValue id = o.value(QStringLiteral("incident_id")); id.isDouble())
        r.incidentId = qint64(id.toDouble());
    return r;
}

} // namespace watchpost::json
