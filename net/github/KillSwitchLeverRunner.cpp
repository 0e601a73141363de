#include "net/github/KillSwitchLeverRunner.h"

#include <QJsonArray>
#include <QUrl>

namespace watchpost {
namespace {
const QStringList kRulesetRules{QStringLiteral("creation"), QStringLiteral("update"), QStringLiteral("deletion"),
                                QStringLiteral("non_fast_forward")};

QString repoPath(const QString& repository)
{
    return QStringLiteral("/repos/") + repository;
}

QString encoded(const QString& part)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(part));
}

// The ruleset Watchpost asks for: every ref of the target, no creation, update, deletion or force push; on
// branches the watchpost/kill-switch status is required too (a status check is a branch rule). Bypass: the
// configured teams only — never a repository role the frozen bot's account may hold.
QJsonObject rulesetBody(const KillSwitchLever& l, const GitHubConnectionSettings& settings)
{
    QJsonArray rules;
    for (const QString& rule : kRulesetRules)
        rules << QJsonObject{{QStringLiteral("type"), rule}};
    const bool branches = l.kind == lever::kRulesetBranches;
    if (branches)
        rules << QJsonObject{
            {QStringLiteral("type"), QStringLiteral("required_status_checks")},
            {QStringLiteral("parameters"),
             QJsonObject{{QStringLiteral("strict_required_status_checks_policy"), false},
                         {QStringLiteral("required_status_checks"),
                          QJsonArray{QJsonObject{{QStringLiteral("context"), lever::kStatusContext}}}}}}};
    QJsonArray bypass;
    for (qint64 team : settings.bypassTeamIds)
        bypass << QJsonObject{{QStringLiteral("actor_id"), team},
                              {QStringLiteral("actor_type"), QStringLiteral("Team")},
                              {QStringLiteral("bypass_mode"), QStringLiteral("always")}};
    return {{QStringLiteral("name"), lever::rulesetName(l.engagementId, l.kind)},
            {QStringLiteral("target"), branches ? QStringLiteral("branch") : QStringLiteral("tag")},
            {QStringLiteral("enforcement"), QStringLiteral("active")},
            {QStringLiteral("bypass_actors"), bypass},
            {QStringLiteral("conditions"),
             QJsonObject{{QStringLiteral("ref_name"), QJsonObject{{QStringLiteral("include"), QJsonArray{"~ALL"}},
                                                                  {QStringLiteral("exclude"), QJsonArray()}}}}},
            {QStringLiteral("rules"), rules}};
}

KillSwitchLever failed(KillSwitchLever l, const QString& state, const QString& detail, const QString& step)
{
    l.state = state;
    l.detail = detail;
    l.manualStep = step;
    return l;
}
} // namespace

KillSwitchLeverRunner::KillSwitchLeverRunner(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                                             const GitHubConnectionService& github, QNetworkAccessManager* network,
                                             QObject* parent)
    : QObject(parent), m_store(store), m_clock(std::move(clock)), m_github(github), m_network(network),
      m_levers(std::move(store))
{
}

void KillSwitchLeverRunner::run()
{
    if (m_inFlight > 0)
        return;
    auto claimed = m_levers.claim(kBatch, m_clock->nowMs());
    if (!claimed || claimed->isEmpty())
        return;
    const auto settings = m_github.get();
    const auto token = m_github.token();
    for (KillSwitchLever& l : *claimed) {
        if (!settings || !*settings || !token) {
            const QString why = !settings ? settings.error().message
                                : !*settings
                                    ? QStringLiteral("no GitHub connection is configured (PUT "
                                                     "/api/v1/security/github-connection, or Settings → Security → "
                                                     "Kill switch)")
                                    : token.error().message;
            GitHubConnectionSettings none;
            none.apiBaseUrl = GitHubConnectionService::kDefaultBaseUrl;
            const GitHubConnectionSettings& s = settings && *settings ? **settings : none;
            const QString step = l.restoring() ? QStringLiteral("Undo by hand what Watchpost applied: %1")
                                                     .arg(s.webUrl(QStringLiteral("/%1/settings").arg(l.repository)))
                                               : QStringLiteral("Apply it by hand: %1")
                                                     .arg(s.webUrl(QStringLiteral("/%1/settings").arg(l.repository)));
            finish(failed(l, l.restoring() ? lever::kRestoreFailed : lever::kFailed, why, step));
            continue;
        }
        ++m_inFlight;
        work(l, GitHubClient(m_network, (*settings)->apiBaseUrl, *token, this), **settings);
    }
}

void KillSwitchLeverRunner::finish(const KillSwitchLever& l)
{
    if (auto recorded = m_levers.finish(l, m_clock->nowMs()); !recorded)
        qWarning("watchpost: lever %lld (%s %s) could not be recorded: %s", l.id, qPrintable(l.repository),
                 qPrintable(l.kind), qPrintable(recorded.error().message));
    Q_EMIT leverFinished(l.id, l.state);
}

void KillSwitchLeverRunner::work(KillSwitchLever l, const GitHubClient& client,
                                 const GitHubConnectionSettings& settings)
{
    const Done done = [this](KillSwitchLever result) {
        finish(result);
        --m_inFlight;
    };
    const bool restore = l.state == lever::kRestoring;
    if (l.kind == lever::kRulesetBranches || l.kind == lever::kRulesetTags)
        return restore ? restoreRuleset(l, client, settings, done) : applyRuleset(l, client, settings, done);
    if (l.kind == lever::kWorkflow)
        return restore ? restoreWorkflow(l, client, settings, done) : applyWorkflow(l, client, settings, done);
    if (l.kind == lever::kStatus) // one head a pull_request delivery reported
        return setStatuses(l, client, settings, {l.target},
                           restore ? QStringLiteral("success") : QStringLiteral("failure"), done);
    if (l.kind == lever::kStatuses) {
        if (restore) {
            QStringList shas;
            for (const QJsonValue v : l.prior.value(QStringLiteral("shas")).toArray())
                shas << v.toString();
            return setStatuses(l, client, settings, shas, QStringLiteral("success"), done);
        }
        client.call(
            "GET", repoPath(l.repository) + QStringLiteral("/pulls?state=open&per_page=100"), {},
            [this, l, client, settings, done](const GitHubAnswer& a) {
                if (!a.ok())
                    return done(failed(l, lever::kFailed,
                                       QStringLiteral("the open pull requests cannot be listed: %1").arg(a.message()),
                                       QStringLiteral("Block the open pull requests by hand (close them or "
                                                      "request changes): %1")
                                           .arg(settings.webUrl(QStringLiteral("/%1/pulls").arg(l.repository)))));
                QStringList shas;
                for (const QJsonValue pr : a.json.array()) {
                    const QString sha =
                        pr.toObject().value(QStringLiteral("head")).toObject().value(QStringLiteral("sha")).toString();
                    if (!sha.isEmpty() && !shas.contains(sha))
                        shas << sha;
                }
                KillSwitchLever next = l;
                next.prior = {{QStringLiteral("shas"), QJsonArray::fromStringList(shas)}};
                setStatuses(next, client, settings, shas, QStringLiteral("failure"), done);
            });
        return;
    }
    done(failed(l, restore ? lever::kRestoreFailed : lever::kFailed,
                QStringLiteral("this Watchpost does not know the lever '%1'").arg(l.kind), {}));
}

void KillSwitchLeverRunner::applyRuleset(KillSwitchLever l, const GitHubClient& client,
                                         const GitHubConnectionSettings& settings, Done done)
{
    const QString name = lever::rulesetName(l.engagementId, l.kind);
    const bool branches = l.kind == lever::kRulesetBranches;
    const QString step =
        QStringLiteral("Add a ruleset '%1' on all %2 (enforcement active) blocking creation, update, deletion and "
                       "force pushes%3: %4")
            .arg(name, branches ? QStringLiteral("branches") : QStringLiteral("tags"),
                 branches ? QStringLiteral(" and requiring the %1 status").arg(lever::kStatusContext) : QString(),
                 settings.webUrl(QStringLiteral("/%1/settings/rules/new?target=%2")
                                     .arg(l.repository, branches ? QStringLiteral("branch") : QStringLiteral("tag"))));
    // Kept only if the check on the default branch cannot confirm the ruleset.
    l.manualStep = QStringLiteral("Check that ruleset '%1' is active on the default branch with its rules: %2")
                       .arg(name, settings.webUrl(QStringLiteral("/%1/settings/rules").arg(l.repository)));
    // Looked up by name first: a crash between creating it and recording it leaves no duplicate.
    client.call(
        "GET", repoPath(l.repository) + QStringLiteral("/rulesets?per_page=100&includes_parents=false"), {},
        [this, l, client, settings, done, name, step](const GitHubAnswer& listed) {
            if (!listed.ok())
                return done(failed(l, lever::kFailed,
                                   QStringLiteral("the rulesets cannot be read: %1").arg(listed.message()), step));
            for (const QJsonValue r : listed.json.array())
                if (r.toObject().value(QStringLiteral("name")).toString() == name) {
                    KillSwitchLever found = l;
                    found.githubId = r.toObject().value(QStringLiteral("id")).toInteger();
                    found.detail =
                        QStringLiteral("ruleset %1 (id %2) was already there").arg(name).arg(*found.githubId);
                    return verifyRuleset(found, client, done);
                }
            client.call("POST", repoPath(l.repository) + QStringLiteral("/rulesets"), rulesetBody(l, settings),
                        [this, l, client, done, name, step](const GitHubAnswer& created) {
                            if (!created.ok())
                                return done(
                                    failed(l, lever::kFailed,
                                           QStringLiteral("GitHub refused ruleset %1: %2").arg(name, created.message()),
                                           step));
                            KillSwitchLever made = l;
                            made.githubId = created.json.object().value(QStringLiteral("id")).toInteger();
                            made.detail = QStringLiteral("ruleset %1 created (id %2)").arg(name).arg(*made.githubId);
                            verifyRuleset(made, client, done);
                        });
        });
}

void KillSwitchLeverRunner::verifyRuleset(KillSwitchLever l, const GitHubClient& client, Done done)
{
    if (l.kind != lever::kRulesetBranches) { // GitHub answers the rules in force for branches only
        l.state = lever::kApplied;
        l.manualStep.clear();
        return done(l);
    }
    client.call("GET", repoPath(l.repository), {}, [this, l, client, done](const GitHubAnswer& repo) {
        const QString branch = repo.json.object().value(QStringLiteral("default_branch")).toString();
        if (!repo.ok() || branch.isEmpty()) {
            KillSwitchLever out = l;
            out.state = lever::kUnverified;
            out.detail += QStringLiteral("; the default branch cannot be read to verify it: %1").arg(repo.message());
            return done(out);
        }
        client.call(
            "GET",
            repoPath(l.repository) + QStringLiteral("/rules/branches/") + encoded(branch) +
                QStringLiteral("?per_page=100"),
            {}, [l, done, branch](const GitHubAnswer& rules) {
                KillSwitchLever out = l;
                QStringList active;
                for (const QJsonValue r : rules.json.array())
                    if (r.toObject().value(QStringLiteral("ruleset_id")).toInteger() == *l.githubId)
                        active << r.toObject().value(QStringLiteral("type")).toString();
                QStringList missing;
                for (const QString& rule : kRulesetRules + QStringList{QStringLiteral("required_status_checks")})
                    if (!active.contains(rule))
                        missing << rule;
                out.state = rules.ok() && missing.isEmpty() ? lever::kVerified : lever::kUnverified;
                if (out.state == lever::kVerified)
                    out.manualStep.clear();
                out.detail +=
                    rules.ok() && missing.isEmpty() ? QStringLiteral("; its rules are in force on %1").arg(branch)
                    : rules.ok()
                        ? QStringLiteral("; not in force on %1: %2").arg(branch, missing.join(QStringLiteral(", ")))
                        : QStringLiteral("; the rules on %1 cannot be read: %2").arg(branch, rules.message());
                done(out);
            });
    });
}

void KillSwitchLeverRunner::restoreRuleset(KillSwitchLever l, const GitHubClient& client,
                                           const GitHubConnectionSettings& settings, Done done)
{
    const QString name = lever::rulesetName(l.engagementId, l.kind);
    const QString step = QStringLiteral("Delete ruleset '%1' by hand: %2")
                             .arg(name, settings.webUrl(QStringLiteral("/%1/settings/rules").arg(l.repository)));
    auto remove = [this, l, client, done, name, step](qint64 id) {
        client.call(
            "DELETE", repoPath(l.repository) + QStringLiteral("/rulesets/%1").arg(id), {},
            [l, done, name, step, id](const GitHubAnswer& a) {
                if (!a.ok() && a.status != 404)
                    return done(failed(l, lever::kRestoreFailed,
                                       QStringLiteral("GitHub refused to delete ruleset %1: %2").arg(name, a.message()),
                                       step));
                KillSwitchLever out = l;
                out.state = lever::kRestored;
                out.manualStep.clear();
                out.detail = a.status == 404 ? QStringLiteral("ruleset %1 (id %2) was already gone").arg(name).arg(id)
                                             : QStringLiteral("ruleset %1 (id %2) deleted").arg(name).arg(id);
                done(out);
            });
    };
    if (l.githubId)
        return remove(*l.githubId);
    // Never recorded (the process stopped mid-call): found by name, or there is nothing to delete.
    client.call("GET", repoPath(l.repository) + QStringLiteral("/rulesets?per_page=100&includes_parents=false"), {},
                [l, done, name, step, remove](const GitHubAnswer& listed) {
                    if (!listed.ok())
                        return done(failed(l, lever::kRestoreFailed,
                                           QStringLiteral("the rulesets cannot be read: %1").arg(listed.message()),
                                           step));
                    for (const QJsonValue r : listed.json.array())
                        if (r.toObject().value(QStringLiteral("name")).toString() == name)
                            return remove(r.toObject().value(QStringLiteral("id")).toInteger());
                    KillSwitchLever out = l;
                    out.state = lever::kRestored;
                    out.detail = QStringLiteral("ruleset %1 was never created").arg(name);
                    done(out);
                });
}

void KillSwitchLeverRunner::applyWorkflow(KillSwitchLever l, const GitHubClient& client,
                                          const GitHubConnectionSettings& settings, Done done)
{
    const QString base = repoPath(l.repository) + QStringLiteral("/actions/workflows/") + encoded(l.target);
    const QString step =
        QStringLiteral("Disable workflow %1 and cancel its queued and running runs: %2")
            .arg(l.target, settings.webUrl(QStringLiteral("/%1/actions/workflows/%2").arg(l.repository, l.target)));
    client.call("GET", base, {}, [this, l, client, done, step](const GitHubAnswer& found) {
        if (!found.ok())
            return done(failed(l, lever::kFailed,
                               QStringLiteral("workflow %1 cannot be read: %2").arg(l.target, found.message()), step));
        KillSwitchLever next = l;
        next.githubId = found.json.object().value(QStringLiteral("id")).toInteger();
        const QString state = found.json.object().value(QStringLiteral("state")).toString();
        next.prior = {{QStringLiteral("state"), state}};
        const QString byId = repoPath(l.repository) + QStringLiteral("/actions/workflows/%1").arg(*next.githubId);
        auto runs = [this, next, client, done, state](bool disabledNow) {
            KillSwitchLever withRuns = next;
            withRuns.detail = disabledNow
                                  ? QStringLiteral("workflow %1 disabled").arg(next.target)
                                  : QStringLiteral("workflow %1 was already %2; left so").arg(next.target, state);
            cancelRuns(withRuns, client, {QStringLiteral("queued"), QStringLiteral("in_progress")}, {}, done);
        };
        if (state != QLatin1String("active"))
            return runs(false);
        client.call("PUT", byId + QStringLiteral("/disable"), {},
                    [next, done, step, runs](const GitHubAnswer& disabled) {
                        if (!disabled.ok())
                            return done(failed(next, lever::kFailed,
                                               QStringLiteral("GitHub refused to disable workflow %1: %2")
                                                   .arg(next.target, disabled.message()),
                                               step));
                        runs(true);
                    });
    });
}

void KillSwitchLeverRunner::cancelRuns(KillSwitchLever l, const GitHubClient& client, QStringList statuses,
                                       QList<qint64> runs, Done done)
{
    const QString repo = repoPath(l.repository);
    if (!statuses.isEmpty()) { // GitHub lists one status per call
        const QString status = statuses.takeFirst();
        client.call(
            "GET",
            repo + QStringLiteral("/actions/workflows/%1/runs?status=%2&per_page=100").arg(*l.githubId).arg(status), {},
            [this, l, client, statuses, runs, done, status](const GitHubAnswer& listed) mutable {
                if (!listed.ok())
                    return done(failed(
                        l, lever::kFailed,
                        l.detail + QStringLiteral("; its %1 runs cannot be listed: %2").arg(status, listed.message()),
                        QStringLiteral("Cancel the workflow's %1 runs by hand").arg(status)));
                for (const QJsonValue r : listed.json.object().value(QStringLiteral("workflow_runs")).toArray())
                    runs << r.toObject().value(QStringLiteral("id")).toInteger();
                cancelRuns(l, client, statuses, runs, done);
            });
        return;
    }
    if (runs.isEmpty()) {
        l.state = lever::kApplied;
        l.detail += QStringLiteral("; no queued or running runs");
        return done(l);
    }
    auto pending = std::make_shared<int>(int(runs.size()));
    auto cancelled = std::make_shared<int>(0), finished = std::make_shared<int>(0);
    auto refused = std::make_shared<QStringList>();
    for (qint64 run : runs)
        client.call("POST", repo + QStringLiteral("/actions/runs/%1/cancel").arg(run), {},
                    [l, done, run, pending, cancelled, finished, refused](const GitHubAnswer& a) {
                        if (a.status == 202 || a.ok())
                            ++*cancelled;
                        else if (a.status == 409)
                            ++*finished; // it ended before the cancel arrived
                        else
                            *refused << QStringLiteral("run %1: %2").arg(run).arg(a.message());
                        if (--*pending > 0)
                            return;
                        KillSwitchLever out = l;
                        out.detail +=
                            QStringLiteral("; %1 runs cancelled, %2 already finished").arg(*cancelled).arg(*finished);
                        out.state = refused->isEmpty() ? lever::kApplied : lever::kFailed;
                        if (!refused->isEmpty()) {
                            out.detail += QStringLiteral("; refused: %1").arg(refused->join(QStringLiteral("; ")));
                            out.manualStep = QStringLiteral("Cancel the refused runs by hand");
                        }
                        done(out);
                    });
}

void KillSwitchLeverRunner::restoreWorkflow(KillSwitchLever l, const GitHubClient& client,
                                            const GitHubConnectionSettings& settings, Done done)
{
    const QString prior = l.prior.value(QStringLiteral("state")).toString();
    if (prior != QLatin1String("active") || !l.githubId) { // it was not enabled before: left as it was
        l.state = lever::kRestored;
        l.detail =
            QStringLiteral("workflow %1 left %2, as it was before").arg(l.target, prior.isEmpty() ? "as is" : prior);
        return done(l);
    }
    client.call(
        "PUT", repoPath(l.repository) + QStringLiteral("/actions/workflows/%1/enable").arg(*l.githubId), {},
        [l, done, settings](const GitHubAnswer& a) {
            if (!a.ok())
                return done(failed(
                    l, lever::kRestoreFailed,
                    QStringLiteral("GitHub refused to enable workflow %1: %2").arg(l.target, a.message()),
                    QStringLiteral("Enable workflow %1 by hand: %2")
                        .arg(l.target,
                             settings.webUrl(QStringLiteral("/%1/actions/workflows/%2").arg(l.repository, l.target)))));
            KillSwitchLever out = l;
            out.state = lever::kRestored;
            out.manualStep.clear();
            out.detail = QStringLiteral("workflow %1 enabled again").arg(l.target);
            done(out);
        });
}

void KillSwitchLeverRunner::setStatuses(KillSwitchLever l, const GitHubClient& client,
                                        const GitHubConnectionSettings& settings, QStringList shas,
                                        const QString& state, Done done)
{
    const bool restore = state == QLatin1String("success");
    if (shas.isEmpty()) {
        l.state = restore ? lever::kRestored : lever::kApplied;
        l.detail = restore ? QStringLiteral("no statuses to set back") : QStringLiteral("no open pull requests");
        return done(l);
    }
    auto pending = std::make_shared<int>(int(shas.size()));
    auto refused = std::make_shared<QStringList>();
    const QJsonObject body{{QStringLiteral("state"), state},
                           {QStringLiteral("context"), lever::kStatusContext},
                           {QStringLiteral("description"),
                            restore ? QStringLiteral("Shipping kill switch released")
                                    : QStringLiteral("Shipping kill switch engaged: do not merge (engagement "
                                                     "%1)")
                                          .arg(l.engagementId)}};
    for (const QString& sha : shas)
        client.call("POST", repoPath(l.repository) + QStringLiteral("/statuses/") + encoded(sha), body,
                    [l, done, settings, sha, pending, refused, restore, count = shas.size()](const GitHubAnswer& a) {
                        if (!a.ok())
                            *refused << QStringLiteral("%1: %2").arg(sha.left(12), a.message());
                        if (--*pending > 0)
                            return;
                        KillSwitchLever out = l;
                        if (refused->isEmpty()) {
                            out.state = restore ? lever::kRestored : lever::kApplied;
                            out.manualStep.clear();
                            out.detail = QStringLiteral("%1 status %2 on %3 head%4")
                                             .arg(lever::kStatusContext, restore ? "success" : "failure")
                                             .arg(count)
                                             .arg(count == 1 ? "" : "s");
                        } else {
                            out.state = restore ? lever::kRestoreFailed : lever::kFailed;
                            out.detail = QStringLiteral("GitHub refused the %1 status: %2")
                                             .arg(lever::kStatusContext, refused->join(QStringLiteral("; ")));
                            out.manualStep =
                                restore ? QStringLiteral("Re-run the checks or merge past the stale status by hand: %1")
                                              .arg(settings.webUrl(QStringLiteral("/%1/pulls").arg(l.repository)))
                                        : QStringLiteral("Block these pull requests by hand: %1")
                                              .arg(settings.webUrl(QStringLiteral("/%1/pulls").arg(l.repository)));
                        }
                        done(out);
                    });
}

} // namespace watchpost
