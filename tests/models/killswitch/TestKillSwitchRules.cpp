// The kill switch's one decision rule, table-driven: every action × in scope / out of scope × engaged / released /
// expired, diagnostics never blocked, and each doubt failing closed; the scope's bad inputs each named.
#include "models/killswitch/KillSwitchRules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace watchpost;

namespace {
const QDateTime kNow = QDateTime(QDate(2026, 12, 4), QTime(12, 0), Qt::UTC);

KillSwitchEngagement engagement(const QString& state)
{
    KillSwitchEngagement e;
    e.id = 7;
    e.incidentId = 3;
    e.reason = QStringLiteral("ci-bot opening malicious pull requests");
    e.scope.allAutomation = true;
    e.scope.repositories = {QStringLiteral("acme/api")};
    e.scope.workflows = {QStringLiteral("acme/web:.github/workflows/release.yml")};
    e.engagedAt = kNow.addSecs(-600);
    if (state == QLatin1String("released"))
        e.releasedAt = kNow.addSecs(-60);
    if (state == QLatin1String("expired"))
        e.expiresAt = kNow.addSecs(-1);
    if (state == QLatin1String("expiring"))
        e.expiresAt = kNow.addSecs(60);
    return e;
}
} // namespace

class TestKillSwitchRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decisions_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("action");
        QTest::addColumn<bool>("inScope");
        QTest::addColumn<bool>("allowed");
        for (const QString state : {"engaged", "expiring", "released", "expired"})
            for (const QString& action : shipping::actionNames())
                for (bool inScope : {true, false}) {
                    const bool engaged = state == QLatin1String("engaged") || state == QLatin1String("expiring");
                    const bool denied = engaged && inScope && shipping::isShipping(action);
                    QTest::addRow("%s %s %s", qPrintable(state), qPrintable(action), inScope ? "in" : "out")
                        << state << action << inScope << !denied;
                }
    }

    void decisions()
    {
        QFETCH(QString, state);
        QFETCH(QString, action);
        QFETCH(bool, inScope);
        QFETCH(bool, allowed);
        ShippingAttempt a;
        a.action = action;
        a.repository = inScope ? QStringLiteral("acme/api") : QStringLiteral("acme/docs");
        a.credentialId = 12;
        a.role = Role::Automation;
        const ShippingDecision d = decideShipping(engagement(state), false, a, kNow);
        QCOMPARE(d.allowed, allowed);
        QVERIFY(!d.reason.isEmpty());
        if (!d.allowed) {
            QVERIFY2(d.reason.startsWith(QLatin1String("abuse response")), qPrintable(d.reason));
            QCOMPARE(d.engagementId, qint64(7));
        }
    }

    void scopeCoversActorsAndTargets()
    {
        KillSwitchEngagement e = engagement(QStringLiteral("engaged"));
        ShippingAttempt a{QStringLiteral("push"),
                          QStringLiteral("acme/web"),
                          QStringLiteral(".github/workflows/release.yml"),
                          12,
                          Role::Automation,
                          true};
        QVERIFY(!decideShipping(e, false, a, kNow).allowed); // the named workflow in a repository not named
        a.workflow = QStringLiteral(".github/workflows/test.yml");
        QVERIFY(decideShipping(e, false, a, kNow).allowed); // another workflow there
        a.repository = QStringLiteral("acme/api");
        a.role = Role::Responder; // a person, not automation
        QVERIFY(decideShipping(e, false, a, kNow).allowed);
        e.scope.allAutomation = false;
        e.scope.credentialIds = {12};
        QVERIFY(!decideShipping(e, false, a, kNow).allowed); // named by id, whatever its role
        e.scope.repositories.clear();
        e.scope.workflows.clear();
        a.repository = QStringLiteral("anything/else");
        QVERIFY(!decideShipping(e, false, a, kNow).allowed); // no target named: everywhere
    }

    void everyDoubtFailsClosed()
    {
        const KillSwitchEngagement e = engagement(QStringLiteral("engaged"));
        ShippingAttempt a{QStringLiteral("force_push"), QStringLiteral("acme/docs"), {}, 99, Role::Viewer, true};
        ShippingDecision d = decideShipping(e, false, a, kNow); // unknown action, even out of scope
        QVERIFY(!d.allowed);
        QVERIFY2(d.reason.contains("not a known action"), qPrintable(d.reason));
        a.action = QStringLiteral("push");
        a.actorKnown = false;
        d = decideShipping(e, false, a, kNow);
        QVERIFY(!d.allowed);
        QVERIFY2(d.reason.contains("could not be found"), qPrintable(d.reason));
        // The store could not say whether anything is engaged: shipping refused, diagnostics still run.
        a.actorKnown = true;
        d = decideShipping(std::nullopt, true, a, kNow);
        QVERIFY(!d.allowed);
        QVERIFY2(d.reason.contains("fail closed"), qPrintable(d.reason));
        a.action = QStringLiteral("diagnostic");
        QVERIFY(decideShipping(std::nullopt, true, a, kNow).allowed);
        QVERIFY(decideShipping(e, false, a, kNow).allowed);
        // Nothing engaged: an unknown action is not stopped by a switch that is off.
        a.action = QStringLiteral("force_push");
        QVERIFY(decideShipping(std::nullopt, false, a, kNow).allowed);
    }

    void scopeBadInput_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::newRow("no credentials") << QByteArray(R"({"repositories":["acme/api"]})") << "scope.credentials";
        QTest::newRow("credentials a word") << QByteArray(R"({"credentials":"everyone"})") << "scope.credentials";
        QTest::newRow("credentials empty") << QByteArray(R"({"credentials":[]})") << "scope.credentials";
        QTest::newRow("credential not an id") << QByteArray(R"({"credentials":["ci"]})") << "scope.credentials";
        QTest::newRow("credential negative") << QByteArray(R"({"credentials":[-2]})") << "scope.credentials";
        QTest::newRow("repository without owner")
            << QByteArray(R"({"credentials":"all_automation","repositories":["api"]})") << "scope.repositories";
        QTest::newRow("repository with a path")
            << QByteArray(R"({"credentials":"all_automation","repositories":["acme/api/tree"]})")
            << "scope.repositories";
        QTest::newRow("repositories not a list")
            << QByteArray(R"({"credentials":"all_automation","repositories":"acme/api"})") << "scope.repositories";
        QTest::newRow("workflow without repository")
            << QByteArray(R"({"credentials":"all_automation","workflows":[".github/workflows/x.yml"]})")
            << "scope.workflows";
        QTest::newRow("workflow outside .github/workflows")
            << QByteArray(R"({"credentials":"all_automation","workflows":["acme/api:ci/x.yml"]})") << "scope.workflows";
        QTest::newRow("workflow not yaml")
            << QByteArray(R"({"credentials":"all_automation","workflows":["acme/api:.github/workflows/x.sh"]})")
            << "scope.workflows";
        QTest::newRow("unknown field") << QByteArray(R"({"credentials":"all_automation","teams":[1]})")
                                       << "scope.teams";
    }

    void scopeBadInput()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        const auto s = KillSwitchScope::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY(!s);
        QVERIFY2(s.error().fields.contains(field), qPrintable(s.error().fields.join(",")));
        QCOMPARE(s.error().kind, Error::Kind::Validation);
    }

    void scopeRoundTrips()
    {
        const auto s = KillSwitchScope::fromJson(
            QJsonDocument::fromJson(R"({"credentials":[4,9],"repositories":["acme/api","acme/api"],)"
                                    R"("workflows":["acme/web:.github/workflows/release.yml"]})")
                .object());
        QVERIFY2(s.ok(), qPrintable(s.error().message));
        QCOMPARE(s->credentialIds, (QList<qint64>{4, 9}));
        QCOMPARE(s->repositories, QStringList{QStringLiteral("acme/api")}); // said twice, kept once
        const auto again = KillSwitchScope::fromJson(s->toJson());
        QVERIFY(again.ok());
        QCOMPARE(again->toJson(), s->toJson());
        QCOMPARE(s->describe(), QStringLiteral("credentials 4, 9 in acme/api, acme/web:.github/workflows/release.yml"));
    }
};

QTEST_MAIN(TestKillSwitchRules)
#include "TestKillSwitchRules.moc"
