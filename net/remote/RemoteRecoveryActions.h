#pragma once
// RemoteRecoveryActions: an attached console's token-compromise recovery, run by the server
// (POST /api/v1/security/recovery/token-compromise); the report shown is the server's.

#include "models/credentials/RecoveryActions.h"
#include "net/remote/ServerLink.h"

namespace watchpost {

class RemoteRecoveryActions final : public RecoveryActions
{
public:
    explicit RemoteRecoveryActions(ServerLink& link) : m_link(link) {}
    Result<RecoveryReport> tokenCompromise(const RecoveryRequest& request, const QString& actor) override;

private:
    ServerLink& m_link;
};

} // namespace watchpost
