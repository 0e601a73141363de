#pragma once
// WebhookHookService: configuring hooks and their secrets — set, replace (keeping the previous one for a grace
// window), remove — in the keychain, with only the times in the store and the values in the receiver's cache.

#include "models/core/Clock.h"
#include "models/webhooks/WebhookSecrets.h"
#include "models/webhooks/WebhookStore.h"

namespace watchpost {

class WebhookHookService
{
public:
    WebhookHookService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock, SecretStore& secretStore,
                       std::shared_ptr<WebhookSecrets> cache);

    static bool validHookId(const QString& id);
    // `graceSeconds` > 0 keeps the replaced secret valid that long (rotation window).
    Result<WebhookHook> setSecret(const QString& hookId, const QByteArray& secret, int graceSeconds = 0);
    Result<Done> removeSecret(const QString& hookId);
    // Moves the end of the replaced secret's grace window (now: refused from now on).
    Result<Done> endGraceAt(const QString& hookId, qint64 untilMs);
    std::optional<QByteArray> currentSecret(const QString& hookId);
    // Loads every configured hook's secrets into the cache; the errors of those that failed.
    QStringList loadAll();

private:
    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    SecretStore& m_secretStore;
    std::shared_ptr<WebhookSecrets> m_cache;
    WebhookStore m_webhooks;
};

} // namespace watchpost
