#pragma once
// KillSwitchRules: the shipping kill switch's vocabulary and its one decision rule (story ST-SIR-007) — which
// actions ship, what a scope covers, and whether an attempt is allowed. Pure: the service feeds it the active
// engagement (or that it could not be read) and the asking credential; no store, no clock of its own.
//
// Fail closed: while an engagement is active, any doubt about a shipping attempt — an action this list does not
// know, an actor that could not be found, a store that could not be read — denies it. `diagnostic` (read, fetch,
// run tests, collect logs) is never blocked.

#include "models/core/Result.h"
#include "models/credentials/TokenService.h"

#include <QDateTime>
#include <QJsonObject>
#include <optional>

namespace watchpost {

namespace shipping {
// commit, push, pull_request, merge, release, deploy ship; diagnostic does not. The one list.
const QStringList& actionNames();
bool isShipping(const QString& action); // unknown names count as shipping (fail closed)
bool isKnown(const QString& action);
} // namespace shipping

// Who and where an engagement stops: all automation credentials or named ones; everywhere, or named GitHub
// repositories (owner/repo) and workflows within them (owner/repo:.github/workflows/x.yml).
struct KillSwitchScope
{
    bool allAutomation = false;
    QList<qint64> credentialIds;
    QStringList repositories;
    QStringList workflows;
    // The frozen bots' GitHub accounts: their push and pull_request deliveries are violations. With all automation,
    // any sender GitHub calls a Bot counts too.
    QStringList githubLogins;

    // `{credentials: "all_automation" | [ids], repositories: [...], workflows: [...], github_logins: [...]}`; every
    // bad part named.
    static Result<KillSwitchScope> fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
    static bool validRepository(const QString& name);
    static bool validWorkflow(const QString& name);
    static bool validGitHubLogin(const QString& login);
    // A webhook delivery's sender (login, GitHub's sender.type) is one of the frozen bots.
    bool coversGitHubSender(const QString& login, const QString& type) const;

    bool coversActor(qint64 credentialId, Role role) const;
    // No repository or workflow named: everywhere. A named workflow covers that workflow's attempts only; a named
    // repository every attempt in it.
    bool coversTarget(const QString& repository, const QString& workflow) const;
    QString describe() const; // "all automation credentials in acme/api, acme/web:.github/workflows/release.yml"
};

struct KillSwitchEngagement
{
    qint64 id = 0;
    qint64 incidentId = 0;
    QString reason;
    KillSwitchScope scope;
    QString engagedBy;
    QDateTime engagedAt;
    std::optional<QDateTime> expiresAt; // none: until released
    std::optional<QDateTime> releasedAt;
    QString releasedBy;
    QString releaseReason;

    bool activeAt(const QDateTime& now) const { return !releasedAt && (!expiresAt || *expiresAt > now); }
};

struct ShippingAttempt
{
    QString action;
    QString repository;
    QString workflow;
    qint64 credentialId = 0;
    Role role = Role::Automation;
    bool actorKnown = true; // the asking credential was found
};

struct ShippingDecision
{
    bool allowed = true;
    QString reason;
    qint64 engagementId = 0; // the engagement that decided, 0: none
};

// `engagement`: the active one (nullopt: none); `engagementUnknown`: the store could not say (fails closed).
ShippingDecision decideShipping(const std::optional<KillSwitchEngagement>& engagement, bool engagementUnknown,
                                const ShippingAttempt& attempt, const QDateTime& now);

} // namespace watchpost
