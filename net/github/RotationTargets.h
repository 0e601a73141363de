#pragma once
// RotationTargets: what each kind of managed secret does when it is set and tested — GitHub's hook config API and
// a ping that must come back verified with the new secret, a generic secret's health-check URL, the signing key's
// probe — and the factory that picks one for a secret.

#include "models/credentials/SessionService.h"
#include "models/github/GitHubConnection.h"
#include "models/secrets/SecretRotation.h"
#include "models/webhooks/WebhookHookService.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QPointer>

namespace watchpost {

struct RotationDeps
{
    std::shared_ptr<Store> store;
    std::shared_ptr<const Clock> clock;
    ManagedSecretService* secrets = nullptr;
    SessionService* sessions = nullptr;
    SecretStore* hookSecretStore = nullptr; // where webhook secrets live (keychain or secrets/)
    std::shared_ptr<WebhookSecrets> hookCache;
    QNetworkAccessManager* network = nullptr;
    // GitHub's base URL and token unless the secret names its own.
    std::shared_ptr<const GitHubConnectionService> github;
};

// The target for `secret`, or the reason none can be built (say, no secret store for webhook secrets).
Result<std::unique_ptr<RotationTarget>> makeRotationTarget(const ManagedSecret& secret, const RotationDeps& deps);

class GitHubWebhookTarget final : public RotationTarget
{
public:
    GitHubWebhookTarget(ManagedSecret secret, RotationDeps deps);
    QByteArray currentValue() override;
    void set(const NewValue& next, const QByteArray& previous, Callback done) override;
    void test(const NewValue& next, Callback done) override;
    Result<QString> finish(const NewValue& next, const QByteArray& previous, qint64 revokePreviousAtMs) override;
    QStringList restore(const NewValue& next, const QByteArray& previous, const QString& failedStep) override;
    void rollback(const QByteArray& current, Callback done) override;

private:
    QString hookUrl(const QString& suffix) const;
    bool readToken(QString* error);
    void patchSecret(const QByteArray& secret, std::function<void(QNetworkReply*)> then);
    QNetworkRequest request(const QString& url) const;
    void waitForPing(qint64 afterId, const QByteArray& secret, QDeadlineTimer deadline, QElapsedTimer waited,
                     Callback done);

    ManagedSecret m_secret;
    RotationDeps m_deps;
    WebhookHookService m_hooks;
    QString m_hook;
    QByteArray m_apiToken;
    bool m_githubUpdated = false;
    bool m_localUpdated = false;
    std::shared_ptr<QObject> m_context = std::make_shared<QObject>(); // timers and replies die with the target
};

class GenericSecretTarget final : public RotationTarget
{
public:
    GenericSecretTarget(ManagedSecret secret, RotationDeps deps) : m_secret(std::move(secret)), m_deps(std::move(deps))
    {
    }
    void set(const NewValue& next, const QByteArray& previous, Callback done) override;
    void test(const NewValue& next, Callback done) override;
    Result<QString> finish(const NewValue& next, const QByteArray& previous, qint64 revokePreviousAtMs) override;
    QStringList restore(const NewValue& next, const QByteArray& previous, const QString& failedStep) override;

private:
    ManagedSecret m_secret;
    RotationDeps m_deps;
    std::shared_ptr<QObject> m_context = std::make_shared<QObject>();
};

} // namespace watchpost
