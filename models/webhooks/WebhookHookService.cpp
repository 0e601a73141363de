#include "models/webhooks/WebhookHookService.h"

#include "models/core/FieldProblems.h"

#include "models/secrets/GracePeriod.h"

#include <QRegularExpression>

namespace watchpost {

WebhookHookService::WebhookHookService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                                       SecretStore& secretStore, std::shared_ptr<WebhookSecrets> cache)
    : m_store(store), m_clock(std::move(clock)), m_secretStore(secretStore), m_cache(std::move(cache)),
      m_webhooks(std::move(store))
{
}

bool WebhookHookService::validHookId(const QString& id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
    return pattern.match(id).hasMatch();
}

Result<WebhookHook> WebhookHookService::setSecret(const QString& hookId, const QByteArray& secret, int graceSeconds)
{
    FieldProblems problems;
    if (!validHookId(hookId)) {
        problems.add(QStringLiteral("hook"), QStringLiteral("a hook id is 1 to 64 letters, digits, '.', '_' or '-'"));
    }
    if (secret.trimmed().isEmpty() || secret.size() > 4096) {
        problems.add(QStringLiteral("secret"), QStringLiteral("the secret must be 1 to 4096 bytes"));
    }
    if (const auto problem = GracePeriod::problem(graceSeconds)) {
        problems.add(QStringLiteral("grace"), *problem);
    }
    if (problems.any())
        return problems.error();
    const qint64 now = m_clock->nowMs();
    std::optional<qint64> previousUntil;
    QByteArray previous;
    if (graceSeconds > 0) {
        auto old = m_secretStore.read(WebhookSecrets::currentKey(hookId));
        if (!old)
            return old.error();
        if (old.value()) {
            if (auto w = m_secretStore.write(WebhookSecrets::previousKey(hookId), *old.value()); !w)
                return w.error();
            previous = *old.value();
            previousUntil = now + qint64(graceSeconds) * 1000;
        }
    }
    if (auto w = m_secretStore.write(WebhookSecrets::currentKey(hookId), secret); !w)
        return w.error();
    if (auto u = m_webhooks.upsertHook(hookId, hookId, now, previousUntil); !u)
        return u.error();
    m_cache->setHook(hookId, secret, previous, previousUntil.value_or(0), now);
    auto stored = m_webhooks.hook(hookId);
    if (!stored)
        return stored.error();
    if (!stored->has_value())
        return Error::storage(QStringLiteral("webhook %1 was not stored").arg(hookId));
    return **stored;
}

Result<Done> WebhookHookService::removeSecret(const QString& hookId)
{
    if (!validHookId(hookId))
        return Error::validation(QStringLiteral("a hook id is 1 to 64 letters, digits, '.', '_' or '-'"),
                                 {QStringLiteral("hook")});
    if (auto r = m_secretStore.remove(WebhookSecrets::currentKey(hookId)); !r)
        return r;
    if (auto r = m_secretStore.remove(WebhookSecrets::previousKey(hookId)); !r)
        return r;
    if (auto r = m_webhooks.clearHookSecret(hookId); !r)
        return r;
    m_cache->removeHook(hookId);
    return Done{};
}

Result<Done> WebhookHookService::endGraceAt(const QString& hookId, qint64 untilMs)
{
    auto current = m_secretStore.read(WebhookSecrets::currentKey(hookId));
    auto previous = m_secretStore.read(WebhookSecrets::previousKey(hookId));
    if (!current)
        return current.error();
    if (!previous)
        return previous.error();
    if (!current.value())
        return Error::notFound(QStringLiteral("hook %1 has no secret").arg(hookId));
    const qint64 now = m_clock->nowMs();
    if (auto u = m_webhooks.upsertHook(hookId, hookId, now, untilMs); !u)
        return u;
    m_cache->setHook(hookId, *current.value(), previous.value().value_or(QByteArray()), untilMs, now);
    return Done{};
}

std::optional<QByteArray> WebhookHookService::currentSecret(const QString& hookId)
{
    auto current = m_secretStore.read(WebhookSecrets::currentKey(hookId));
    return current ? current.value() : std::nullopt;
}

QStringList WebhookHookService::loadAll()
{
    QStringList errors;
    const auto hooks = m_webhooks.hooks();
    if (!hooks)
        return {hooks.error().message};
    for (const WebhookHook& h : *hooks) {
        if (!h.secretSetAt)
            continue;
        auto loaded =
            m_cache->load(m_secretStore, h.id, h.previousSecretUntil ? h.previousSecretUntil->toMSecsSinceEpoch() : 0,
                          h.secretSetAt->toMSecsSinceEpoch());
        if (!loaded)
            errors << QStringLiteral("%1: %2").arg(h.id, loaded.error().message);
    }
    return errors;
}

} // namespace watchpost
