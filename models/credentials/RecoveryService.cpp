#include "models/credentials/RecoveryService.h"

#include "models/store/CheckedQuery.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace watchpost {

namespace {
// What the recoveries table keeps of a report: what latestIn() reads back. The API's form is in net/.
QJsonObject storedForm(const RecoveryReport& r)
{
    QJsonArray revoked;
    for (qint64 id : r.revocation.revoked)
        revoked << id;
    return {{QStringLiteral("at"), r.at.toString(Qt::ISODateWithMs)},
            {QStringLiteral("status"), r.status()},
            {QStringLiteral("revocation"), QJsonObject{{QStringLiteral("revoked_credential_ids"), revoked}}},
            {QStringLiteral("new_signing_key"), r.newKeyId.isEmpty() ? QJsonValue() : QJsonValue(r.newKeyId)},
            {QStringLiteral("reauthentication_required_at"),
             r.reauthenticationRequiredAt ? QJsonValue(r.reauthenticationRequiredAt->toString(Qt::ISODateWithMs))
                                          : QJsonValue()},
            {QStringLiteral("failures"), QJsonArray::fromStringList(r.failures + r.revocation.failures)},
            {QStringLiteral("manual_steps"), QJsonArray::fromStringList(r.revocation.manualSteps + r.manualSteps)},
            {QStringLiteral("incident_id"), r.incidentId ? QJsonValue(*r.incidentId) : QJsonValue()}};
}
} // namespace

RecoveryService::RecoveryService(CredentialService& credentials, IncidentService* incidents,
                                 ManagedSecretService* secrets)
    : m_credentials(credentials), m_incidents(incidents), m_secrets(secrets)
{
}

Result<RecoveryReport> RecoveryService::tokenCompromise(const RecoveryRequest& request, const QString& actor)
{
    if (request.incidentId && m_incidents && !m_incidents->get(*request.incidentId))
        return Error::validation(QStringLiteral("no incident %1").arg(*request.incidentId),
                                 {QStringLiteral("incident_id")}, {QStringLiteral("no such incident")});
    QList<qint64> ids = request.credentialIds;
    // A leaked session token: its credential is compromised too.
    for (const QString& sid : request.leakedSessionIds) {
        const auto read = m_credentials.sessions().sessions(std::nullopt, false);
        if (!read)
            return read.error();
        const QList<SessionInfo>& all = *read;
        const auto it = std::find_if(all.cbegin(), all.cend(), [&](const SessionInfo& s) { return s.id == sid; });
        if (it == all.cend())
            return Error::validation(QStringLiteral("no session %1").arg(sid.left(64)), {QStringLiteral("session_ids")},
                                     {QStringLiteral("no session %1").arg(sid.left(64))});
        if (!ids.contains(it->credentialId))
            ids << it->credentialId;
    }
    auto revocation = m_credentials.revoke(ids, request.reason, SessionPolicy::Immediate, actor);
    if (!revocation)
        return revocation.error();
    AuditLog& audit = m_credentials.audit();
    SessionService& sessions = m_credentials.sessions();

    RecoveryReport report;
    report.revocation = revocation.value();
    report.incidentId = request.incidentId;
    if (request.rotateSigningKey || !request.leakedSessionIds.isEmpty()) {
        const auto keys = sessions.signingKeys();
        if (!keys) // the rotation goes ahead; only the list of keys it retired is unknown
            report.failures << QStringLiteral("the signing keys could not be listed before the rotation, so the "
                                              "retired keys are not named here: %1")
                                   .arg(keys.error().message);
        const QList<SigningKeyInfo> before = keys ? *keys : QList<SigningKeyInfo>{};
        auto created = sessions.createKey(true);
        Result<Done> activated = created ? sessions.activateKey(created.value(), m_credentials.clock().nowMs())
                                         : Result<Done>(created.error());
        if (created && activated) {
            report.newKeyId = created.value();
            for (const SigningKeyInfo& k : before)
                if (!k.retiredAt || *k.retiredAt > m_credentials.clock().now())
                    report.retiredKeyIds << k.keyId;
            QStringList targets{QStringLiteral("signing_key:") + created.value()};
            for (const QString& k : report.retiredKeyIds)
                targets << QStringLiteral("signing_key:") + k;
            audit.append(
                actor, AuditAction::KeyRotated, targets, QStringLiteral("succeeded"),
                QStringLiteral("token-compromise recovery: %1 signs from now on; tokens signed by the old keys "
                               "are refused")
                    .arg(created.value()));
            if (m_secrets)
                if (auto recorded = m_secrets->recordSigningKeyRotation(created.value(), actor); !recorded)
                    report.failures << QStringLiteral(
                                           "the new signing key could not be recorded as a secret version: %1")
                                           .arg(recorded.error().message);
        } else {
            const QString error = created ? activated.error().message : created.error().message;
            if (created)
                sessions.abandonKey(created.value());
            report.failures << QStringLiteral("the signing key could not be rotated: %1").arg(error);
            report.manualSteps << QStringLiteral(
                "The old signing key still signs and verifies sessions. Stop `watchpost serve` and the console's "
                "listener so no session token is accepted, then rotate the signing key from Settings › Security "
                "(Secrets › session signing key) once the secret store works again.");
            audit.append(actor, AuditAction::KeyRotated, {QStringLiteral("signing_key")}, QStringLiteral("failed"),
                         error);
        }
    }
    auto forced = sessions.forceReauthentication(actor, request.reason);
    if (forced) {
        report.reauthenticationRequiredAt = forced.value();
        audit.append(actor, AuditAction::ReauthenticationForced, {QStringLiteral("owner"), QStringLiteral("sessions")},
                     QStringLiteral("succeeded"), request.reason);
    } else {
        report.failures << QStringLiteral("re-authentication could not be forced: %1").arg(forced.error().message);
        report.manualSteps << QStringLiteral("Sessions issued before the recovery are still accepted. Lock the console "
                                             "(close it) and restart `watchpost serve`; tell automation owners to "
                                             "exchange their keys for new sessions.");
        audit.append(actor, AuditAction::ReauthenticationForced, {QStringLiteral("sessions")}, QStringLiteral("failed"),
                     forced.error().message);
    }
    report.at = QDateTime::fromMSecsSinceEpoch(m_credentials.clock().nowMs(), Qt::UTC);

    if (request.incidentId && m_incidents) {
        QStringList lines;
        lines << QStringLiteral("Token-compromise recovery: %1 — %2").arg(report.status(), request.reason);
        QStringList revokedIds;
        for (qint64 id : report.revocation.revoked)
            revokedIds << QString::number(id);
        lines << QStringLiteral("Revoked credentials: %1")
                     .arg(revokedIds.isEmpty() ? QStringLiteral("none") : revokedIds.join(QStringLiteral(", ")));
        for (const auto& [sid, at] : report.revocation.sessionsInvalidated)
            lines << QStringLiteral("Session %1 invalidated at %2").arg(sid, at.toString(Qt::ISODateWithMs));
        if (!report.newKeyId.isEmpty())
            lines << QStringLiteral("Signing key rotated to %1; retired: %2")
                         .arg(report.newKeyId, report.retiredKeyIds.join(QStringLiteral(", ")));
        if (report.reauthenticationRequiredAt)
            lines << QStringLiteral("Re-authentication required since %1")
                         .arg(report.reauthenticationRequiredAt->toString(Qt::ISODateWithMs));
        for (const QString& step : report.revocation.manualSteps + report.manualSteps)
            lines << QStringLiteral("MANUAL: ") + step;
        if (auto added = m_incidents->addTimelineEntry(*request.incidentId, TimelineKind::ContainmentAction,
                                                       lines.join(QLatin1Char('\n')), actor);
            !added)
            report.failures
                << QStringLiteral("the evidence could not be added to the incident: %1").arg(added.error().message);
    }

    QSqlQuery q(m_credentials.store()->connection());
    q.prepare(QStringLiteral(
        "INSERT INTO recoveries (at, actor, reason, status, incident_id, report) VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(report.at.toMSecsSinceEpoch());
    q.addBindValue(actor);
    q.addBindValue(request.reason);
    q.addBindValue(report.status());
    q.addBindValue(request.incidentId ? QVariant(*request.incidentId) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(QString::fromUtf8(QJsonDocument(storedForm(report)).toJson(QJsonDocument::Compact)));
    if (q.exec())
        report.id = q.lastInsertId().toLongLong();
    else
        report.failures << QStringLiteral("the recovery record could not be stored: %1").arg(q.lastError().text());
    return report;
}

Result<std::optional<RecoveryReport>> RecoveryService::latest() const
{
    return latestIn(*m_credentials.store());
}

Result<std::optional<RecoveryReport>> RecoveryService::latestIn(const Store& store)
{
    QSqlQuery q(store.connection());
    if (!q.exec(QStringLiteral("SELECT id, report FROM recoveries ORDER BY id DESC LIMIT 1")))
        return storageFailure(q, QStringLiteral("read the latest recovery"));
    if (!q.next())
        return std::optional<RecoveryReport>();
    const QJsonObject o = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object();
    RecoveryReport r;
    r.id = q.value(0).toLongLong();
    r.at = QDateTime::fromString(o.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs);
    for (const auto& v : o.value(QStringLiteral("failures")).toArray())
        r.failures << v.toString();
    for (const auto& v : o.value(QStringLiteral("manual_steps")).toArray())
        r.manualSteps << v.toString();
    for (const auto& v :
         o.value(QStringLiteral("revocation")).toObject().value(QStringLiteral("revoked_credential_ids")).toArray())
        r.revocation.revoked << v.toInteger();
    r.newKeyId = o.value(QStringLiteral("new_signing_key")).toString();
    if (const QString t = o.value(QStringLiteral("reauthentication_required_at")).toString(); !t.isEmpty())
        r.reauthenticationRequiredAt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (o.value(QStringLiteral("incident_id")).isDouble())
        r.incidentId = o.value(QStringLiteral("incident_id")).toInteger();
    return std::optional(r);
}

Result<QList<std::pair<QString, QDateTime>>> RecoveryService::reauthenticatedSinceLatest() const
{
    const auto since = m_credentials.sessions().reauthenticationRequiredAt();
    if (!since)
        return since.error();
    return since->has_value() ? m_credentials.sessions().reauthenticatedSince(**since)
                              : QList<std::pair<QString, QDateTime>>{};
}

} // namespace watchpost
