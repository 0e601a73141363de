#pragma once
// ApiFixture: a real listener on a free loopback port over a temporary store, with tokens for every role.

#include "models/secrets/FileSecretStore.h"
#include "net/http/ListenerThread.h"
#include "tests/support/models/StoreFixture.h"
#include "tests/support/net/TestHttp.h"

#include <functional>

struct ApiFixture : StoreFixture
{
    watchpost::ChangeNotifier notifier;
    std::unique_ptr<watchpost::ListenerThread> listener;
    QString url;
    QHash<QString, QString> tokens; // role → token
    // Set by `beforeStart` for HTTPS: the listener's configuration and what clients trust.
    std::optional<QSslConfiguration> tls;
    QList<QSslCertificate> trusted;

    watchpost::WebhookSetup webhooks;
    // Signing keys and secret versions: a real secrets/ directory beside the temporary store.
    std::shared_ptr<watchpost::SecretStore> secrets =
        std::make_shared<watchpost::FileSecretStore>(watchpost::FileSecretStore::besideStore(store->path()));

    explicit ApiFixture(watchpost::TransportLimits limits = {}, std::function<void(ApiFixture&)> beforeStart = {});
    ~ApiFixture();

    TestHttp client(const QString& role = QStringLiteral("responder"));
    // What the listener's services are built from (and a console's beside it).
    // One process's kill-switch state, shared by the listener and a console beside it (as ConsoleCommand does).
    std::shared_ptr<watchpost::KillSwitchHold> killSwitch = std::make_shared<watchpost::KillSwitchHold>();
    watchpost::DomainDeps deps() { return {store, clock, &notifier, secrets, webhooks, killSwitch}; }
};
