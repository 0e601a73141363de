#pragma once
// RemoteSecretActions: an attached console's managed-secret actions, run by the server
// (/api/v1/security/secrets/…): the secret's value and any API token go to the server once, over TLS, and are never
// answered back or kept here.

#include "models/secrets/SecretActions.h"
#include "net/remote/ServerLink.h"

namespace watchpost {

class RemoteSecretActions final : public SecretActions
{
public:
    explicit RemoteSecretActions(ServerLink& link) : m_link(link) {}
    Result<Done> create(const QString& name, const QString& kind, const QJsonObject& config,
                        const QByteArray& apiToken) override;
    void rotate(const QString& name, int graceSeconds, const QByteArray& value, const QString& reason,
                std::function<void(Result<RotationRecord>)> done) override;
    void rollback(const QString& name, const QString& reason,
                  std::function<void(bool ok, const QString& detail)> done) override;

private:
    ServerLink& m_link;
};

} // namespace watchpost
