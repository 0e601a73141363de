#pragma once
// RemoteWebhookActions: an attached console's webhook controls, sent to the server's webhook API
// (/api/v1/security/webhooks/…): blocks, hook secrets (sent once over TLS to the server's keychain, never kept
// here), the policy. Recorded on the server under the key's name.

#include "models/webhooks/WebhookActions.h"
#include "net/remote/ServerLink.h"

namespace watchpost {

class RemoteWebhookActions final : public WebhookActions
{
public:
    explicit RemoteWebhookActions(ServerLink& link) : m_link(link) {}

    Result<WebhookBlock> block(const QString& source, const QString& reason, const QString& actor,
                               int seconds) override;
    Result<BlockLift> unblock(const QString& source, const QString& actor) override;
    Result<Done> setHookSecret(const QString& hook, const QByteArray& secret, int graceSeconds) override;
    Result<Done> removeHookSecret(const QString& hook) override;
    Result<Done> savePolicy(const WebhookPolicy& policy) override;

private:
    ServerLink& m_link;
};

} // namespace watchpost
