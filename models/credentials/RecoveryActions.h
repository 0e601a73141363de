#pragma once
// RecoveryActions: token-compromise recovery as a console starts it — on this machine's store (RecoveryService
// itself), or, attached to a server, through its REST API (net/remote), where the same service runs it.

#include "models/credentials/RecoveryService.h"

namespace watchpost {

class RecoveryActions
{
public:
    virtual ~RecoveryActions() = default;
    virtual Result<RecoveryReport> tokenCompromise(const RecoveryRequest& request, const QString& actor) = 0;
};

class LocalRecoveryActions final : public RecoveryActions
{
public:
    explicit LocalRecoveryActions(RecoveryService& service) : m_service(service) {}
    Result<RecoveryReport> tokenCompromise(const RecoveryRequest& request, const QString& actor) override
    {
        return m_service.tokenCompromise(request, actor);
    }

private:
    RecoveryService& m_service;
};

} // namespace watchpost
