#pragma once
// KillSwitchLeverRunner: applies and restores the shipping kill switch's GitHub levers (issue 12 §3) through the
// GitHub connection — repository rulesets (looked up by name before one is created; deleted on release), named
// workflows disabled and their queued and running runs cancelled (re-enabled on release only if they were enabled),
// a failure commit status on open pull requests' heads (success on release), and a check on the default branch
// that the ruleset's rules are in force. Each lever ends applied, verified, unverified, failed (GitHub's status and
// message, with the manual step) or skipped. Runs on the listener's thread, claiming what the store has waiting
// (KillSwitchLeverStore) at each tick, so a lever planned by any console or process is applied once.

#include "models/github/GitHubConnection.h"
#include "models/killswitch/KillSwitchLevers.h"
#include "net/github/GitHubClient.h"

#include <QObject>

namespace watchpost {

class KillSwitchLeverRunner : public QObject
{
    Q_OBJECT
public:
    static constexpr int kBatch = 20;

    KillSwitchLeverRunner(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                          const GitHubConnectionService& github, QNetworkAccessManager* network,
                          QObject* parent = nullptr);
    // Claims waiting levers and works on them; nothing while the last batch is still in flight.
    void run();
    int inFlight() const { return m_inFlight; }

Q_SIGNALS:
    void leverFinished(qint64 leverId, const QString& state);

private:
    using Done = std::function<void(KillSwitchLever)>;
    void work(KillSwitchLever l, const GitHubClient& client, const GitHubConnectionSettings& settings);
    void applyRuleset(KillSwitchLever l, const GitHubClient& client, const GitHubConnectionSettings& settings,
                      Done done);
    void verifyRuleset(KillSwitchLever l, const GitHubClient& client, Done done);
    void restoreRuleset(KillSwitchLever l, const GitHubClient& client, const GitHubConnectionSettings& settings,
                        Done done);
    void applyWorkflow(KillSwitchLever l, const GitHubClient& client, const GitHubConnectionSettings& settings,
                       Done done);
    void cancelRuns(KillSwitchLever l, const GitHubClient& client, QStringList statuses, QList<qint64> runs, Done done);
    void restoreWorkflow(KillSwitchLever l, const GitHubClient& client, const GitHubConnectionSettings& settings,
                         Done done);
    void setStatuses(KillSwitchLever l, const GitHubClient& client, const GitHubConnectionSettings& settings,
                     QStringList shas, const QString& state, Done done);
    void finish(const KillSwitchLever& l);

    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    const GitHubConnectionService& m_github;
    QNetworkAccessManager* m_network;
    KillSwitchLeverStore m_levers;
    int m_inFlight = 0;
};

} // namespace watchpost
