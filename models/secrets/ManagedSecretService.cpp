#include "models/secrets/ManagedSecretService.h"

#include "models/github/GitHubConnection.h"

#include "models/core/FieldProblems.h"

#include "models/store/CheckedQuery.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

namespace watchpost {
namespace {
QString iso(const QDateTime& t)
{
    return t.toString(Qt::ISODateWithMs);
}

SecretVersion versionFrom(const QSqlQuery& q)
{
    SecretVersion v;
    v.id = q.value(0).toLongLong();
    v.version = q.value(1).toInt();
    v.stage = q.value(2).toString();
    v.createdAt = QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC);
    v.stageChangedAt = QDateTime::fromMSecsSinceEpoch(q.value(4).toLongLong(), Qt::UTC);
    if (!q.value(5).isNull())
        v.revokeAt = QDateTime::fromMSecsSinceEpoch(q.value(5).toLongLong(), Qt::UTC);
    v.reference = q.value(6).toString();
    return v;
}

RotationRecord rotationFrom(const QSqlQuery& q)
{
    RotationRecord r;
    r.id = q.value(0).toLongLong();
    r.secretName = q.value(1).toString();
    r.actor = q.value(2).toString();
    r.startedAt = QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC);
    r.finishedAt = QDateTime::fromMSecsSinceEpoch(q.value(4).toLongLong(), Qt::UTC);
    r.status = q.value(5).toString();
    if (!q.value(6).isNull())
        r.fromVersion = q.value(6).toInt();
    r.toVersion = q.value(7).toInt();
    for (const auto& v : QJsonDocument::fromJson(q.value(8).toString().toUtf8()).array()) {
        const QJsonObject o = v.toObject();
        r.steps << RotationStep{o.value(QStringLiteral("name")).toString(),
                                o.value(QStringLiteral("status")).toString(),
                                o.value(QStringLiteral("detail")).toString(),
                                QDateTime::fromString(o.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs)};
    }
    for (const auto& v : QJsonDocument::fromJson(q.value(9).toString().toUtf8()).array())
        r.remediation << v.toString();
    return r;
}

const char* kRotationColumns = "SELECT id, secret_name, actor, started_at, finished_at, status, from_version, "
                               "to_version, steps, remediation FROM rotations ";
} // namespace

ManagedSecretService::ManagedSecretService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                                           std::shared_ptr<SecretStore> secrets, std::shared_ptr<AuditLog> audit)
    : m_store(std::move(store)), m_clock(std::move(clock)), m_secrets(std::move(secrets)), m_audit(std::move(audit))
{
}

QString ManagedSecretService::valueKey(const QString& name, int version)
{
    return QStringLiteral("secret/%1/v%2").arg(name).arg(version);
}

QString ManagedSecretService::apiTokenKey(const QString& name)
{
    return QStringLiteral("secret/%1/github-token").arg(name);
}

Result<ManagedSecret> ManagedSecretService::create(const QString& name, const QString& kind, const QJsonObject& config,
                                                   const QByteArray& apiToken, const QString& actor)
{
    FieldProblems problems;
    auto problem = [&](const QString& f, const QString& m) { problems.add(f, m); };
    static const QRegularExpression namePattern(QStringLiteral("^[a-z0-9][a-z0-9._-]{0,63}$"));
    if (!namePattern.match(name).hasMatch())
        problem(QStringLiteral("name"),
                QStringLiteral("a secret name is 1 to 64 lower-case letters, digits, '.', '_' or '-'"));
    else if (const auto existing = secret(name); !existing)
        return existing.error();
    else if (existing->has_value())
        problem(QStringLiteral("name"), QStringLiteral("a secret named %1 exists already").arg(name));
    QJsonObject stored;
    auto url = [&](const QString& key, bool required) {
        const QString text = config.value(key).toString();
        if (text.isEmpty() && !required)
            return;
        const QUrl u(text, QUrl::StrictMode);
        if (!u.isValid() || (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http")) ||
            u.host().isEmpty())
            problem(key, QStringLiteral("%1 must be an http(s) URL").arg(key));
        else
            stored.insert(key, text);
    };
    if (kind == QLatin1String("generic")) {
        url(QStringLiteral("health_check_url"), true);
    } else if (kind == QLatin1String("github_webhook")) {
        const QString hook = config.value(QStringLiteral("hook")).toString(QStringLiteral("default"));
        static const QRegularExpression hookPattern(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
        if (!hookPattern.match(hook).hasMatch())
            problem(QStringLiteral("hook"),
                    QStringLiteral("hook is the Watchpost hook id that receives the deliveries"));
        stored.insert(QStringLiteral("hook"), hook);
        const QString repository = config.value(QStringLiteral("repository")).toString();
        const QString organization = config.value(QStringLiteral("organization")).toString();
        static const QRegularExpression repoPattern(QStringLiteral("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"));
        static const QRegularExpression orgPattern(QStringLiteral("^[A-Za-z0-9_.-]+$"));
        if (repository.isEmpty() == organization.isEmpty())
            problem(QStringLiteral("repository"),
                    QStringLiteral("name either repository (owner/name) or organization"));
        else if (!repository.isEmpty() && !repoPattern.match(repository).hasMatch())
            problem(QStringLiteral("repository"), QStringLiteral("repository must be owner/name"));
        else if (!organization.isEmpty() && !orgPattern.match(organization).hasMatch())
            problem(QStringLiteral("organization"), QStringLiteral("organization must be a GitHub login"));
        else
            stored.insert(repository.isEmpty() ? QStringLiteral("organization") : QStringLiteral("repository"),
                          repository.isEmpty() ? organization : repository);
        const QJsonValue hookId = config.value(QStringLiteral("github_hook_id"));
        if (!hookId.isDouble() || hookId.toInteger() < 1)
            problem(QStringLiteral("github_hook_id"),
                    QStringLiteral("github_hook_id is the hook's numeric id on GitHub"));
        else
            stored.insert(QStringLiteral("github_hook_id"), hookId.toInteger());
        // GitHub's base URL and token come from the GitHub connection; given here they override it for this secret.
        url(QStringLiteral("api_base_url"), false);
        const int timeout = config.value(QStringLiteral("ping_timeout_s")).toInt(30);
        if (timeout < 1 || timeout > 600)
            problem(QStringLiteral("ping_timeout_s"), QStringLiteral("ping_timeout_s must be 1 to 600"));
        stored.insert(QStringLiteral("ping_timeout_s"), timeout);
        const auto connectionToken = m_secrets ? m_secrets->read(GitHubConnectionService::kTokenKey)
                                               : Result<std::optional<QByteArray>>(std::nullopt);
        if (apiToken.isEmpty() && !(connectionToken && connectionToken->has_value()))
            problem(
                QStringLiteral("api_token"),
                QStringLiteral("a GitHub token that may edit the hook is required (or set the GitHub connection's)"));
    } else if (kind != QLatin1String("signing_key")) {
        problem(QStringLiteral("kind"), QStringLiteral("kind must be github_webhook, signing_key or generic"));
    }
    if (kind == QLatin1String("signing_key")) {
        CheckedQuery q(m_store->connection(),
                       QStringLiteral("SELECT 1 FROM managed_secrets WHERE kind = 'signing_key'"),
                       QStringLiteral("look for the managed signing key"));
        const auto managed = q.first([](const QSqlQuery&) { return true; });
        if (!managed)
            return managed.error();
        if (managed->has_value())
            problem(QStringLiteral("kind"), QStringLiteral("the session signing key is managed already"));
    }
    if (problems.any())
        return problems.error();
    if (!apiToken.isEmpty()) {
        if (!m_secrets)
            return Error::storage(QStringLiteral("no secret store is configured for the GitHub token"));
        if (auto w = m_secrets->write(apiTokenKey(name), apiToken); !w)
            return w.error();
    }
    QSqlQuery q(m_store->connection());
    q.prepare(QStringLiteral("INSERT INTO managed_secrets (name, kind, config, created_at) VALUES (?, ?, ?, ?)"));
    q.addBindValue(name);
    q.addBindValue(kind);
    q.addBindValue(QString::fromUtf8(QJsonDocument(stored).toJson(QJsonDocument::Compact)));
    q.addBindValue(m_clock->nowMs());
    if (!q.exec())
        return Error::storage(QStringLiteral("could not store secret %1: %2").arg(name, q.lastError().text()));
    m_audit->append(actor, AuditAction::SecretCreated, {QStringLiteral("secret:") + name}, QStringLiteral("succeeded"),
                    kind);
    if (kind == QLatin1String("signing_key")) {
        // The key already signing sessions is the managed secret's first version, so its history starts true.
        CheckedQuery key(m_store->connection(),
                         QStringLiteral("SELECT key_id FROM signing_keys WHERE pending = 0 AND retired_at IS NULL "
                                        "ORDER BY created_at DESC, rowid DESC LIMIT 1"),
                         QStringLiteral("read the signing key in use"));
        const auto keyId = key.first([](const QSqlQuery& r) { return r.value(0).toString(); });
        key.query().finish();
        auto recorded = !keyId ? Result<Done>(keyId.error()) : Result<Done>(Done{});
        if (keyId && keyId->has_value()) {
            auto version = addPending(name, {}, **keyId, actor);
            recorded =
                version ? activate(name, version->version, m_clock->nowMs(), actor) : Result<Done>(version.error());
        }
        if (!recorded)
            return Error::storage(QStringLiteral("secret %1 was created, but the signing key in use could not be "
                                                 "recorded as its first version: %2")
                                      .arg(name, recorded.error().message));
    }
    auto created = secret(name);
    if (!created)
        return created.error();
    if (!created->has_value())
        return Error::storage(QStringLiteral("secret %1 was not stored").arg(name));
    return **created;
}

Result<QList<ManagedSecret>> ManagedSecretService::list() const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT name, kind, config, created_at FROM managed_secrets ORDER BY name"),
                   QStringLiteral("read the managed secrets"));
    return q.all([](const QSqlQuery& r) {
        return ManagedSecret{r.value(0).toString(), r.value(1).toString(),
                             QJsonDocument::fromJson(r.value(2).toString().toUtf8()).object(),
                             QDateTime::fromMSecsSinceEpoch(r.value(3).toLongLong(), Qt::UTC)};
    });
}

Result<std::optional<ManagedSecret>> ManagedSecretService::secret(const QString& name) const
{
    const auto all = list();
    if (!all)
        return all.error();
    for (const ManagedSecret& s : *all)
        if (s.name == name)
            return std::optional(s);
    return std::optional<ManagedSecret>();
}

Result<QList<SecretVersion>> ManagedSecretService::versions(const QString& name) const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT id, version, stage, created_at, stage_changed_at, revoke_at, reference FROM "
                                  "secret_versions WHERE secret_name = ? ORDER BY version DESC"),
                   QStringLiteral("read the versions of %1").arg(name));
    q.add(name);
    return q.all(versionFrom);
}

Result<std::optional<SecretVersion>> ManagedSecretService::current(const QString& name) const
{
    const auto all = versions(name);
    if (!all)
        return all.error();
    for (const SecretVersion& v : *all)
        if (v.stage == QLatin1String("current"))
            return std::optional(v);
    return std::optional<SecretVersion>();
}

Result<QByteArray> ManagedSecretService::value(const QString& name, const SecretVersion& version) const
{
    if (!m_secrets)
        return Error::storage(QStringLiteral("no secret store is configured"));
    auto stored = m_secrets->read(valueKey(name, version.version));
    if (!stored)
        return stored.error();
    if (!stored.value())
        return Error::notFound(
            QStringLiteral("the value of %1 version %2 is not in the secret store").arg(name).arg(version.version));
    return *stored.value();
}

Result<QList<RotationRecord>> ManagedSecretService::rotations(const QString& name) const
{
    CheckedQuery q(m_store->connection(),
                   QString::fromLatin1(kRotationColumns) + QStringLiteral("WHERE secret_name = ? ORDER BY id DESC"),
                   QStringLiteral("read the rotations of %1").arg(name));
    q.add(name);
    return q.all(rotationFrom);
}

Result<std::optional<RotationRecord>> ManagedSecretService::lastRotation(const QString& name) const
{
    const auto all = rotations(name);
    if (!all)
        return all.error();
    return all->isEmpty() ? std::nullopt : std::optional(all->first());
}

Result<SecretVersion> ManagedSecretService::addPending(const QString& name, const QByteArray& value,
                                                       const QString& reference, const QString& actor)
{
    const auto all = versions(name);
    if (!all)
        return all.error();
    const int next = all->isEmpty() ? 1 : all->first().version + 1;
    if (!value.isEmpty()) {
        if (!m_secrets)
            return Error::storage(QStringLiteral("no secret store is configured"));
        if (auto w = m_secrets->write(valueKey(name, next), value); !w)
            return w.error();
    }
    const qint64 now = m_clock->nowMs();
    WriteTransaction tx(m_store->connection());
    QSqlQuery q(m_store->connection());
    q.prepare(QStringLiteral("INSERT INTO secret_versions (secret_name, version, stage, created_at, stage_changed_at, "
                             "reference) VALUES (?, ?, 'pending', ?, ?, ?)"));
    q.addBindValue(name);
    q.addBindValue(next);
    q.addBindValue(now);
    q.addBindValue(now);
    q.addBindValue(reference.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(reference));
    if (!tx.begun() || !q.exec())
        return Error::storage(QStringLiteral("could not record the new version of %1: %2")
                                  .arg(name, tx.begun() ? q.lastError().text() : tx.lastError()));
    if (auto a = m_audit->appendWithin(
            actor, AuditAction::SecretVersionCreated,
            {QStringLiteral("secret:") + name, QStringLiteral("secret:%1/v%2").arg(name).arg(next)},
            QStringLiteral("succeeded"),
            reference.isEmpty() ? QStringLiteral("pending") : QStringLiteral("pending, %1").arg(reference));
        !a)
        return a.error();
    if (!tx.commit())
        return Error::storage(QStringLiteral("could not record the new version of %1: %2").arg(name, tx.lastError()));
    const auto stored = versions(name);
    if (!stored)
        return stored.error();
    if (stored->isEmpty())
        return Error::storage(QStringLiteral("the new version of %1 was not stored").arg(name));
    return stored->first();
}

Result<Done> ManagedSecretService::activate(const QString& name, int version, qint64 revokeAtMs, const QString& actor)
{
    const qint64 now = m_clock->nowMs();
    const auto read = current(name);
    if (!read)
        return read.error();
    const std::optional<SecretVersion>& old = *read;
    WriteTransaction tx(m_store->connection());
    if (!tx.begun())
        return Error::storage(tx.lastError());
    QSqlQuery q(m_store->connection());
    if (old) {
        const bool revokeNow = revokeAtMs <= now;
        q.prepare(
            QStringLiteral("UPDATE secret_versions SET stage = ?, stage_changed_at = ?, revoke_at = ? WHERE id = ?"));
        q.addBindValue(revokeNow ? QStringLiteral("revoked") : QStringLiteral("previous"));
        q.addBindValue(now);
        q.addBindValue(revokeAtMs);
        q.addBindValue(old->id);
        if (!q.exec())
            return Error::storage(
                QStringLiteral("could not retire version %1: %2").arg(old->version).arg(q.lastError().text()));
        auto a = m_audit->appendWithin(
            actor, revokeNow ? AuditAction::SecretVersionRevoked : AuditAction::SecretVersionPrevious,
            {QStringLiteral("secret:") + name, QStringLiteral("secret:%1/v%2").arg(name).arg(old->version)},
            QStringLiteral("succeeded"),
            revokeNow
                ? QStringLiteral("revoked at once")
                : QStringLiteral("accepted until %1").arg(iso(QDateTime::fromMSecsSinceEpoch(revokeAtMs, Qt::UTC))));
        if (!a)
            return a.error();
    }
    q.prepare(
        QStringLiteral("UPDATE secret_versions SET stage = 'current', stage_changed_at = ? WHERE secret_name = ? AND "
                       "version = ? AND stage = 'pending'"));
    q.addBindValue(now);
    q.addBindValue(name);
    q.addBindValue(version);
    if (!q.exec() || q.numRowsAffected() != 1)
        return Error::storage(
            QStringLiteral("could not activate version %1 of %2: %3").arg(version).arg(name, q.lastError().text()));
    if (auto a = m_audit->appendWithin(
            actor, AuditAction::SecretVersionActivated,
            {QStringLiteral("secret:") + name, QStringLiteral("secret:%1/v%2").arg(name).arg(version)},
            QStringLiteral("succeeded"));
        !a)
        return a.error();
    if (!tx.commit())
        return Error::storage(tx.lastError());
    return Done{};
}

Result<Done> ManagedSecretService::abandon(const QString& name, int version, const QString& actor, const QString& why)
{
    QSqlQuery q(m_store->connection());
    q.prepare(
        QStringLiteral("UPDATE secret_versions SET stage = 'abandoned', stage_changed_at = ? WHERE secret_name = ? "
                       "AND version = ? AND stage = 'pending'"));
    q.addBindValue(m_clock->nowMs());
    q.addBindValue(name);
    q.addBindValue(version);
    if (!q.exec())
        return Error::storage(q.lastError().text());
    m_audit->append(actor, AuditAction::SecretVersionAbandoned,
                    {QStringLiteral("secret:") + name, QStringLiteral("secret:%1/v%2").arg(name).arg(version)},
                    QStringLiteral("succeeded"), why);
    return Done{};
}

Result<qint64> ManagedSecretService::record(const RotationRecord& r)
{
    QJsonArray steps; // kept as the rotation's evidence; read back by rotationFrom()
    for (const RotationStep& s : r.steps)
        steps << QJsonObject{{QStringLiteral("name"), s.name},
                             {QStringLiteral("status"), s.status},
                             {QStringLiteral("detail"), s.detail},
                             {QStringLiteral("at"), iso(s.at)}};
    QSqlQuery q(m_store->connection());
    q.prepare(
        QStringLiteral("INSERT INTO rotations (secret_name, actor, started_at, finished_at, status, from_version, "
                       "to_version, steps, remediation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(r.secretName);
    q.addBindValue(r.actor);
    q.addBindValue(r.startedAt.toMSecsSinceEpoch());
    q.addBindValue(r.finishedAt.toMSecsSinceEpoch());
    q.addBindValue(r.status);
    q.addBindValue(r.fromVersion ? QVariant(*r.fromVersion) : QVariant(QMetaType(QMetaType::Int)));
    q.addBindValue(r.toVersion);
    q.addBindValue(QString::fromUtf8(QJsonDocument(steps).toJson(QJsonDocument::Compact)));
    q.addBindValue(
        QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(r.remediation)).toJson(QJsonDocument::Compact)));
    if (!q.exec())
        return Error::storage(QStringLiteral("could not record the rotation: %1").arg(q.lastError().text()));
    const qint64 id = q.lastInsertId().toLongLong();
    m_audit->append(r.actor, AuditAction::SecretRotated,
                    {QStringLiteral("secret:") + r.secretName, QStringLiteral("rotation:%1").arg(id)},
                    r.status == QLatin1String("completed") ? QStringLiteral("succeeded") : QStringLiteral("failed"),
                    QStringLiteral("%1: version %2 (%3)")
                        .arg(r.status)
                        .arg(r.toVersion)
                        .arg(r.steps.isEmpty() ? QString() : r.steps.last().detail));
    return id;
}

Result<Done> ManagedSecretService::recordSigningKeyRotation(const QString& keyId, const QString& actor)
{
    const auto all = list();
    if (!all)
        return all.error();
    for (const ManagedSecret& s : *all) {
        if (s.kind != QLatin1String("signing_key"))
            continue;
        auto version = addPending(s.name, {}, keyId, actor);
        if (!version)
            return version.error();
        return activate(s.name, version->version, m_clock->nowMs(), actor);
    }
    return Done{};
}

Result<Done> ManagedSecretService::expireGraceWindows()
{
    CheckedQuery q(
        m_store->connection(),
        QStringLiteral("SELECT secret_name, version FROM secret_versions WHERE stage = 'previous' AND revoke_at <= ?"),
        QStringLiteral("read the grace windows that ended"));
    q.add(m_clock->nowMs());
    const auto due = q.all([](const QSqlQuery& r) { return std::pair(r.value(0).toString(), r.value(1).toInt()); });
    if (!due)
        return due.error();
    q.query().finish();
    for (const auto& [name, version] : *due) {
        QSqlQuery u(m_store->connection());
        u.prepare(
            QStringLiteral("UPDATE secret_versions SET stage = 'revoked', stage_changed_at = ? WHERE secret_name = ? "
                           "AND version = ? AND stage = 'previous'"));
        u.addBindValue(m_clock->nowMs());
        u.addBindValue(name);
        u.addBindValue(version);
        if (!u.exec())
            return storageFailure(
                u, QStringLiteral("revoke %1 version %2 at the end of its grace window").arg(name).arg(version));
        if (u.numRowsAffected() == 1)
            m_audit->append(QStringLiteral("watchpost"), AuditAction::SecretVersionRevoked,
                            {QStringLiteral("secret:") + name, QStringLiteral("secret:%1/v%2").arg(name).arg(version)},
                            QStringLiteral("succeeded"), QStringLiteral("grace window ended"));
    }
    return Done{};
}

} // namespace watchpost
