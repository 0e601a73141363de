#include "models/audit/AuditAction.h"

#include <QHash>

namespace watchpost::audit {
namespace {
struct Entry
{
    AuditAction action;
    const char* name;
};
const Entry kEntries[] = {
    {AuditAction::CredentialCreated, "credential_created"},
    {AuditAction::CredentialFirstUse, "credential_first_use"},
    {AuditAction::CredentialRevoked, "credential_revoked"},
    {AuditAction::SessionIssued, "session_issued"},
    {AuditAction::SessionInvalidated, "session_invalidated"},
    {AuditAction::KeyCreated, "key_created"},
    {AuditAction::KeyRotated, "key_rotated"},
    {AuditAction::ReauthenticationForced, "reauthentication_forced"},
    {AuditAction::OwnerCreated, "owner_created"},
    {AuditAction::OwnerUnlock, "owner_unlock"},
    {AuditAction::SecretCreated, "secret_created"},
    {AuditAction::SecretVersionCreated, "secret_version_created"},
    {AuditAction::SecretVersionActivated, "secret_version_activated"},
    {AuditAction::SecretVersionPrevious, "secret_version_previous"},
    {AuditAction::SecretVersionRevoked, "secret_version_revoked"},
    {AuditAction::SecretVersionAbandoned, "secret_version_abandoned"},
    {AuditAction::RotationRequested, "rotation_requested"},
    {AuditAction::RotationStepCreate, "rotation_step_create"},
    {AuditAction::RotationStepSet, "rotation_step_set"},
    {AuditAction::RotationStepTest, "rotation_step_test"},
    {AuditAction::RotationStepFinish, "rotation_step_finish"},
    {AuditAction::SecretRotated, "secret_rotated"},
    {AuditAction::SecretRollback, "secret_rollback"},
    {AuditAction::KillSwitchEngaged, "kill_switch_engaged"},
    {AuditAction::KillSwitchScopeChanged, "kill_switch_scope_changed"},
    {AuditAction::KillSwitchReleased, "kill_switch_released"},
    {AuditAction::GitHubConnectionChanged, "github_connection_changed"},
};
} // namespace

const QList<AuditAction>& actions()
{
    static const QList<AuditAction> all = [] {
        QList<AuditAction> out;
        for (const Entry& e : kEntries)
            out << e.action;
        return out;
    }();
    return all;
}

QString label(const QString& name)
{
    QString out = name;
    out.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!out.isEmpty())
        out[0] = out.at(0).toUpper();
    return out;
}

QString name(AuditAction action)
{
    for (const Entry& e : kEntries)
        if (e.action == action)
            return QString::fromLatin1(e.name);
    return {};
}

std::optional<AuditAction> fromName(const QString& name)
{
    for (const Entry& e : kEntries)
        if (name == QLatin1String(e.name))
            return e.action;
    return std::nullopt;
}

std::optional<AuditAction> rotationStep(const QString& step)
{
    return fromName(QStringLiteral("rotation_step_") + step);
}

} // namespace watchpost::audit
