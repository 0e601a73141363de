#pragma once
// KeychainSecretStore: SecretStore on the OS keychain through qtkeychain (Secret Service on Linux).
// The plaintext fallback stays off: with no secret service every call fails and says so.

#include "models/core/SecretStore.h"

namespace watchpost {

class KeychainSecretStore final : public SecretStore
{
public:
    explicit KeychainSecretStore(QString service = QStringLiteral("watchpost")) : m_service(std::move(service)) {}
    Result<std::optional<QByteArray>> read(const QString& key) override;
    Result<Done> write(const QString& key, const QByteArray& secret) override;
    Result<Done> remove(const QString& key) override;

private:
    QString m_service;
};

} // namespace watchpost
