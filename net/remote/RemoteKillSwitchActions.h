#pragma once
// RemoteKillSwitchActions: an attached console's kill-switch actions, sent to the server's API
// (/api/v1/security/kill-switch/…, /api/v1/security/github-connection). The server engages, applies GitHub's
// levers and records it under the key's name; the console's replica shows the result.

#include "models/killswitch/KillSwitchActions.h"
#include "net/remote/ServerLink.h"

namespace watchpost {

class RemoteKillSwitchActions final : public KillSwitchActions
{
public:
    explicit RemoteKillSwitchActions(ServerLink& link) : m_link(link) {}

    Result<KillSwitchEngagement> engage(const QString& reason, std::optional<qint64> incidentId,
                                        const KillSwitchScope& scope, std::optional<QDateTime> expiresAt,
                                        const QString& actor) override;
    Result<KillSwitchEngagement> changeScope(const KillSwitchScope& scope, const QString& actor) override;
    Result<KillSwitchEngagement> release(const QString& reason, const QString& actor) override;
    Result<Done> setGitHubConnection(const QString& apiBaseUrl, const QByteArray& token,
                                     const QList<qint64>& bypassTeamIds, const QString& actor) override;

private:
    ServerLink& m_link;
};

} // namespace watchpost
