#include "models/credentials/CredentialService.h"

#include "models/core/FieldProblems.h"

#include "models/store/SqlValues.h"

#include "models/store/CheckedQuery.h"
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>

namespace watchpost {
namespace {
using sql::optionalTime;

QString iso(const QDateTime& t)
{
    return t.toString(Qt::ISODateWithMs);
}
} // namespace

CredentialService::CredentialService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                                     std::shared_ptr<SecretStore> secrets, std::shared_ptr<AuditLog> audit)
    : m_store(store), m_clock(clock), m_audit(audit), m_tokens(store, clock),
      m_sessions(store, clock, std::move(secrets), audit)
{
}

Result<CreatedToken> CredentialService::create(const QString& name, const QString& role, const QString& owner,
                                               std::optional<QDateTime> expiresAt, const QString& actor)
{
    if (expiresAt && *expiresAt <= m_clock->now())
        return Error::validation(QStringLiteral("expires_at must be in the future"), {QStringLiteral("expires_at")},
                                 {QStringLiteral("expires_at must be in the future")});
    auto created = m_tokens.create(name, role, expiresAt, owner.isEmpty() ? actor : owner);
    if (!created)
        return created;
    m_audit->append(actor, AuditAction::CredentialCreated, {QStringLiteral("credential:%1").arg(created->id)},
                    QStringLiteral("succeeded"), QStringLiteral("%1 (%2)").arg(name.trimmed(), role));
    return created;
}

Result<QList<CredentialInfo>> CredentialService::list() const
{
    CheckedQuery q(
        m_store->connection(),
        QStringLiteral("SELECT t.id, t.name, t.role, t.owner, t.created_at, t.last_used_at, t.expires_at, "
                       "t.revoked_at, t.revoked_reason, (SELECT COUNT(*) FROM sessions s WHERE s.credential_id = "
                       "t.id AND s.invalidated_at IS NULL AND s.expires_at > ?) FROM api_tokens t ORDER BY t.id"),
        QStringLiteral("read the credentials"));
    q.add(m_clock->nowMs());
    return q.all([](const QSqlQuery& r) {
        return CredentialInfo{r.value(0).toLongLong(),
                              r.value(1).toString(),
                              r.value(2).toString(),
                              r.value(3).toString(),
                              QDateTime::fromMSecsSinceEpoch(r.value(4).toLongLong(), Qt::UTC),
                              optionalTime(r.value(5)),
                              optionalTime(r.value(6)),
                              optionalTime(r.value(7)),
                              r.value(8).toString(),
                              r.value(9).toInt()};
    });
}

Result<std::optional<CredentialInfo>> CredentialService::credential(qint64 id) const
{
    const auto all = list();
    if (!all)
        return all.error();
    for (const CredentialInfo& c : *all)
        if (c.id == id)
            return std::optional(c);
    return std::optional<CredentialInfo>();
}

void CredentialService::noteUse(const ApiPrincipal& p)
{
    const qint64 now = m_clock->nowMs();
    // One write a minute per credential is enough for "last used"; the first use is always recorded.
    if (const auto it = m_lastNoted.constFind(p.tokenId); it != m_lastNoted.constEnd() && now - *it < 60'000)
        return;
    m_lastNoted.insert(p.tokenId, now);
    QSqlQuery q(m_store->connection());
    q.prepare(QStringLiteral("UPDATE api_tokens SET last_used_at = ? WHERE id = ?"));
    q.addBindValue(now);
    q.addBindValue(p.tokenId);
    if (!q.exec())
        return;
    CheckedQuery first(
        m_store->connection(),
        QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'credential_first_use' AND targets = ?"),
        QStringLiteral("look for the first use of credential %1").arg(p.tokenId));
    first.add(QStringLiteral("[\"credential:%1\"]").arg(p.tokenId));
    // When the log cannot say, the use is recorded: a second "first use" record beats a missing one.
    if (const auto earlier = first.integer(); !earlier || *earlier == 0)
        m_audit->append(p.name, AuditAction::CredentialFirstUse, {QStringLiteral("credential:%1").arg(p.tokenId)},
                        QStringLiteral("succeeded"),
                        p.sessionId.isEmpty() ? QStringLiteral("API key") : QStringLiteral("session token"));
}

Result<ApiPrincipal> CredentialService::authenticate(const QString& presented)
{
    auto principal = presented.startsWith(SessionService::kPrefix) ? m_sessions.authenticate(presented)
                                                                   : m_tokens.authenticate(presented);
    if (principal)
        noteUse(principal.value());
    return principal;
}

Result<IssuedSession> CredentialService::openSession(const QString& apiKey)
{
    if (apiKey.startsWith(SessionService::kPrefix))
        return Error{Error::Kind::Forbidden,
                     QStringLiteral("api_key_required"),
                     QStringLiteral("a session is opened with an API key, not with another session token"),
                     {},
                     {}};
    auto principal = m_tokens.authenticate(apiKey);
    if (!principal)
        return principal.error();
    noteUse(principal.value());
    return m_sessions.issue(principal.value());
}

QString CredentialService::policyName(SessionPolicy policy)
{
    return policy == SessionPolicy::Immediate ? QStringLiteral("immediate") : QStringLiteral("at_expiry");
}

std::optional<SessionPolicy> CredentialService::policyFromName(const QString& name)
{
    if (name == QLatin1String("immediate"))
        return SessionPolicy::Immediate;
    if (name == QLatin1String("at_expiry"))
        return SessionPolicy::AtExpiry;
    return std::nullopt;
}

Result<RevocationReport> CredentialService::revoke(const QList<qint64>& ids, const QString& reason,
                                                   SessionPolicy policy, const QString& actor)
{
    FieldProblems problems;
    if (reason.trimmed().isEmpty() || reason.size() > 2000) {
        problems.add(QStringLiteral("reason"), QStringLiteral("a revocation needs a reason of 1 to 2000 characters"));
    }
    if (ids.isEmpty()) {
        problems.add(QStringLiteral("credential_ids"), QStringLiteral("name at least one credential to revoke"));
    }
    const auto all = list();
    if (!all)
        return all.error();
    QList<CredentialInfo> targets;
    for (qint64 id : ids) {
        const auto c = std::find_if(all->cbegin(), all->cend(), [id](const CredentialInfo& i) { return i.id == id; });
        if (c != all->cend())
            targets << *c;
        else {
            problems.add(QStringLiteral("credential_ids"), QStringLiteral("no credential %1").arg(id));
            break;
        }
    }
    if (problems.any())
        return problems.error();

    RevocationReport report;
    const QString policyName =
        policy == SessionPolicy::Immediate ? QStringLiteral("immediate") : QStringLiteral("at_expiry");
    for (const CredentialInfo& c : targets) {
        const QString target = QStringLiteral("credential:%1").arg(c.id);
        if (c.revokedAt) {
            report.revoked << c.id; // already cut off; revoking twice is not a failure
            continue;
        }
        bool ok = false;
        QString error;
        {
            WriteTransaction tx(m_store->connection());
            QSqlQuery q(m_store->connection());
            q.prepare(QStringLiteral("UPDATE api_tokens SET revoked_at = ?, revoked_reason = ?, revoked_sessions = ? "
                                     "WHERE id = ? AND revoked_at IS NULL"));
            q.addBindValue(m_clock->nowMs());
            q.addBindValue(reason.trimmed());
            q.addBindValue(policyName);
            q.addBindValue(c.id);
            ok = tx.begun() && q.exec();
            error = !tx.begun() ? tx.lastError() : q.lastError().text();
            if (ok) {
                auto a =
                    m_audit->appendWithin(actor, AuditAction::CredentialRevoked, {target}, QStringLiteral("succeeded"),
                                          QStringLiteral("%1; sessions: %2").arg(reason.trimmed(), policyName));
                ok = a.ok() && tx.commit();
                if (!ok)
                    error = a ? tx.lastError() : a.error().message;
            }
        } // a failed transaction is rolled back here, before the failure is recorded
        if (ok) {
            report.revoked << c.id;
        } else {
            report.failures
                << QStringLiteral("credential %1 (%2) could not be revoked: %3").arg(c.id).arg(c.name, error);
            report.manualSteps << QStringLiteral("Credential %1 (%2) still works. Revoke it again from Settings › "
                                                 "Security or the API; if the store keeps refusing, stop `watchpost "
                                                 "serve` (or close the console's listener) to cut all API access until "
                                                 "it is revoked.")
                                      .arg(c.id)
                                      .arg(c.name);
            m_audit->append(actor, AuditAction::CredentialRevoked, {target}, QStringLiteral("failed"), error);
        }
    }
    for (const CredentialInfo& c : targets) {
        const auto active = m_sessions.sessions(c.id, true);
        if (!active) {
            report.failures << QStringLiteral("the sessions of credential %1 could not be read: %2")
                                   .arg(c.id)
                                   .arg(active.error().message);
            report.manualSteps << QStringLiteral("The sessions of credential %1 are not known to be invalidated. "
                                                 "Rotate the session signing key (token-compromise recovery with "
                                                 "rotate_signing_key) so no token it signed verifies.")
                                      .arg(c.id);
            continue;
        }
        for (const SessionInfo& s : *active) {
            if (policy == SessionPolicy::AtExpiry) {
                report.sessionsRunningOut << std::pair(s.id, s.expiresAt);
                continue;
            }
            QString error;
            QDateTime at;
            {
                WriteTransaction tx(m_store->connection());
                auto invalidated = tx.begun() ? m_sessions.invalidateWithin(s.id, reason.trimmed())
                                              : Result<QDateTime>(Error::storage(tx.lastError()));
                error = invalidated ? QString() : invalidated.error().message;
                if (invalidated) {
                    at = invalidated.value();
                    auto a = m_audit->appendWithin(
                        actor, AuditAction::SessionInvalidated,
                        {QStringLiteral("session:") + s.id, QStringLiteral("credential:%1").arg(c.id)},
                        QStringLiteral("succeeded"), reason.trimmed());
                    if (!a || !tx.commit())
                        error = a ? tx.lastError() : a.error().message;
                }
            }
            if (error.isEmpty())
                report.sessionsInvalidated << std::pair(s.id, at);
            else {
                report.failures << QStringLiteral("session %1 of credential %2 could not be invalidated: %3")
                                       .arg(s.id)
                                       .arg(c.id)
                                       .arg(error);
                report.manualSteps << QStringLiteral(
                                          "Session %1 (credential %2) is not recorded as invalidated. Rotate "
                                          "the session signing key (token-compromise recovery with "
                                          "rotate_signing_key) so no token it signed verifies, and check the "
                                          "audit log for its use until it expires at %3.")
                                          .arg(s.id)
                                          .arg(c.id)
                                          .arg(iso(s.expiresAt));
                m_audit->append(actor, AuditAction::SessionInvalidated, {QStringLiteral("session:") + s.id},
                                QStringLiteral("failed"), error);
            }
        }
    }
    return report;
}

} // namespace watchpost
