#pragma once
// WebhookActions: the webhook controls a console changes — blocks, hook secrets, the policy — on this machine's
// receiver (LocalWebhookActions: WebhookService and WebhookHookService themselves), or, attached to a server,
// through its REST API (net/remote). The rules are the services' either way.

#include "models/webhooks/WebhookHookService.h"
#include "models/webhooks/WebhookService.h"

namespace watchpost {

class WebhookActions
{
public:
    virtual ~WebhookActions() = default;
    virtual Result<WebhookBlock> block(const QString& source, const QString& reason, const QString& actor,
                                       int seconds) = 0;
    virtual Result<BlockLift> unblock(const QString& source, const QString& actor) = 0;
    // `graceSeconds` > 0 keeps the replaced secret valid that long.
    virtual Result<Done> setHookSecret(const QString& hook, const QByteArray& secret, int graceSeconds) = 0;
    virtual Result<Done> removeHookSecret(const QString& hook) = 0;
    virtual Result<Done> savePolicy(const WebhookPolicy& policy) = 0;
};

class LocalWebhookActions final : public WebhookActions
{
public:
    // `hooks` null: no keychain holds hook secrets here (setting or removing one says so).
    LocalWebhookActions(WebhookService& service, std::function<WebhookHookService*()> hooks)
        : m_service(service), m_hooks(std::move(hooks))
    {
    }
    Result<WebhookBlock> block(const QString& source, const QString& reason, const QString& actor, int seconds) override
    {
        return m_service.block(source, reason, actor, seconds);
    }
    Result<BlockLift> unblock(const QString& source, const QString& actor) override
    {
        return m_service.unblock(source, actor);
    }
    Result<Done> setHookSecret(const QString& hook, const QByteArray& secret, int graceSeconds) override;
    Result<Done> removeHookSecret(const QString& hook) override;
    Result<Done> savePolicy(const WebhookPolicy& policy) override { return m_service.savePolicy(policy); }

    static Error noKeychain();

private:
    WebhookService& m_service;
    std::function<WebhookHookService*()> m_hooks;
};

} // namespace watchpost
