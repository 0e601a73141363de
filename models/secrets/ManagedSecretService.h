#pragma once
// ManagedSecretService: secrets Watchpost rotates — the GitHub webhook secret, the session signing key, generic
// secrets with a health check — with versions staged pending → current → previous (→ revoked), their values in
// the SecretStore, and the append-only rotation history.

#include "models/audit/AuditLog.h"
#include "models/core/SecretStore.h"

#include <QJsonObject>

namespace watchpost {

struct ManagedSecret
{
    QString name;
    QString kind; // github_webhook | signing_key | generic
    QJsonObject config;
    QDateTime createdAt;
};

struct SecretVersion
{
    qint64 id = 0;
    int version = 0;
    QString stage; // pending | current | previous | revoked | abandoned
    QDateTime createdAt;
    QDateTime stageChangedAt;
    std::optional<QDateTime> revokeAt;
    QString reference;
};

struct RotationStep
{
    QString name;   // create | set | test | finish
    QString status; // succeeded | failed | skipped
    QString detail;
    QDateTime at;
};

struct RotationRecord
{
    qint64 id = 0;
    QString secretName;
    QString actor;
    QDateTime startedAt;
    QDateTime finishedAt;
    QString status; // completed | incomplete
    std::optional<int> fromVersion;
    int toVersion = 0;
    QList<RotationStep> steps;
    QStringList remediation;
};

class ManagedSecretService
{
public:
    ManagedSecretService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                         std::shared_ptr<SecretStore> secrets, std::shared_ptr<AuditLog> audit);

    static QString valueKey(const QString& name, int version);
    static QString apiTokenKey(const QString& name);

    // Validates the kind's configuration; `apiToken` (github_webhook) goes to the SecretStore, never the store.
    Result<ManagedSecret> create(const QString& name, const QString& kind, const QJsonObject& config,
                                 const QByteArray& apiToken, const QString& actor);
    Result<QList<ManagedSecret>> list() const;
    Result<std::optional<ManagedSecret>> secret(const QString& name) const;
    Result<QList<SecretVersion>> versions(const QString& name) const;
    Result<std::optional<SecretVersion>> current(const QString& name) const;
    Result<QByteArray> value(const QString& name, const SecretVersion& version) const;
    Result<QList<RotationRecord>> rotations(const QString& name) const;
    Result<std::optional<RotationRecord>> lastRotation(const QString& name) const;

    // The rotation's store side, step by step (each writes its audit record).
    Result<SecretVersion> addPending(const QString& name, const QByteArray& value, const QString& reference,
                                     const QString& actor);
    // Pending → current; the old current → previous until `revokeAtMs`, or revoked now when that is now.
    Result<Done> activate(const QString& name, int version, qint64 revokeAtMs, const QString& actor);
    Result<Done> abandon(const QString& name, int version, const QString& actor, const QString& why);
    Result<qint64> record(const RotationRecord& rotation);
    // A signing key rotated outside a runbook (token-compromise recovery): recorded as the managed signing key's
    // new current version, the old one revoked, so the versions tell the truth. No-op when it is not managed.
    Result<Done> recordSigningKeyRotation(const QString& keyId, const QString& actor);
    // Previous versions whose grace window ended become revoked (audited).
    Result<Done> expireGraceWindows();

    SecretStore* secretStore() const { return m_secrets.get(); }
    AuditLog& audit() { return *m_audit; }
    const Clock& clock() const { return *m_clock; }

private:
    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<SecretStore> m_secrets;
    std::shared_ptr<AuditLog> m_audit;
};

} // namespace watchpost
