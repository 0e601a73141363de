#pragma once
// RecoveryService: token-compromise recovery (ST-SIR-006) — revoke the affected credentials and their sessions,
// rotate the signing key when asked or when a session token itself leaked, force re-authentication, and record
// what was done (on the incident's timeline too when run from one). `contained`, or `degraded` with the manual
// containment still required.

#include "models/credentials/CredentialService.h"
#include "models/incidents/IncidentService.h"
#include "models/secrets/ManagedSecretService.h"

namespace watchpost {

struct RecoveryRequest
{
    QList<qint64> credentialIds;
    QStringList leakedSessionIds; // a leaked session token forces the key rotation
    bool rotateSigningKey = false;
    QString reason;
    std::optional<qint64> incidentId;
};

struct RecoveryReport
{
    qint64 id = 0;
    QDateTime at;
    RevocationReport revocation;
    QString newKeyId;
    QStringList retiredKeyIds;
    std::optional<QDateTime> reauthenticationRequiredAt;
    QStringList failures;
    QStringList manualSteps;
    std::optional<qint64> incidentId;
    QString status() const
    {
        return failures.isEmpty() && revocation.complete() ? QStringLiteral("contained") : QStringLiteral("degraded");
    }
};

class RecoveryService
{
public:
    // `secrets`, when given, records a rotated signing key as the managed signing key's new version.
    RecoveryService(CredentialService& credentials, IncidentService* incidents,
                    ManagedSecretService* secrets = nullptr);

    Result<RecoveryReport> tokenCompromise(const RecoveryRequest& request, const QString& actor);
    // The most recent recovery (for posture and the console), with who has re-authenticated since.
    Result<std::optional<RecoveryReport>> latest() const;
    static Result<std::optional<RecoveryReport>> latestIn(const Store& store);
    Result<QList<std::pair<QString, QDateTime>>> reauthenticatedSinceLatest() const;

private:
    CredentialService& m_credentials;
    IncidentService* m_incidents;
    ManagedSecretService* m_secrets;
};

} // namespace watchpost
