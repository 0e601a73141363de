#pragma once
// CredentialActions: the credential writes a console makes — create (the key shown once) and revoke — on this
// machine's store (LocalCredentialActions: CredentialService itself), or, attached to a server, through its REST API
// (net/remote). The rules and the audit records are CredentialService's either way.

#include "models/credentials/CredentialService.h"

namespace watchpost {

class CredentialActions
{
public:
    virtual ~CredentialActions() = default;
    virtual Result<CreatedToken> create(const QString& name, const QString& role, const QString& owner,
                                        std::optional<QDateTime> expiresAt, const QString& actor) = 0;
    virtual Result<RevocationReport> revoke(const QList<qint64>& ids, const QString& reason, SessionPolicy policy,
                                            const QString& actor) = 0;
};

class LocalCredentialActions final : public CredentialActions
{
public:
    explicit LocalCredentialActions(CredentialService& service) : m_service(service) {}
    Result<CreatedToken> create(const QString& name, const QString& role, const QString& owner,
                                std::optional<QDateTime> expiresAt, const QString& actor) override
    {
        return m_service.create(name, role, owner, expiresAt, actor);
    }
    Result<RevocationReport> revoke(const QList<qint64>& ids, const QString& reason, SessionPolicy policy,
                                    const QString& actor) override
    {
        return m_service.revoke(ids, reason, policy, actor);
    }

private:
    CredentialService& m_service;
};

} // namespace watchpost
