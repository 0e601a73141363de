#pragma once
// KeychainSecretStore: SecretStore on the OS keychain through qtkeychain (Secret Service on Linux).
// The plaintext fallback stays off: with no secret service every call fails and says so.

#include "models/core/SecretStore.h"

#include <QObject>

#include <chrono>
#include <functional>
#include <memory>

namespace watchpost {

// What the console puts up while a call on its GUI thread waits for the keyring ("Waiting for your keyring…" with
// Cancel). Called on the GUI thread once a call has waited a moment, with how long the call may still wait and
// `cancel`, which stops the waiting: the call then fails at once and says so. Destroying the returned object takes
// the indicator down; `cancel` is not called after that.
using KeychainWaitIndicator =
    std::function<std::unique_ptr<QObject>(std::chrono::milliseconds remaining, std::function<void()> cancel)>;

class KeychainSecretStore final : public SecretStore
{
public:
    // One indicator for the process (the console installs it; headless commands have none). GUI thread only.
    static void setWaitIndicator(KeychainWaitIndicator indicator);
    // How long a call on the GUI thread waits before the indicator is shown.
    static constexpr std::chrono::milliseconds s_indicatorDelay{400};

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
