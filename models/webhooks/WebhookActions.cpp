#include "models/webhooks/WebhookActions.h"

namespace watchpost {

Error LocalWebhookActions::noKeychain()
{
    return Error::storage(QStringLiteral("no keychain holds hook secrets here: give serve --webhook-secret-file for "
                                         "every hook, or run it where a secret service answers"));
}

Result<Done> LocalWebhookActions::setHookSecret(const QString& hook, const QByteArray& secret, int graceSeconds)
{
    WebhookHookService* hooks = m_hooks();
    if (!hooks)
        return noKeychain();
    auto set = hooks->setSecret(hook, secret, graceSeconds);
    if (!set)
        return set.error();
    return Done{};
}

Result<Done> LocalWebhookActions::removeHookSecret(const QString& hook)
{
    WebhookHookService* hooks = m_hooks();
    if (!hooks)
        return noKeychain();
    return hooks->removeSecret(hook);
}

} // namespace watchpost
