#pragma once
// KillSwitchActions: what a console does to the shipping kill switch and the GitHub connection — on this machine's
// store (LocalKillSwitchActions: the services themselves), or, attached to a server, through its REST API
// (net/remote). The rules are the services' either way.

#include "models/github/GitHubConnection.h"
#include "models/killswitch/KillSwitchService.h"

namespace watchpost {

class KillSwitchActions
{
public:
    virtual ~KillSwitchActions() = default;
    virtual Result<KillSwitchEngagement> engage(const QString& reason, std::optional<qint64> incidentId,
                                                const KillSwitchScope& scope, std::optional<QDateTime> expiresAt,
                                                const QString& actor) = 0;
    virtual Result<KillSwitchEngagement> changeScope(const KillSwitchScope& scope, const QString& actor) = 0;
    virtual Result<KillSwitchEngagement> release(const QString& reason, const QString& actor) = 0;
    // `token` empty keeps the kept one.
    virtual Result<Done> setGitHubConnection(const QString& apiBaseUrl, const QByteArray& token,
                                             const QList<qint64>& bypassTeamIds, const QString& actor) = 0;
};

class LocalKillSwitchActions final : public KillSwitchActions
{
public:
    LocalKillSwitchActions(KillSwitchService& killSwitch, GitHubConnectionService& github)
        : m_killSwitch(killSwitch), m_github(github)
    {
    }
    Result<KillSwitchEngagement> engage(const QString& reason, std::optional<qint64> incidentId,
                                        const KillSwitchScope& scope, std::optional<QDateTime> expiresAt,
                                        const QString& actor) override
    {
        return m_killSwitch.engage(reason, incidentId, scope, expiresAt, actor);
    }
    Result<KillSwitchEngagement> changeScope(const KillSwitchScope& scope, const QString& actor) override
    {
        return m_killSwitch.changeScope(scope, actor);
    }
    Result<KillSwitchEngagement> release(const QString& reason, const QString& actor) override
    {
        return m_killSwitch.release(reason, actor);
    }
    Result<Done> setGitHubConnection(const QString& apiBaseUrl, const QByteArray& token,
                                     const QList<qint64>& bypassTeamIds, const QString& actor) override
    {
        auto set = m_github.set(apiBaseUrl, token, bypassTeamIds, actor);
        if (!set)
            return set.error();
        return Done{};
    }

private:
    KillSwitchService& m_killSwitch;
    GitHubConnectionService& m_github;
};

} // namespace watchpost
