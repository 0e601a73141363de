#include "app/commands/Command.h"

#include "models/demo/DemoDataset.h"
#include "models/secrets/FileSecretStore.h"
#include "models/webhooks/WebhookHookService.h"
#include "models/webhooks/WebhookPolicy.h"
#include "net/keychain/KeychainSecretStore.h"
#include "net/tls/ServerTls.h"

#include <QFileInfo>

namespace watchpost {

void Command::say(FILE* stream, const QString& text)
{
    std::fputs(qPrintable(text + QLatin1Char('\n')), stream);
    std::fflush(stream);
}

QString Command::storePath() const
{
    if (!m_options.storePath.isEmpty())
        return m_options.storePath;
    const QString fromEnv = qEnvironmentVariable("WATCHPOST_STORE");
    return fromEnv.isEmpty() ? Store::defaultPath() : fromEnv;
}

std::shared_ptr<Store> Command::openStore() const
{
    auto store = Store::open(storePath(), SystemClock());
    if (!store) {
        say(stderr, QStringLiteral("watchpost: %1").arg(store.error().message));
        return nullptr;
    }
    return store.value();
}

std::optional<Command::Headless> Command::openHeadless() const
{
    std::shared_ptr<Store> store = openStore();
    if (!store)
        return std::nullopt;
    auto files = std::make_shared<FileSecretStore>(FileSecretStore::besideStore(store->path()));
    if (QFileInfo::exists(files->directory())) {
        if (auto ok = files->checkPermissions(); !ok) {
            say(stderr, QStringLiteral("watchpost: %1").arg(ok.error().message));
            return std::nullopt;
        }
        return Headless{std::move(store), std::move(files)};
    }
    auto keychain = std::make_shared<KeychainSecretStore>();
    if (keychain->read(QStringLiteral("watchpost/probe")).ok())
        return Headless{std::move(store), std::move(keychain)};
    return Headless{std::move(store), std::move(files)};
}

Result<std::optional<QSslConfiguration>> Command::listenerTls() const
{
    if (m_options.tlsCertificatePath.isEmpty())
        return std::optional<QSslConfiguration>();
    auto tls = ServerTls::load(m_options.tlsCertificatePath, m_options.tlsKeyPath, QDateTime::currentDateTimeUtc());
    if (!tls)
        return tls.error();
    const QSslCertificate leaf = tls->localCertificate();
    say(stderr, QStringLiteral("watchpost: TLS certificate %1 (SHA-256 %2), valid until %3")
                    .arg(leaf.subjectDisplayName(), ServerTls::fingerprint(leaf),
                         leaf.expiryDate().toUTC().toString(Qt::ISODate)));
    return std::optional<QSslConfiguration>(*tls);
}

Result<Done> Command::applyTrustedProxy(const Store& store) const
{
    if (m_options.trustedProxy.isEmpty())
        return Done{};
    auto policy = WebhookPolicy::load(store);
    if (!policy)
        return Error::storage(QStringLiteral("cannot read the webhook policy: %1").arg(policy.error().message));
    const QString proxy = QHostAddress(m_options.trustedProxy).toString();
    if (policy->trustedProxy == proxy)
        return Done{};
    const QString before = policy->trustedProxy;
    policy->trustedProxy = proxy;
    if (auto saved = WebhookPolicy::save(store, *policy); !saved)
        return Error::storage(QStringLiteral("cannot store --trusted-proxy: %1").arg(saved.error().message));
    say(stderr, QStringLiteral("watchpost: trusted proxy is now %1 (was %2), stored in the webhook policy")
                    .arg(proxy, before.isEmpty() ? QStringLiteral("none") : before));
    return Done{};
}

void Command::fillDemo(const std::shared_ptr<Store>& store, ChangeNotifier* notifier) const
{
    if (!m_options.demo)
        return;
    auto demo = DemoDataset::populate(store, SystemClock(), notifier);
    if (demo)
        say(stderr, QStringLiteral("watchpost: added %1 demo incidents to %2").arg(demo.value()).arg(store->path()));
    else
        say(stderr, QStringLiteral("watchpost: %1").arg(demo.error().message));
}

std::optional<WebhookSetup> Command::webhookSetup(const std::shared_ptr<Store>& store,
                                                  const std::shared_ptr<const Clock>& clock, SecretStore& keychain,
                                                  bool loadHooks) const
{
    WebhookSetup setup;
    setup.secretStore = &keychain;
    const QString file = m_options.webhookSecretFile.isEmpty() ? qEnvironmentVariable("WATCHPOST_WEBHOOK_SECRET_FILE")
                                                               : m_options.webhookSecretFile;
    if (!file.isEmpty()) {
        auto secret = WebhookSecrets::readSecretsFile(file);
        if (!secret) {
            say(stderr, QStringLiteral("watchpost: %1").arg(secret.error().message));
            return std::nullopt;
        }
        setup.secrets->setFileSecret(secret.value());
    }
    if (loadHooks)
        for (const QString& error : WebhookHookService(store, clock, keychain, setup.secrets).loadAll())
            say(stderr,
                QStringLiteral("watchpost: webhook secret unavailable, its deliveries will be refused: %1").arg(error));
    return setup;
}

Command::JoinedThread Command::loadHookSecretsInBackground(const std::shared_ptr<Store>& store,
                                                           const std::shared_ptr<const Clock>& clock,
                                                           SecretStore& keychain, const WebhookSetup& setup) const
{
    JoinedThread thread(QThread::create([store, clock, &keychain, secrets = setup.secrets] {
        for (const QString& error : WebhookHookService(store, clock, keychain, secrets).loadAll())
            say(stderr,
                QStringLiteral("watchpost: webhook secret unavailable, its deliveries will be refused: %1").arg(error));
        store->closeThreadConnection();
    }));
    thread->setObjectName(QStringLiteral("watchpost-hook-secrets"));
    thread->start();
    return thread;
}

} // namespace watchpost
