// The kill switch's routes over a real listener: roles, bad input with its status and the store unchanged, the
// decision automation asks for, and the decision log.
#include "tests/support/net/ApiFixture.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QTest>

using namespace watchpost;

class TestKillSwitchApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void engageDecideAndRelease()
    {
        ApiFixture f;
        TestHttp responder = f.client(QStringLiteral("responder"));
        TestHttp admin = f.client(QStringLiteral("admin"));
        TestHttp bot = f.client(QStringLiteral("automation"));
        TestHttp viewer = f.client(QStringLiteral("viewer"));
        const QJsonObject push{{"action", "push"}, {"repository", "acme/api"}, {"ref", "refs/heads/main"}};
        HttpAnswer a = bot.post("/api/v1/shipping/decisions", push);
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value("allowed").toBool(), true);

        const QJsonObject scope{{"credentials", "all_automation"}, {"repositories", QJsonArray{"acme/api"}}};
        const QString before = f.snapshot();
        QCOMPARE(viewer.post("/api/v1/security/kill-switch/engage", {{"reason", "x"}, {"scope", scope}}).status, 403);
        QCOMPARE(bot.post("/api/v1/security/kill-switch/engage", {{"reason", "x"}, {"scope", scope}}).status, 403);
        struct Bad
        {
            QJsonObject body;
            const char* field;
        };
        const Bad bad[] = {
            {{{"scope", scope}}, "reason"},
            {{{"reason", "abuse"}, {"scope", QJsonObject{{"credentials", QJsonArray{4242}}}}}, "scope.credentials"},
            {{{"reason", "abuse"},
              {"scope",
               QJsonObject{{"credentials", "all_automation"}, {"workflows", QJsonArray{"acme/api:deploy.sh"}}}}},
             "scope.workflows"},
            {{{"reason", "abuse"}, {"scope", scope}, {"incident_id", "INC-2026-0999"}}, "incident_id"},
            {{{"reason", "abuse"}, {"scope", scope}, {"expires_at", "2020-01-01T00:00:00Z"}}, "expires_at"},
            {{{"reason", "abuse"}}, "scope.credentials"},
        };
        for (const Bad& b : bad) {
            a = responder.post("/api/v1/security/kill-switch/engage", b.body);
            QVERIFY2(a.status == 422, a.body.constData());
            QVERIFY2(
                a.json().value("error").toObject().value("fields").toArray().contains(QString::fromLatin1(b.field)),
                a.body.constData());
        }
        QCOMPARE(responder.post("/api/v1/security/kill-switch/release", {{"reason", "nothing"}}).status, 403);
        QCOMPARE(admin.post("/api/v1/security/kill-switch/release", {{"reason", "nothing"}}).status, 409);
        QCOMPARE(f.snapshot(), before);

        a = responder.post("/api/v1/security/kill-switch/engage",
                           {{"reason", "ci-bot opening malicious pull requests"}, {"scope", scope}});
        QCOMPARE(a.status, 201);
        QVERIFY(a.json().value("incident").toString().startsWith("INC-"));
        QCOMPARE(responder.post("/api/v1/security/kill-switch/engage", {{"reason", "again"}, {"scope", scope}}).status,
                 409);
        // The next decision is denied, saying why; diagnostics run.
        a = bot.post("/api/v1/shipping/decisions", push);
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value("allowed").toBool(), false);
        QVERIFY2(a.json().value("reason").toString().startsWith("abuse response"), a.body.constData());
        QVERIFY(!a.json().value("decision_id").toString().isEmpty());
        QVERIFY(a.json().value("incident").toString().startsWith("INC-"));
        QCOMPARE(bot.post("/api/v1/shipping/decisions", {{"action", "diagnostic"}, {"repository", "acme/api"}})
                     .json()
                     .value("allowed")
                     .toBool(),
                 true);
        QCOMPARE(bot.post("/api/v1/shipping/decisions", {{"action", "push"}, {"repository", "api"}}).status, 422);
        QCOMPARE(bot.post("/api/v1/shipping/decisions", {{"repository", "acme/api"}}).status, 422);
        a = viewer.get("/api/v1/security/kill-switch");
        QCOMPARE(a.json().value("engaged").toBool(), true);
        QCOMPARE(a.json().value("engagement").toObject().value("blocked_attempts").toInt(), 1);
        a = viewer.get("/api/v1/security/kill-switch/decisions?result=denied");
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value("total").toInt(), 1);
        QCOMPARE(viewer.get("/api/v1/security/kill-switch/decisions?result=maybe").status, 400);
        // Narrowed away from acme/api: allowed there again.
        QCOMPARE(responder
                     .send("PATCH", "/api/v1/security/kill-switch",
                           R"({"scope":{"credentials":"all_automation","repositories":["acme/web"]}})")
                     .status,
                 200);
        QCOMPARE(bot.post("/api/v1/shipping/decisions", push).json().value("allowed").toBool(), true);
        // Only an admin releases.
        QCOMPARE(admin.post("/api/v1/security/kill-switch/release", {{"reason", "bot contained"}}).status, 200);
        QCOMPARE(admin.post("/api/v1/security/kill-switch/release", {{"reason", "again"}}).status, 409);
        QCOMPARE(viewer.get("/api/v1/security/kill-switch").json().value("engaged").toBool(), false);
    }

    // The store refuses the write: 503 with persisted false (never a persisted switch that is not), the switch
    // denies at once in this process, state and health say so; once the store takes writes the listener's tick
    // writes the engagement and its high-severity incident.
    void aStoreRefusingTheEngagementAnswers503NotPersisted()
    {
        ApiFixture f;
        TestHttp responder = f.client(QStringLiteral("responder"));
        TestHttp bot = f.client(QStringLiteral("automation"));
        QSqlQuery q(f.store->connection());
        for (const char* table : {"incidents", "kill_switch_engagements"})
            QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER refuse_%1 BEFORE INSERT ON %1 BEGIN SELECT "
                                          "RAISE(ABORT, 'database or disk is full'); END")
                               .arg(QLatin1String(table))));
        const QJsonObject scope{{"credentials", "all_automation"}};
        HttpAnswer a = responder.post("/api/v1/security/kill-switch/engage",
                                      {{"reason", "bot pushing malware"}, {"scope", scope}});
        QCOMPARE(a.status, 503);
        QCOMPARE(a.json().value("persisted").toBool(true), false);
        QCOMPARE(a.errorCode(), QStringLiteral("kill_switch_not_persisted"));
        QCOMPARE(a.json().value("engagement").toObject().value("persisted").toBool(true), false);
        QVERIFY(a.json().value("engagement").toObject().value("id").isNull());
        QCOMPARE(f.count("kill_switch_engagements"), qint64(0));
        QCOMPARE(f.count("incidents"), qint64(0));

        a = bot.post("/api/v1/shipping/decisions", {{"action", "push"}, {"repository", "acme/api"}});
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value("allowed").toBool(true), false);
        QVERIFY(a.json().value("engagement_id").isNull());
        a = responder.get("/api/v1/security/kill-switch");
        QCOMPARE(a.json().value("engaged").toBool(), true);
        QCOMPARE(a.json().value("persisted").toBool(true), false);
        QCOMPARE(a.json().value("warning").toString(),
                 QStringLiteral("kill switch not persisted — unresolved high-severity incident"));
        QCOMPARE(a.json().value("engagement").toObject().value("blocked_attempts").toInt(), 1);
        a = TestHttp(f.url).get("/api/v1/health");
        QCOMPARE(a.json().value("status").toString(), QStringLiteral("degraded"));
        QVERIFY2(a.body.contains("kill switch not persisted"), a.body.constData());
        QCOMPARE(
            f.client(QStringLiteral("admin")).post("/api/v1/security/kill-switch/release", {{"reason", "x"}}).status,
            503);

        QVERIFY(q.exec("DROP TRIGGER refuse_incidents"));
        QVERIFY(q.exec("DROP TRIGGER refuse_kill_switch_engagements"));
        QTRY_COMPARE_WITH_TIMEOUT(responder.get("/api/v1/security/kill-switch").json().value("persisted").toBool(),
                                  true, 5000);
        a = responder.get("/api/v1/security/kill-switch");
        const QJsonObject e = a.json().value("engagement").toObject();
        QVERIFY(e.value("id").toInt() > 0);
        QCOMPARE(e.value("blocked_attempts").toInt(), 1);
        QVERIFY(e.value("incident").toString().startsWith("INC-"));
        QCOMPARE(TestHttp(f.url).get("/api/v1/health").json().value("status").toString(), QStringLiteral("ok"));
        QVERIFY(q.exec("SELECT severity, title FROM incidents") && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("high"));
        QCOMPARE(q.value(1).toString(), QStringLiteral("Shipping kill switch engaged"));
        QCOMPARE(bot.post("/api/v1/shipping/decisions", {{"action", "push"}, {"repository", "acme/api"}})
                     .json()
                     .value("engagement_id")
                     .toInt(),
                 e.value("id").toInt());
    }
};

QTEST_MAIN(TestKillSwitchApi)
#include "TestKillSwitchApi.moc"
