#pragma once
// KeychainSecretStore: SecretStore on the OS keychain through qtkeychain (Secret Service on Linux).
// The plaintext fallback stays off: with no secret service every call fails and says so.

#include "models/core/SecretStore.h"

#include <chrono>

namespace watchpost {

class KeychainSecretStore final : public SecretStore
{
public:
    // `timeout`: how long a call waits for the secret service (a locked keyring may be prompting someone).
    explicit KeychainSecretStore(QString service = QStringLiteral("watchpost"),
                                 std::chrono::milliseconds timeout = std::chrono::seconds(15))
        : m_service(std::move(service)), m_timeout(timeout)
    {
    }
    Result<std::optional<QByteArray>> read(const QString& key) override;
    Result<Done> write(const QString& key, const QByteArray& secret) override;
    Result<Done> remove(const QString& key) override;

private:
    QString m_service;
    std::chrono::milliseconds m_timeout;
};

} // namespace watchpost
