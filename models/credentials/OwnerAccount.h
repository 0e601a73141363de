#pragma once
// OwnerAccount: the console owner's sign-in — a passphrase set on first start and kept only as an scrypt hash
// (OpenSSL), unlocked at each start or after a forced re-authentication; "stay signed in" through a random
// token in the keychain whose SHA-256 the store keeps.

#include "models/audit/AuditLog.h"
#include "models/core/SecretStore.h"

namespace watchpost {

class OwnerAccount
{
public:
    static constexpr int kMinimumPassphrase = 12;
    static constexpr const char* kRememberKey = "owner/stay-signed-in";

    OwnerAccount(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock, std::shared_ptr<AuditLog> audit);

    Result<std::optional<QString>> ownerName() const;
    // First start only; refuses a second owner, an empty name and a short or mismatched passphrase.
    Result<Done> setUp(const QString& name, const QString& passphrase, const QString& confirmation);
    // Checks the passphrase (recording a failed attempt in the audit log).
    Result<Done> unlock(const QString& passphrase);

    // "Stay signed in": keeps a random token in `secrets` and its hash here; remembered() checks it.
    Result<Done> remember(SecretStore& secrets);
    bool remembered(SecretStore& secrets) const;
    Result<Done> forget(SecretStore* secrets);

    // True when re-authentication was forced after `unlockedAt`: the console locks until the passphrase is entered.
    bool mustReauthenticate(const QDateTime& unlockedAt) const;

private:
    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<AuditLog> m_audit;
};

} // namespace watchpost
