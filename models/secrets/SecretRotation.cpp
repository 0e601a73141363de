#include "models/secrets/SecretRotation.h"

#include "models/credentials/SessionService.h"

#include <QPointer>
#include <QSqlQuery>
#include <openssl/rand.h>

namespace watchpost {

Result<RotationTarget::NewValue> RotationTarget::create(const QByteArray& entered)
{
    if (!entered.isEmpty()) {
        if (entered.size() < 16 || entered.size() > 4096)
            return Error::validation(QStringLiteral("an entered secret must be 16 to 4096 bytes"),
                                     {QStringLiteral("value")},
                                     {QStringLiteral("an entered secret must be 16 to 4096 bytes")});
        return NewValue{entered, {}, QStringLiteral("entered value stored in the secret store")};
    }
    QByteArray random(32, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(random.data()), int(random.size())) != 1)
        return Error::storage(QStringLiteral("the system random generator failed"));
    return NewValue{random.toHex(), {}, QStringLiteral("256-bit value generated with OpenSSL RAND_bytes")};
}

SecretRotation::SecretRotation(ManagedSecretService& secrets, ManagedSecret secret,
                               std::unique_ptr<RotationTarget> target, RotationOptions options, QObject* parent)
    : QObject(parent), m_secrets(secrets), m_secret(std::move(secret)), m_target(std::move(target)),
      m_options(std::move(options))
{
    m_record.secretName = m_secret.name;
    m_record.actor = m_options.actor;
}

SecretRotation::~SecretRotation() = default;

Result<Done> SecretRotation::canStart(const ManagedSecretService& secrets, const QString& name)
{
    const auto secret = secrets.secret(name);
    if (!secret)
        return secret.error();
    if (!secret->has_value())
        return Error::notFound(QStringLiteral("no managed secret %1").arg(name));
    const auto versions = secrets.versions(name);
    if (!versions)
        return versions.error();
    for (const SecretVersion& v : *versions)
        if (v.stage == QLatin1String("pending"))
            return Error::wrongState(
                QStringLiteral("a rotation of %1 is under way (version %2 is pending)").arg(name).arg(v.version));
    return Done{};
}

void SecretRotation::rollback(ManagedSecretService& secrets, const ManagedSecret& secret,
                              std::unique_ptr<RotationTarget> target, const QString& actor, const QString& reason,
                              std::function<void(bool, const QString&)> done)
{
    QByteArray current;
    if (const auto version = secrets.current(secret.name); version && version->has_value())
        if (auto value = secrets.value(secret.name, **version))
            current = value.value();
    if (current.isEmpty())
        current = target->currentValue();
    if (current.isEmpty()) {
        done(false, QStringLiteral("%1 has no current value to put back").arg(secret.name));
        return;
    }
    std::shared_ptr<RotationTarget> keep(std::move(target)); // alive until GitHub answers
    keep->rollback(current, [&secrets, secret, actor, reason, done, keep](bool ok, const QString& detail) {
        secrets.audit().append(actor, AuditAction::SecretRollback, {QStringLiteral("secret:") + secret.name},
                               ok ? QStringLiteral("succeeded") : QStringLiteral("failed"),
                               QStringLiteral("%1 — %2").arg(reason, detail));
        done(ok, detail);
    });
}

void SecretRotation::step(const QString& name, bool ok, const QString& detail)
{
    Q_ASSERT(audit::rotationStep(name)); // create, set, test or finish
    RotationStep s{name, ok ? QStringLiteral("succeeded") : QStringLiteral("failed"), detail, m_secrets.clock().now()};
    m_record.steps << s;
    m_secrets.audit().append(m_options.actor, audit::rotationStep(name).value_or(AuditAction::RotationRequested),
                             {QStringLiteral("secret:") + m_secret.name}, s.status, detail);
    Q_EMIT stepRecorded(s);
}

void SecretRotation::start()
{
    m_record.startedAt = m_secrets.clock().now();
    if (auto expired = m_secrets.expireGraceWindows(); !expired) {
        step(QStringLiteral("create"), false, expired.error().message);
        return fail(QStringLiteral("create"));
    }
    const auto current = m_secrets.current(m_secret.name);
    if (!current) {
        step(QStringLiteral("create"), false, current.error().message);
        return fail(QStringLiteral("create"));
    }
    if (current->has_value()) {
        m_record.fromVersion = (*current)->version;
        if (auto old = m_secrets.value(m_secret.name, **current))
            m_previous = old.value();
    }
    if (m_previous.isEmpty())
        m_previous = m_target->currentValue();
    auto created = m_target->create(m_options.enteredValue);
    if (!created) {
        step(QStringLiteral("create"), false, created.error().message);
        return fail(QStringLiteral("create"));
    }
    m_next = created.value();
    auto version = m_secrets.addPending(m_secret.name, m_next.value, m_next.reference, m_options.actor);
    if (!version) {
        step(QStringLiteral("create"), false, version.error().message);
        return fail(QStringLiteral("create"));
    }
    m_record.toVersion = version->version;
    step(QStringLiteral("create"), true,
         QStringLiteral("version %1 pending: %2").arg(version->version).arg(m_next.detail));

    QPointer<SecretRotation> self(this);
    m_target->set(m_next, m_previous, [self](bool ok, const QString& detail) {
        if (!self)
            return;
        self->step(QStringLiteral("set"), ok, detail);
        if (!ok)
            return self->fail(QStringLiteral("set"));
        self->m_target->test(self->m_next, [self](bool tested, const QString& what) {
            if (!self)
                return;
            self->step(QStringLiteral("test"), tested, what);
            if (!tested)
                return self->fail(QStringLiteral("test"));
            self->complete();
        });
    });
}

void SecretRotation::complete()
{
    const qint64 now = m_secrets.clock().nowMs();
    const qint64 revokeAt = now + qint64(m_options.graceSeconds) * 1000;
    auto activated = m_secrets.activate(m_secret.name, m_record.toVersion, revokeAt, m_options.actor);
    if (!activated) {
        step(QStringLiteral("finish"), false, activated.error().message);
        return fail(QStringLiteral("finish"));
    }
    auto integrated = m_target->finish(m_next, m_previous, revokeAt);
    QString detail = QStringLiteral("version %1 is current").arg(m_record.toVersion);
    if (m_record.fromVersion)
        detail += m_options.graceSeconds > 0 ? QStringLiteral("; version %1 previous, accepted for %2 s more")
                                                   .arg(*m_record.fromVersion)
                                                   .arg(m_options.graceSeconds)
                                             : QStringLiteral("; version %1 revoked").arg(*m_record.fromVersion);
    if (integrated)
        detail += QStringLiteral("; ") + integrated.value();
    step(QStringLiteral("finish"), integrated.ok(),
         integrated ? detail : detail + QStringLiteral("; ") + integrated.error().message);
    if (integrated && !m_next.reference.isEmpty() && m_secret.kind == QLatin1String("signing_key"))
        m_secrets.audit().append(
            m_options.actor, AuditAction::KeyRotated,
            {QStringLiteral("signing_key:") + m_next.reference, QStringLiteral("secret:") + m_secret.name},
            QStringLiteral("succeeded"), QStringLiteral("rotation runbook: %1").arg(detail));
    m_record.status = integrated ? QStringLiteral("completed") : QStringLiteral("incomplete");
    if (!integrated)
        m_record.remediation << QStringLiteral(
                                    "The new version is current but %1. Finish it by hand, then rotate again "
                                    "to verify.")
                                    .arg(integrated.error().message);
    m_record.finishedAt = m_secrets.clock().now();
    if (auto id = m_secrets.record(m_record))
        m_record.id = id.value();
    m_done = true;
    Q_EMIT finished(m_record);
}

void SecretRotation::fail(const QString& failedStep)
{
    m_record.status = QStringLiteral("incomplete");
    if (m_record.toVersion > 0) {
        m_secrets.abandon(
            m_secret.name, m_record.toVersion, m_options.actor,
            QStringLiteral("the %1 step failed; version %2 stays current")
                .arg(failedStep)
                .arg(m_record.fromVersion ? QString::number(*m_record.fromVersion) : QStringLiteral("(none)")));
        m_record.remediation << m_target->restore(m_next, m_previous, failedStep);
    }
    m_record.remediation << QStringLiteral("Fix the cause named in the '%1' step, then run the rotation again; the "
                                           "old version stays current until a rotation completes.")
                                .arg(failedStep);
    m_record.finishedAt = m_secrets.clock().now();
    if (auto id = m_secrets.record(m_record))
        m_record.id = id.value();
    m_done = true;
    Q_EMIT finished(m_record);
}

Result<RotationTarget::NewValue> SigningKeyTarget::create(const QByteArray& entered)
{
    if (!entered.isEmpty())
        return Error::validation(QStringLiteral("a signing key is generated, never entered"), {QStringLiteral("value")},
                                 {QStringLiteral("a signing key is generated, never entered")});
    auto key = m_sessions.createKey(true);
    if (!key)
        return key.error();
    return NewValue{
        {}, key.value(), QStringLiteral("Ed25519 key %1 generated; private half in the secret store").arg(key.value())};
}

void SigningKeyTarget::set(const NewValue& next, const QByteArray&, Callback done)
{
    done(true, QStringLiteral("key %1 registered as pending: it verifies, it signs nothing yet").arg(next.reference));
}

void SigningKeyTarget::test(const NewValue& next, Callback done)
{
    auto probed = m_sessions.probe(next.reference);
    done(probed.ok(),
         probed ? QStringLiteral("a probe token signed with %1 verified").arg(next.reference) : probed.error().message);
}

Result<QString> SigningKeyTarget::finish(const NewValue& next, const QByteArray&, qint64 revokePreviousAtMs)
{
    if (auto a = m_sessions.activateKey(next.reference, revokePreviousAtMs); !a)
        return a.error();
    return QStringLiteral("key %1 signs new sessions").arg(next.reference);
}

QStringList SigningKeyTarget::restore(const NewValue& next, const QByteArray&, const QString&)
{
    if (!next.reference.isEmpty())
        m_sessions.abandonKey(next.reference);
    return {QStringLiteral("The pending key %1 was retired unused; sessions keep being signed by the current key.")
                .arg(next.reference)};
}

} // namespace watchpost
