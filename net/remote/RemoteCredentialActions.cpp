#include "net/remote/RemoteCredentialActions.h"

#include "net/credentials/CredentialJson.h"
#include "net/incidents/IncidentJson.h"

namespace watchpost {
namespace {
const QString kCredentials = QStringLiteral("/api/v1/security/credentials");
} // namespace

Result<CreatedToken> RemoteCredentialActions::create(const QString& name, const QString& role, const QString& owner,
                                                     std::optional<QDateTime> expiresAt, const QString&)
{
    QJsonObject body{{QStringLiteral("name"), name}, {QStringLiteral("role"), role}};
    if (!owner.isEmpty())
        body.insert(QStringLiteral("owner"), owner);
    if (expiresAt)
        body.insert(QStringLiteral("expires_at"), json::time(*expiresAt));
    auto r = m_link.call("POST", kCredentials, body);
    if (!r)
        return r.error();
    return CreatedToken{qint64(r->value(QStringLiteral("id")).toDouble()),
                        r->value(QStringLiteral("token")).toString()};
}

Result<RevocationReport> RemoteCredentialActions::revoke(const QList<qint64>& ids, const QString& reason,
                                                         SessionPolicy policy, const QString&)
{
    // The API revokes one credential per call; the reports are joined.
    RevocationReport joined;
    for (qint64 id : ids) {
        auto r = m_link.call(
            "POST", kCredentials + QStringLiteral("/%1/revoke").arg(id),
            {{QStringLiteral("reason"), reason}, {QStringLiteral("sessions"), CredentialService::policyName(policy)}});
        if (!r)
            return r.error();
        const RevocationReport one = json::revocationFrom(*r);
        joined.revoked << one.revoked;
        joined.sessionsInvalidated << one.sessionsInvalidated;
        joined.sessionsRunningOut << one.sessionsRunningOut;
        joined.failures << one.failures;
        joined.manualSteps << one.manualSteps;
    }
    return joined;
}

} // namespace watchpost
