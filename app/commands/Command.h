#pragma once
// Command: one subcommand of `watchpost` (console, serve, token create, audit verify, webhook-secret), and what
// they share — the messages they print, opening the store named on the command line, and opening the store with
// the place headless commands keep secret material.

#include "app/cli/CommandLine.h"
#include "models/core/SecretStore.h"
#include "models/store/Store.h"
#include "models/webhooks/WebhookService.h"

#include <QSslConfiguration>
#include <QThread>
#include <cstdio>
#include <memory>
#include <optional>

namespace watchpost {

class Command
{
public:
    explicit Command(const Options& options) : m_options(options) {}
    virtual ~Command() = default;
    Command(const Command&) = delete;
    Command& operator=(const Command&) = delete;

    // The process exit code: 0 done, 1 refused or failed (after saying why).
    virtual int run() = 0;

    static void say(FILE* stream, const QString& text);

protected:
    // --store, else WATCHPOST_STORE, else the default under the user's data folder.
    QString storePath() const;
    // The store, or nothing after saying why it was refused.
    std::shared_ptr<Store> openStore() const;

    // The store and where headless commands keep secret material: the OS keychain when a secret service answers,
    // else secrets/ beside the store (0700/0600), refused when its permissions are looser.
    struct Headless
    {
        std::shared_ptr<Store> store;
        std::shared_ptr<SecretStore> secrets;
    };
    std::optional<Headless> openHeadless() const;

    // The listener's TLS when --tls-cert/--tls-key are given, checked before anything binds (an empty optional:
    // plain HTTP); an error naming the file when they or this build's TLS are refused.
    Result<std::optional<QSslConfiguration>> listenerTls() const;
    // Stores --trusted-proxy as the webhook policy's trusted proxy (when given and not already so).
    Result<Done> applyTrustedProxy(const Store& store) const;

    // Adds the demo incidents when --demo was given.
    void fillDemo(const std::shared_ptr<Store>& store, ChangeNotifier* notifier) const;
    // The webhook receiver's secrets: the secrets file if one is named, and — unless `loadHooks` is false — each
    // configured hook's from `keychain`. Nothing (after saying why) when the secrets file is refused.
    std::optional<WebhookSetup> webhookSetup(const std::shared_ptr<Store>& store,
                                             const std::shared_ptr<const Clock>& clock, SecretStore& keychain,
                                             bool loadHooks = true) const;
    // Reads each configured hook's secrets from `keychain` on a thread of its own, so a locked keyring (one job
    // timeout per read) never holds the console's window back; until they are in, those hooks' deliveries are
    // refused with 503. The thread is waited for when the returned handle goes (declare it after `keychain`).
    struct ThreadJoiner
    {
        void operator()(QThread* thread) const
        {
            thread->wait();
            delete thread;
        }
    };
    using JoinedThread = std::unique_ptr<QThread, ThreadJoiner>;
    JoinedThread loadHookSecretsInBackground(const std::shared_ptr<Store>& store,
                                             const std::shared_ptr<const Clock>& clock, SecretStore& keychain,
                                             const WebhookSetup& setup) const;

    const Options& m_options;
};

} // namespace watchpost
