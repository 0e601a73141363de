#pragma once
// RemoteCredentialActions: an attached console's credential writes, sent to the server's security API
// (/api/v1/security/credentials/…). The new key comes back once, in the answer, as the server shows it once.

#include "models/credentials/CredentialActions.h"
#include "net/remote/ServerLink.h"

namespace watchpost {

class RemoteCredentialActions final : public CredentialActions
{
public:
    explicit RemoteCredentialActions(ServerLink& link) : m_link(link) {}
    Result<CreatedToken> create(const QString& name, const QString& role, const QString& owner,
                                std::optional<QDateTime> expiresAt, const QString& actor) override;
    Result<RevocationReport> revoke(const QList<qint64>& ids, const QString& reason, SessionPolicy policy,
                                    const QString& actor) override;

private:
    ServerLink& m_link;
};

} // namespace watchpost
