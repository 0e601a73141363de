// GitHub's levers for the shipping kill switch against the fake GitHub (a real HTTP server on loopback): the
// GitHub connection (token never answered back), rulesets looked up by name and created for branches and tags with
// the configured bypass teams, verified on the default branch; named workflows disabled and their queued and running
// runs cancelled; failure statuses on open pull requests' heads; everything restored exactly on release (nothing
// Watchpost did not create touched); GitHub refusing a lever (403) making the engagement partial with the manual
// step; a frozen bot's push and pull_request deliveries recorded as violations.
#include "models/webhooks/WebhookSignature.h"
#include "tests/support/net/ApiFixture.h"
#include "tests/support/net/FakeGitHub.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QTest>

using namespace watchpost;

namespace {
const QByteArray kSecret("kill-switch-test-secret");

QJsonObject engagement(ApiFixture& f)
{
    return f.client(QStringLiteral("viewer")).get("/api/v1/security/kill-switch").json().value("engagement").toObject();
}

QJsonObject leverOf(const QJsonObject& e, const QString& kind, const QString& target = {})
{
    for (const QJsonValue v : e.value("levers").toArray())
        if (v.toObject().value("lever").toString() == kind && v.toObject().value("target").toString() == target)
            return v.toObject();
    return {};
}

void connectGitHub(ApiFixture& f, const FakeGitHub& github)
{
    const HttpAnswer a = f.client(QStringLiteral("admin"))
                             .send("PUT", "/api/v1/security/github-connection",
                                   QJsonDocument(QJsonObject{{"api_base_url", github.url()},
                                                             {"token", "ghp_kill_switch_test"},
                                                             {"bypass_team_ids", QJsonArray{7}}})
                                       .toJson());
    QVERIFY2(a.status == 200, a.body.constData());
}
} // namespace

class TestKillSwitchLevers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theConnectionKeepsItsTokenToItself()
    {
        ApiFixture f;
        FakeGitHub github;
        TestHttp admin = f.client(QStringLiteral("admin"));
        QCOMPARE(f.client(QStringLiteral("responder")).get("/api/v1/security/github-connection").status, 403);
        QCOMPARE(admin.get("/api/v1/security/github-connection").json().value("configured").toBool(true), false);
        const QString before = f.snapshot();
        struct Bad
        {
            QJsonObject body;
            const char* field;
        };
        const Bad bad[] = {
            {{{"api_base_url", "http://github.example.com/api/v3"}, {"token", "t"}}, "api_base_url"},
            {{{"api_base_url", "https://x/?q=1"}, {"token", "t"}}, "api_base_url"},
            {{{"token", "two words"}}, "token"},
            {{{"api_base_url", "https://api.github.com"}}, "token"}, // none kept yet
            {{{"token", "t"}, {"bypass_team_ids", QJsonArray{0}}}, "bypass_team_ids"},
        };
        for (const Bad& b : bad) {
            const HttpAnswer a =
                admin.send("PUT", "/api/v1/security/github-connection", QJsonDocument(b.body).toJson());
            QVERIFY2(a.status == 422 && a.errorFields().contains(QString::fromLatin1(b.field)), a.body.constData());
        }
        QCOMPARE(f.snapshot(), before);
        connectGitHub(f, github);
        const HttpAnswer got = admin.get("/api/v1/security/github-connection");
        QCOMPARE(got.json().value("token_set").toBool(), true);
        QCOMPARE(got.json().value("api_base_url").toString(), github.url());
        QVERIFY(!got.body.contains("ghp_kill_switch_test"));
        // The token is in the secret store, not the store; changing the URL keeps it.
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec("SELECT api_base_url, bypass_team_ids FROM github_connection") && q.next());
        QVERIFY(!q.value(0).toString().contains("ghp_") && !q.value(1).toString().contains("ghp_"));
        QCOMPARE(QByteArray(f.secrets->read(GitHubConnectionService::kTokenKey)->value()),
                 QByteArray("ghp_kill_switch_test"));
        QCOMPARE(admin
                     .send("PUT", "/api/v1/security/github-connection",
                           QJsonDocument(QJsonObject{{"api_base_url", "https://ghe.example.com/api/v3"}}).toJson())
                     .status,
                 200);
        QCOMPARE(admin.get("/api/v1/security/github-connection").json().value("token_set").toBool(), true);
        QVERIFY(q.exec("SELECT COUNT(*) FROM audit_log WHERE action = 'github_connection_changed'") && q.next());
        QCOMPARE(q.value(0).toInt(), 2);
    }

    void leversAreAppliedVerifiedAndRestoredExactly()
    {
        ApiFixture f;
        FakeGitHub github;
        FakeGitHub::Repo repo;
        repo.workflows = {{11, "release.yml", "active"}, {12, "nightly.yml", "disabled_manually"}};
        repo.runs = {{101, 11, "queued"}, {102, 11, "in_progress"}, {103, 11, "completed"}, {104, 12, "queued"}};
        repo.openPullHeads = {"aaa111", "bbb222"};
        repo.rulesets.insert(
            5, QJsonObject{{"id", 5}, {"name", "org-protection"}, {"target", "branch"}, {"enforcement", "active"}});
        // Left by a run that stopped after creating it: found by name, never created twice.
        QJsonArray rules;
        for (const char* type : {"creation", "update", "deletion", "non_fast_forward", "required_status_checks"})
            rules << QJsonObject{{"type", type}};
        repo.rulesets.insert(
            6, QJsonObject{{"id", 6},
                           {"name", "watchpost-kill-switch-1"},
                           {"target", "branch"},
                           {"enforcement", "active"},
                           {"conditions", QJsonObject{{"ref_name", QJsonObject{{"include", QJsonArray{"~ALL"}}}}}},
                           {"rules", rules}});
        github.repos.insert("acme/api", repo);
        connectGitHub(f, github);
        const QJsonObject scope{{"credentials", "all_automation"},
                                {"repositories", QJsonArray{"acme/api"}},
                                {"workflows", QJsonArray{"acme/api:.github/workflows/release.yml",
                                                         "acme/api:.github/workflows/nightly.yml"}}};
        HttpAnswer a = f.client().post("/api/v1/security/kill-switch/engage",
                                       {{"reason", "release-bot opening malicious PRs"}, {"scope", scope}});
        QCOMPARE(a.status, 201);
        QCOMPARE(a.json().value("id").toInt(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(engagement(f).value("levers_status").toString(), QStringLiteral("done"), 10000);
        QJsonObject e = engagement(f);
        QCOMPARE(e.value("status").toString(), QStringLiteral("engaged"));
        QCOMPARE(e.value("levers").toArray().size(), 5);

        // Rulesets: the branch one found by name, the tag one created once, as asked.
        QCOMPARE(github.count("POST", "/rulesets"), 1);
        const FakeGitHub::Repo& now = github.repos["acme/api"];
        QCOMPARE(now.rulesets.size(), 3);
        QJsonObject tags;
        for (const QJsonObject& r : now.rulesets)
            if (r.value("name").toString() == QLatin1String("watchpost-kill-switch-1-tags"))
                tags = r;
        QCOMPARE(tags.value("target").toString(), QStringLiteral("tag"));
        QCOMPARE(tags.value("enforcement").toString(), QStringLiteral("active"));
        QCOMPARE(tags.value("conditions").toObject().value("ref_name").toObject().value("include").toArray(),
                 QJsonArray{"~ALL"});
        QCOMPARE(tags.value("bypass_actors").toArray().first().toObject().value("actor_type").toString(),
                 QStringLiteral("Team"));
        QCOMPARE(tags.value("bypass_actors").toArray().first().toObject().value("actor_id").toInt(), 7);
        QStringList types;
        for (const QJsonValue rule : tags.value("rules").toArray())
            types << rule.toObject().value("type").toString();
        QCOMPARE(types, (QStringList{"creation", "update", "deletion", "non_fast_forward"}));
        // The branch ruleset found by name is checked on the default branch like a new one.
        QCOMPARE(leverOf(e, "ruleset_branches").value("state").toString(), QStringLiteral("verified"));
        QCOMPARE(leverOf(e, "ruleset_branches").value("github_id").toInt(), 6);
        QCOMPARE(leverOf(e, "ruleset_tags").value("state").toString(), QStringLiteral("applied"));
        // Workflows: the active one disabled, its queued and running runs cancelled (one status per list call); the
        // one already disabled left so; runs of others untouched.
        QCOMPARE(now.workflows.at(0).state, QStringLiteral("disabled_manually"));
        QCOMPARE(now.runs.at(0).status, QStringLiteral("cancelled"));
        QCOMPARE(now.runs.at(1).status, QStringLiteral("cancelled"));
        QCOMPARE(now.runs.at(2).status, QStringLiteral("completed"));
        QCOMPARE(now.runs.at(3).status, QStringLiteral("cancelled")); // nightly's queued run: it is in scope too
        QVERIFY(github.count("GET", "/runs") >= 4);
        QVERIFY2(leverOf(e, "workflow", "release.yml").value("detail").toString().contains("2 runs cancelled"),
                 qPrintable(leverOf(e, "workflow", "release.yml").value("detail").toString()));
        QVERIFY(leverOf(e, "workflow", "nightly.yml").value("detail").toString().contains("already"));
        // Statuses: failure on each open pull request's head.
        QCOMPARE(now.statuses.size(), 2);
        for (const QJsonObject& s : now.statuses) {
            QCOMPARE(s.value("state").toString(), QStringLiteral("failure"));
            QCOMPARE(s.value("context").toString(), QStringLiteral("watchpost/kill-switch"));
        }
        for (const FakeGitHub::Call& c : github.calls)
            QCOMPARE(c.authorization, QByteArray("Bearer ghp_kill_switch_test"));

        // Release: exactly what was there before.
        QCOMPARE(f.client(QStringLiteral("admin"))
                     .post("/api/v1/security/kill-switch/release", {{"reason", "bot contained"}})
                     .status,
                 200);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QJsonArray levers = f.client()
                                              .get("/api/v1/security/kill-switch")
                                              .json()
                                              .value("engagement")
                                              .toObject()
                                              .value("levers")
                                              .toArray();
                for (const QJsonValue l : levers)
                    if (l.toObject().value("state").toString() != QLatin1String("restored"))
                        return false;
                return !levers.isEmpty();
            }(),
            10000);
        const FakeGitHub::Repo& after = github.repos["acme/api"];
        QCOMPARE(after.rulesets.keys(), QList<qint64>{5}); // org-protection stays; Watchpost's two are gone
        QCOMPARE(after.workflows.at(0).state, QStringLiteral("active"));
        QCOMPARE(after.workflows.at(1).state, QStringLiteral("disabled_manually")); // was disabled before
        QCOMPARE(after.statuses.size(), 4);
        QCOMPARE(after.statuses.at(2).value("state").toString(), QStringLiteral("success"));
        QCOMPARE(after.statuses.at(3).value("state").toString(), QStringLiteral("success"));
    }

    void aVerifiedRulesetAndGitHubRefusingALever()
    {
        ApiFixture f;
        FakeGitHub github;
        github.repos.insert("acme/api", FakeGitHub::Repo{});
        github.repos.insert("acme/web", FakeGitHub::Repo{});
        // Rulesets on a private repository of a Free plan: GitHub refuses them.
        github.refusals << FakeGitHub::Refusal{"POST", "/repos/acme/web/rulesets", 403,
                                               "Upgrade to GitHub Pro or make this repository public to enable this "
                                               "feature."};
        connectGitHub(f, github);
        const QJsonObject scope{{"credentials", "all_automation"},
                                {"repositories", QJsonArray{"acme/api", "acme/web"}}};
        QCOMPARE(f.client().post("/api/v1/security/kill-switch/engage", {{"reason", "abuse"}, {"scope", scope}}).status,
                 201);
        QTRY_VERIFY_WITH_TIMEOUT(engagement(f).value("levers_status").toString() == QLatin1String("partial"), 10000);
        const QJsonObject e = engagement(f);
        QCOMPARE(e.value("status").toString(), QStringLiteral("partial"));
        QJsonObject api, web;
        for (const QJsonValue v : e.value("levers").toArray())
            if (v.toObject().value("lever").toString() == QLatin1String("ruleset_branches"))
                (v.toObject().value("repository").toString() == QLatin1String("acme/api") ? api : web) = v.toObject();
        QCOMPARE(api.value("state").toString(), QStringLiteral("verified"));
        QVERIFY2(api.value("detail").toString().contains("in force on main"),
                 qPrintable(api.value("detail").toString()));
        QCOMPARE(web.value("state").toString(), QStringLiteral("failed"));
        QVERIFY2(web.value("detail").toString().contains("403") && web.value("detail").toString().contains("Upgrade"),
                 qPrintable(web.value("detail").toString()));
        QVERIFY2(
            web.value("manual_step").toString().contains(github.url() + "/acme/web/settings/rules/new?target=branch"),
            qPrintable(web.value("manual_step").toString()));
        QVERIFY(!e.value("manual_steps").toArray().isEmpty());
        // Shipping is denied whatever GitHub said.
        QCOMPARE(f.client(QStringLiteral("automation"))
                     .post("/api/v1/shipping/decisions", {{"action", "push"}, {"repository", "acme/web"}})
                     .json()
                     .value("allowed")
                     .toBool(true),
                 false);
        // Release: the refused lever has nothing to restore; the applied ones are restored.
        QCOMPARE(
            f.client(QStringLiteral("admin")).post("/api/v1/security/kill-switch/release", {{"reason", "done"}}).status,
            200);
        QTRY_VERIFY_WITH_TIMEOUT(engagement(f).value("levers_status").toString() != QLatin1String("in_progress"),
                                 10000);
        QVERIFY(github.repos["acme/api"].rulesets.isEmpty());
        QCOMPARE(leverOf(engagement(f), "ruleset_tags").value("state").toString(), QStringLiteral("restored"));
    }

    void withoutAConnectionEveryLeverFailsWithItsManualStep()
    {
        ApiFixture f;
        const QJsonObject scope{{"credentials", "all_automation"}, {"repositories", QJsonArray{"acme/api"}}};
        QCOMPARE(f.client().post("/api/v1/security/kill-switch/engage", {{"reason", "abuse"}, {"scope", scope}}).status,
                 201);
        QTRY_VERIFY_WITH_TIMEOUT(engagement(f).value("levers_status").toString() == QLatin1String("partial"), 10000);
        const QJsonObject l = leverOf(engagement(f), "ruleset_branches");
        QCOMPARE(l.value("state").toString(), QStringLiteral("failed"));
        QVERIFY(l.value("detail").toString().contains("no GitHub connection"));
        QVERIFY(l.value("manual_step").toString().contains("https://github.com/acme/api/settings"));
    }

    void aFrozenBotsDeliveriesAreViolations()
    {
        ApiFixture f(
            {}, [](ApiFixture& fx) { fx.webhooks.secrets->setHook(QStringLiteral("default"), kSecret, {}, 0, 0); });
        FakeGitHub github;
        github.repos.insert("acme/api", FakeGitHub::Repo{});
        connectGitHub(f, github);
        const QJsonObject scope{{"credentials", "all_automation"},
                                {"repositories", QJsonArray{"acme/api"}},
                                {"github_logins", QJsonArray{"release-bot[bot]"}}};
        const HttpAnswer engaged =
            f.client().post("/api/v1/security/kill-switch/engage", {{"reason", "abuse"}, {"scope", scope}});
        QCOMPARE(engaged.status, 201);
        const qint64 incident = engaged.json().value("incident_id").toInteger();
        auto deliver = [&](const QByteArray& event, const QByteArray& id, const QJsonObject& payload) {
            const QByteArray body = QJsonDocument(payload).toJson(QJsonDocument::Compact);
            return TestHttp(f.url).send("POST", "/api/github/webhooks", body, "application/json", QString(),
                                        {{"X-GitHub-Event", event},
                                         {"X-GitHub-Delivery", id},
                                         {"X-Hub-Signature-256", WebhookSignature::sign(body, kSecret)},
                                         {"User-Agent", "GitHub-Hookshot/test"}});
        };
        const QJsonObject repository{{"full_name", "acme/api"}};
        QVERIFY(deliver("push", "d-push",
                        {{"ref", "refs/heads/main"},
                         {"before", "0000000"},
                         {"after", "1234567"},
                         {"repository", repository},
                         {"sender", QJsonObject{{"login", "release-bot[bot]"}, {"type", "Bot"}}}})
                        .status /
                    100 ==
                2);
        QVERIFY(deliver("pull_request", "d-pr",
                        {{"action", "opened"},
                         {"number", 9},
                         {"pull_request", QJsonObject{{"number", 9}, {"head", QJsonObject{{"sha", "ccc333"}}}}},
                         {"repository", repository},
                         {"sender", QJsonObject{{"login", "release-bot[bot]"}, {"type", "Bot"}}}})
                        .status /
                    100 ==
                2);
        // A person's push is not a violation.
        QVERIFY(deliver("push", "d-human",
                        {{"ref", "refs/heads/fix"},
                         {"repository", repository},
                         {"sender", QJsonObject{{"login", "dana"}, {"type", "User"}}}})
                        .status /
                    100 ==
                2);
        QSqlQuery q(f.store->connection());
        QTRY_VERIFY_WITH_TIMEOUT(q.exec(QStringLiteral("SELECT COUNT(*) FROM timeline_entries WHERE incident_id = %1 "
                                                       "AND text LIKE 'Kill switch violation%'")
                                            .arg(incident)) &&
                                     q.next() && q.value(0).toInt() == 2,
                                 10000);
        QVERIFY(q.exec(QStringLiteral("SELECT text FROM timeline_entries WHERE text LIKE 'Kill switch violation%' "
                                      "ORDER BY id")));
        QVERIFY(q.next() &&
                q.value(0).toString().contains("push to refs/heads/main (0000000 → 1234567) by release-bot[bot]"));
        QVERIFY(q.next() && q.value(0).toString().contains("pull request #9 opened (head ccc333)"));
        // The new head gets the failure status.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QJsonObject& s : github.repos["acme/api"].statuses)
                    if (s.value("sha").toString() == QLatin1String("ccc333") &&
                        s.value("state").toString() == QLatin1String("failure"))
                        return true;
                return false;
            }(),
            10000);
    }
};

QTEST_MAIN(TestKillSwitchLevers)
#include "TestKillSwitchLevers.moc"
