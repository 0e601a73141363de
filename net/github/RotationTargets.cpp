#include "net/github/RotationTargets.h"

#include "net/github/GitHubClient.h"

#include "models/store/CheckedQuery.h"
#include "models/webhooks/WebhookSignature.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSqlQuery>
#include <QTimer>

namespace watchpost {
namespace {
constexpr int kNetworkTimeoutMs = 15000;

QString replyProblem(QNetworkReply* reply)
{
    return github::problem(reply, reply->readAll());
}

bool succeeded(QNetworkReply* reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return status >= 200 && status < 300;
}
} // namespace

Result<std::unique_ptr<RotationTarget>> makeRotationTarget(const ManagedSecret& secret, const RotationDeps& deps)
{
    if (secret.kind == QLatin1String("signing_key")) {
        if (!deps.sessions)
            return Error::storage(QStringLiteral("sessions are not available here"));
        return std::unique_ptr<RotationTarget>(std::make_unique<SigningKeyTarget>(*deps.sessions));
    }
    if (!deps.network)
        return Error::storage(QStringLiteral("no network access is configured for rotations"));
    if (secret.kind == QLatin1String("generic"))
        return std::unique_ptr<RotationTarget>(std::make_unique<GenericSecretTarget>(secret, deps));
    if (!deps.hookSecretStore || !deps.hookCache)
        return Error::storage(QStringLiteral("webhook secrets have no secret store here; nothing can be rotated"));
    return std::unique_ptr<RotationTarget>(std::make_unique<GitHubWebhookTarget>(secret, deps));
}

GitHubWebhookTarget::GitHubWebhookTarget(ManagedSecret secret, RotationDeps deps)
    : m_secret(std::move(secret)), m_deps(std::move(deps)),
      m_hooks(m_deps.store, m_deps.clock, *m_deps.hookSecretStore, m_deps.hookCache),
      m_hook(m_secret.config.value(QStringLiteral("hook")).toString())
{
}

QString GitHubWebhookTarget::hookUrl(const QString& suffix) const
{
    QString base = m_secret.config.value(QStringLiteral("api_base_url")).toString();
    if (base.isEmpty() && m_deps.github)
        if (const auto connection = m_deps.github->get(); connection && *connection)
            base = (*connection)->apiBaseUrl;
    if (base.isEmpty())
        base = GitHubConnectionService::kDefaultBaseUrl;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const QString repository = m_secret.config.value(QStringLiteral("repository")).toString();
    const QString owner = repository.isEmpty() ? QStringLiteral("/orgs/") +
                                                     m_secret.config.value(QStringLiteral("organization")).toString()
                                               : QStringLiteral("/repos/") + repository;
    return QStringLiteral("%1%2/hooks/%3%4")
        .arg(base, owner)
        .arg(m_secret.config.value(QStringLiteral("github_hook_id")).toInteger())
        .arg(suffix);
}

QNetworkRequest GitHubWebhookTarget::request(const QString& url) const
{
    return github::request(url, m_apiToken, kNetworkTimeoutMs);
}

bool GitHubWebhookTarget::readToken(QString* error)
{
    SecretStore* store = m_deps.secrets->secretStore();
    auto token = store ? store->read(ManagedSecretService::apiTokenKey(m_secret.name))
                       : Result<std::optional<QByteArray>>(Error::storage(QStringLiteral("no secret store")));
    if (token && !token.value() && m_deps.github) // no token of its own: the GitHub connection's
        if (const auto shared = m_deps.github->token()) {
            m_apiToken = *shared;
            return true;
        }
    if (!token || !token.value()) {
        *error =
            QStringLiteral("the GitHub token for %1 cannot be read: %2")
                .arg(m_secret.name, token ? QStringLiteral("it is not in the secret store") : token.error().message);
        return false;
    }
    m_apiToken = *token.value();
    return true;
}

void GitHubWebhookTarget::patchSecret(const QByteArray& secret, std::function<void(QNetworkReply*)> then)
{
    QNetworkRequest r = request(hookUrl(QStringLiteral("/config")));
    r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("content_type"), QStringLiteral("json")},
                                                      {QStringLiteral("secret"), QString::fromLatin1(secret)}})
                                .toJson(QJsonDocument::Compact);
    QNetworkReply* reply = m_deps.network->sendCustomRequest(r, "PATCH", body);
    QObject::connect(reply, &QNetworkReply::finished, m_context.get(), [reply, then] {
        reply->deleteLater();
        then(reply);
    });
}

void GitHubWebhookTarget::rollback(const QByteArray& current, Callback done)
{
    QString error;
    if (!readToken(&error))
        return done(false, error);
    patchSecret(current, [this, done](QNetworkReply* reply) {
        if (!succeeded(reply))
            return done(false, QStringLiteral("GitHub refused the rollback: %1").arg(replyProblem(reply)));
        done(true, QStringLiteral("GitHub hook %1 signs with the current secret again (HTTP %2)")
                       .arg(m_secret.config.value(QStringLiteral("github_hook_id")).toInteger())
                       .arg(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()));
    });
}

void GitHubWebhookTarget::set(const NewValue& next, const QByteArray& previous, Callback done)
{
    QString error;
    if (!readToken(&error))
        return done(false, error);
    patchSecret(next.value, [this, next, previous, done](QNetworkReply* reply) {
        if (!succeeded(reply))
            return done(false, QStringLiteral("GitHub refused the new hook secret: %1").arg(replyProblem(reply)));
        m_githubUpdated = true;
        // While the ping comes back, Watchpost accepts both: the new secret as current, the old one as previous.
        const int window = m_secret.config.value(QStringLiteral("ping_timeout_s")).toInt(30) + 60;
        auto local = m_hooks.setSecret(m_hook, next.value, previous.isEmpty() ? 0 : window);
        if (!local)
            return done(false, QStringLiteral("GitHub's hook now has the new secret, but Watchpost could not store it "
                                              "for hook %1: %2")
                                   .arg(m_hook, local.error().message));
        m_localUpdated = true;
        done(true,
             QStringLiteral("GitHub hook %1 config updated (HTTP %2); Watchpost hook '%3' accepts the new and the "
                            "old secret while the ping is awaited")
                 .arg(m_secret.config.value(QStringLiteral("github_hook_id")).toInteger())
                 .arg(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt())
                 .arg(m_hook));
    });
}

void GitHubWebhookTarget::test(const NewValue& next, Callback done)
{
    // Only deliveries stored from now on count, and only one whose signature verifies with the new secret itself —
    // not merely one labelled "current", which a delivery signed with the old secret just before could carry.
    CheckedQuery latest(m_deps.store->connection(),
                        QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM webhook_deliveries"),
                        QStringLiteral("read the latest webhook delivery"));
    const auto read = latest.integer();
    if (!read)
        return done(false, read.error().message); // a baseline of 0 would let an old ping pass the test
    const qint64 baseline = *read;
    QNetworkReply* reply = m_deps.network->post(request(hookUrl(QStringLiteral("/pings"))), QByteArray());
    QObject::connect(reply, &QNetworkReply::finished, m_context.get(), [this, reply, baseline, next, done] {
        reply->deleteLater();
        if (!succeeded(reply))
            return done(false, QStringLiteral("GitHub did not send a ping: %1").arg(replyProblem(reply)));
        // Waiting is wall time (the network's), whatever the service clock says.
        const qint64 timeout = qint64(m_secret.config.value(QStringLiteral("ping_timeout_s")).toInt(30)) * 1000;
        QElapsedTimer waited;
        waited.start();
        waitForPing(baseline, next.value, QDeadlineTimer(timeout), waited, done);
    });
}

void GitHubWebhookTarget::waitForPing(qint64 afterId, const QByteArray& secret, QDeadlineTimer deadline,
                                      QElapsedTimer waited, Callback done)
{
    CheckedQuery pings(
        m_deps.store->connection(),
        QStringLiteral("SELECT id, delivery_id, body, headers FROM webhook_deliveries WHERE id > ? AND hook_id = ? "
                       "AND event = 'ping' ORDER BY id"),
        QStringLiteral("read the ping deliveries"));
    pings.add(afterId).add(m_hook);
    if (auto ran = pings.exec(); !ran)
        return done(false, ran.error().message);
    QSqlQuery& q = pings.query();
    qint64 last = afterId;
    while (q.next()) {
        last = q.value(0).toLongLong();
        const QByteArray signature = QJsonDocument::fromJson(q.value(3).toString().toUtf8())
                                         .object()
                                         .value(QStringLiteral("x-hub-signature-256"))
                                         .toString()
                                         .toLatin1();
        if (WebhookSignature::check(signature, q.value(2).toByteArray(), secret) == WebhookSignature::Check::Valid)
            return done(true, QStringLiteral("ping delivery %1 verified with the new secret %2 ms after it was "
                                             "requested")
                                  .arg(q.value(1).toString())
                                  .arg(waited.elapsed()));
    }
    if (deadline.hasExpired())
        return done(false, QStringLiteral("no ping delivery verified with the new secret arrived within %1 s")
                               .arg(m_secret.config.value(QStringLiteral("ping_timeout_s")).toInt(30)));
    QTimer::singleShot(100, m_context.get(), [this, last, secret, deadline, waited, done] {
        waitForPing(last, secret, deadline, waited, done);
    });
}

QByteArray GitHubWebhookTarget::currentValue()
{
    return m_hooks.currentSecret(m_hook).value_or(QByteArray());
}

Result<QString> GitHubWebhookTarget::finish(const NewValue&, const QByteArray& previous, qint64 revokePreviousAtMs)
{
    if (previous.isEmpty())
        return QStringLiteral("hook '%1' had no earlier secret").arg(m_hook);
    if (auto ended = m_hooks.endGraceAt(m_hook, revokePreviousAtMs); !ended)
        return ended.error();
    return revokePreviousAtMs <= m_deps.clock->nowMs()
               ? QStringLiteral("hook '%1' refuses the old secret from now on").arg(m_hook)
               : QStringLiteral("hook '%1' accepts the old secret until %2")
                     .arg(m_hook, QDateTime::fromMSecsSinceEpoch(revokePreviousAtMs, Qt::UTC).toString(Qt::ISODate));
}

QStringList GitHubWebhookTarget::restore(const NewValue&, const QByteArray& previous, const QString& failedStep)
{
    QStringList steps;
    if (m_localUpdated) {
        const bool restored =
            previous.isEmpty() ? m_hooks.removeSecret(m_hook).ok() : m_hooks.setSecret(m_hook, previous, 0).ok();
        steps << (restored ? QStringLiteral("Watchpost hook '%1' is back on the old secret only.").arg(m_hook)
                           : QStringLiteral("Watchpost hook '%1' could not be put back on the old secret: set it with "
                                            "`watchpost webhook-secret set --hook %1`.")
                                 .arg(m_hook));
    }
    if (m_githubUpdated)
        steps << QStringLiteral(
                     "Roll back GitHub: hook %1 now signs with the new secret, which Watchpost does not accept "
                     "— PATCH %2 with the old secret (or run the rotation again once deliveries reach "
                     "Watchpost); until then its deliveries are refused.")
                     .arg(m_secret.config.value(QStringLiteral("github_hook_id")).toInteger())
                     .arg(hookUrl(QStringLiteral("/config")));
    else
        steps << QStringLiteral("GitHub's hook config was not changed; it still signs with the old secret.");
    if (failedStep == QLatin1String("test"))
        steps << QStringLiteral("Check the hook's recent deliveries on GitHub and that %1 reaches this listener.")
                     .arg(QStringLiteral("/api/github/webhooks") +
                          (m_hook == QLatin1String("default") ? QString() : QStringLiteral("/") + m_hook));
    return steps;
}

void GenericSecretTarget::set(const NewValue&, const QByteArray&, Callback done)
{
    done(
        true,
        QStringLiteral("the new value is in the secret store, where the consumers of '%1' read it").arg(m_secret.name));
}

void GenericSecretTarget::test(const NewValue& next, Callback done)
{
    const QString url = m_secret.config.value(QStringLiteral("health_check_url")).toString();
    QNetworkRequest r{QUrl(url)};
    r.setRawHeader("Authorization", "Bearer " + next.value);
    r.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("Watchpost"));
    r.setTransferTimeout(kNetworkTimeoutMs);
    QNetworkReply* reply = m_deps.network->get(r);
    QObject::connect(reply, &QNetworkReply::finished, m_context.get(), [reply, url, done] {
        reply->deleteLater();
        if (succeeded(reply))
            done(true, QStringLiteral("%1 answered HTTP %2 with the new value")
                           .arg(url)
                           .arg(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()));
        else
            done(false, QStringLiteral("the health check refused the new value: %1").arg(replyProblem(reply)));
    });
}

Result<QString> GenericSecretTarget::finish(const NewValue&, const QByteArray&, qint64)
{
    return QStringLiteral("consumers read the new version from now on");
}

QStringList GenericSecretTarget::restore(const NewValue&, const QByteArray&, const QString& failedStep)
{
    return {QStringLiteral("The new value was abandoned; consumers keep the current version."),
            failedStep == QLatin1String("test")
                ? QStringLiteral("Make %1 accept the new value (or check that it is up), then rotate again.")
                      .arg(m_secret.config.value(QStringLiteral("health_check_url")).toString())
                : QStringLiteral("Check the secret store, then rotate again.")};
}

} // namespace watchpost
