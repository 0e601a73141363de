#pragma once
// AuditAction: the one list of what the audit log records. The writers name an action from it (so a writer cannot
// invent a name the console's filter does not know) and the console's filter lists it.

#include <QList>
#include <QString>
#include <optional>

namespace watchpost {

enum class AuditAction
{
    CredentialCreated,
    CredentialFirstUse,
    CredentialRevoked,
    SessionIssued,
    SessionInvalidated,
    KeyCreated,
    KeyRotated,
    ReauthenticationForced,
    OwnerCreated,
    OwnerUnlock,
    SecretCreated,
    SecretVersionCreated,
    SecretVersionActivated,
    SecretVersionPrevious,
    SecretVersionRevoked,
    SecretVersionAbandoned,
    RotationRequested,
    RotationStepCreate,
    RotationStepSet,
    RotationStepTest,
    RotationStepFinish,
    SecretRotated,
    SecretRollback,
    KillSwitchEngaged,
    KillSwitchScopeChanged,
    KillSwitchReleased,
    GitHubConnectionChanged,
};

namespace audit {

// Every action, in the order the console lists them.
const QList<AuditAction>& actions();
// The name stored in the log and used by the API's filter, e.g. credential_revoked.
QString name(AuditAction action);
std::optional<AuditAction> fromName(const QString& name);
// How a person reads a stored name: "credential_revoked" → "Credential revoked" (any name, known or not).
QString label(const QString& name);
// The action recording a rotation step (create, set, test, finish).
std::optional<AuditAction> rotationStep(const QString& step);

} // namespace audit
} // namespace watchpost
