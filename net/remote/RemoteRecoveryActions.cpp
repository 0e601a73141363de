#include "net/remote/RemoteRecoveryActions.h"

#include "net/credentials/CredentialJson.h"

#include <QJsonArray>

namespace watchpost {

Result<RecoveryReport> RemoteRecoveryActions::tokenCompromise(const RecoveryRequest& request, const QString&)
{
    QJsonArray ids;
    for (qint64 id : request.credentialIds)
        ids << id;
    QJsonObject body{{QStringLiteral("credential_ids"), ids},
                     {QStringLiteral("session_ids"), QJsonArray::fromStringList(request.leakedSessionIds)},
                     {QStringLiteral("rotate_signing_key"), request.rotateSigningKey},
                     {QStringLiteral("reason"), request.reason}};
    if (request.incidentId)
        body.insert(QStringLiteral("incident_id"), *request.incidentId);
    auto r = m_link.call("POST", QStringLiteral("/api/v1/security/recovery/token-compromise"), body);
    if (!r)
        return r.error();
    return json::recoveryFrom(*r);
}

} // namespace watchpost
