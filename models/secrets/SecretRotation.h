#pragma once
// SecretRotation: one rotation runbook run as recorded steps — create the new version (pending), set it where it
// is used, test every dependent integration with it, finish (new current, old previous or revoked) — or, when
// set or test fails, mark the rotation incomplete, keep the old version current, undo what can be undone and list
// the rollback or remediation left to people. Asynchronous: integrations answer over the network.

#include "models/secrets/ManagedSecretService.h"

#include <QObject>
#include <functional>

namespace watchpost {

// What one kind of secret does in the steps that touch the outside world.
class RotationTarget
{
public:
    using Callback = std::function<void(bool ok, const QString& detail)>;
    struct NewValue
    {
        QByteArray value;  // kept in the SecretStore as the version's value (may be empty when `reference` says it)
        QString reference; // e.g. the signing key id
        QString detail;
    };
    virtual ~RotationTarget() = default;
    // Step 1: the new value — `entered` when given, else 32 bytes from OpenSSL's generator, as hex.
    virtual Result<NewValue> create(const QByteArray& entered);
    // The value in use before Watchpost managed it (say, the hook's secret set by hand), when no version is current.
    virtual QByteArray currentValue() { return {}; }
    virtual void set(const NewValue& next, const QByteArray& previous, Callback done) = 0;
    virtual void test(const NewValue& next, Callback done) = 0;
    // Step 4's integration side once the versions moved; `revokePreviousAtMs` is now for "at once".
    virtual Result<QString> finish(const NewValue& next, const QByteArray& previous, qint64 revokePreviousAtMs) = 0;
    // After a failure: undoes what set() changed locally; returns the remediation left to people.
    virtual QStringList restore(const NewValue& next, const QByteArray& previous, const QString& failedStep) = 0;
    // After an incomplete rotation: puts `current` back where the secret is used (GitHub's hook config).
    virtual void rollback(const QByteArray& current, Callback done)
    {
        Q_UNUSED(current)
        done(false, QStringLiteral("this kind of secret has nothing outside Watchpost to roll back"));
    }
};

struct RotationOptions
{
    QByteArray enteredValue;
    int graceSeconds = 0; // the previous version stays valid this long after finishing (0: revoked at once)
    QString actor;
};

class SecretRotation : public QObject
{
    Q_OBJECT
public:
    SecretRotation(ManagedSecretService& secrets, ManagedSecret secret, std::unique_ptr<RotationTarget> target,
                   RotationOptions options, QObject* parent = nullptr);
    ~SecretRotation() override;

    // Refuses (wrong state) when a rotation of the same secret is already under way.
    static Result<Done> canStart(const ManagedSecretService& secrets, const QString& name);
    // The rollback an incomplete rotation lists: puts the current value back where the secret is used, audited.
    static void rollback(ManagedSecretService& secrets, const ManagedSecret& secret,
                         std::unique_ptr<RotationTarget> target, const QString& actor, const QString& reason,
                         std::function<void(bool, const QString&)> done);
    void start();
    const RotationRecord& record() const { return m_record; }

Q_SIGNALS:
    void stepRecorded(const watchpost::RotationStep& step);
    void finished(const watchpost::RotationRecord& record);

private:
    void step(const QString& name, bool ok, const QString& detail);
    void fail(const QString& failedStep);
    void complete();

    ManagedSecretService& m_secrets;
    ManagedSecret m_secret;
    std::unique_ptr<RotationTarget> m_target;
    RotationOptions m_options;
    RotationRecord m_record;
    RotationTarget::NewValue m_next;
    QByteArray m_previous;
    bool m_done = false;
};

// The session signing key: a new Ed25519 key staged as pending, probed, then made the signing key.
class SessionService;
class SigningKeyTarget final : public RotationTarget
{
public:
    explicit SigningKeyTarget(SessionService& sessions) : m_sessions(sessions) {}
    Result<NewValue> create(const QByteArray& entered) override;
    void set(const NewValue& next, const QByteArray& previous, Callback done) override;
    void test(const NewValue& next, Callback done) override;
    Result<QString> finish(const NewValue& next, const QByteArray& previous, qint64 revokePreviousAtMs) override;
    QStringList restore(const NewValue& next, const QByteArray& previous, const QString& failedStep) override;

private:
    SessionService& m_sessions;
};

} // namespace watchpost
