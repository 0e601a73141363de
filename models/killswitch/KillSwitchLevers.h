#pragma once
// KillSwitchLevers: GitHub's own levers for an engagement whose scope names repositories (issue 12 §3) — what is
// planned for each repository, what state each lever is in, what GitHub held before (so releasing restores exactly
// that), and what a person must still do by hand when GitHub refused. The store side only: net/github's
// KillSwitchLeverRunner claims planned levers and talks to GitHub.

#include "models/killswitch/KillSwitchRules.h"
#include "models/store/Store.h"

#include <QJsonObject>

namespace watchpost {

namespace lever {
// Lever kinds.
inline const QString kRulesetBranches = QStringLiteral("ruleset_branches");
inline const QString kRulesetTags = QStringLiteral("ruleset_tags");
inline const QString kWorkflow = QStringLiteral("workflow"); // target: the workflow's file name (x.yml)
inline const QString kStatuses = QStringLiteral("statuses"); // the open pull requests' heads at engagement
inline const QString kStatus = QStringLiteral("status");     // target: a head a pull_request delivery reported
// States.
inline const QString kPending = QStringLiteral("pending");
inline const QString kApplying = QStringLiteral("applying");
inline const QString kApplied = QStringLiteral("applied");
inline const QString kVerified = QStringLiteral("verified");
inline const QString kUnverified = QStringLiteral("unverified");
inline const QString kFailed = QStringLiteral("failed");
inline const QString kSkipped = QStringLiteral("skipped");
inline const QString kRestorePending = QStringLiteral("restore_pending");
inline const QString kRestoring = QStringLiteral("restoring");
inline const QString kRestored = QStringLiteral("restored");
inline const QString kRestoreFailed = QStringLiteral("restore_failed");
// The commit status context Watchpost sets and its rulesets require.
inline const QString kStatusContext = QStringLiteral("watchpost/kill-switch");
// The ruleset's name on GitHub, looked up before one is created.
QString rulesetName(qint64 engagementId, const QString& leverKind);
} // namespace lever

struct KillSwitchLever
{
    qint64 id = 0;
    qint64 engagementId = 0;
    QString repository;
    QString kind;
    QString target;
    QString state;
    std::optional<qint64> githubId;
    QJsonObject prior; // what GitHub held before (a workflow's state, the heads given a status)
    QString detail;    // what GitHub answered
    QString manualStep;
    QDateTime updatedAt;

    bool restoring() const;
};

class KillSwitchLeverStore
{
public:
    static constexpr int kStaleClaimMs = 120'000; // a claim older than this was left by a process that stopped

    explicit KillSwitchLeverStore(std::shared_ptr<Store> store) : m_store(std::move(store)) {}

    // Inside the caller's transaction. Plans the levers `scope` calls for that are not planned yet: rulesets and
    // statuses per named repository, one lever per named workflow.
    Result<Done> plan(qint64 engagementId, const KillSwitchScope& scope, qint64 nowMs) const;
    // Inside the caller's transaction: every lever of the engagement (or only those for targets `scope` no longer
    // covers) goes back to what it was — restore pending; one never applied is skipped.
    Result<Done> unwind(qint64 engagementId, const std::optional<KillSwitchScope>& stillCovered, qint64 nowMs) const;
    // A head a pull_request delivery reported during the engagement: a failure status for it.
    Result<Done> addHead(qint64 engagementId, const QString& repository, const QString& sha, qint64 nowMs) const;

    Result<QList<KillSwitchLever>> forEngagement(qint64 engagementId) const;
    // Claims up to `limit` levers waiting to be applied or restored (stale claims first go back to waiting).
    Result<QList<KillSwitchLever>> claim(int limit, qint64 nowMs) const;
    // Records how a claimed lever ended. A lever whose engagement was released while it was applied keeps its
    // restore pending (the GitHub id and prior state are kept for it).
    Result<Done> finish(const KillSwitchLever& lever, qint64 nowMs) const;

private:
    std::shared_ptr<Store> m_store;
};

} // namespace watchpost
