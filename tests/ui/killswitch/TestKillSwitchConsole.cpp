// The shipping kill switch in the console (offscreen, the real window over a real listener and store): "Stop
// shipping…" from the incident page with its scope, reason and confirmation; the window-wide banner; the Kill switch
// tab (state, levers, decision log denied first, history); posture; release; and the banner and posture while the
// store refuses to record the engagement.
#include "tests/support/ui/ConsoleFixture.h"
#include "ui/killswitch/KillSwitchBanner.h"
#include "ui/killswitch/KillSwitchDialogs.h"
#include "ui/killswitch/KillSwitchTab.h"
#include "ui/shell/ConsoleActions.h"

#include <QAction>
#include <QLabel>
#include <QPushButton>
#include <QSqlQuery>
#include <QTableWidget>
#include <QTest>

using namespace watchpost;

namespace {
QString bannerText(Console& c)
{
    auto* banner = c.window->findChild<KillSwitchBanner*>(QStringLiteral("killSwitchBanner"));
    banner->refresh();
    return banner->isVisible() ? banner->text() : QString();
}
} // namespace

class TestKillSwitchConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { KillSwitchDialogs::setConfirmAnswerForTests(true); }
    void cleanup() { KillSwitchDialogs::setConfirmAnswerForTests(std::nullopt); }

    void stopShippingFromTheIncidentPageThenRelease()
    {
        Console c;
        const HttpAnswer reported = c.api.client().post("/api/v1/security/incidents", Console::reportBody());
        QCOMPARE(reported.status, 201);
        const QString publicId = reported.json().value("public_id").toString();
        QVERIFY(c.window->openRoute(QStringLiteral("/incidents/") + publicId));
        QVERIFY(bannerText(c).isEmpty());
        QAction* stop = c.window->findChild<QAction*>(QStringLiteral("stopShippingAction"));
        QCOMPARE(stop->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+S")));
        auto* button = c.window->findChild<QPushButton*>(QStringLiteral("stopShippingButton"));
        QVERIFY(button && button->isVisible() && button->isEnabled());
        QCOMPARE(button->accessibleName(), QStringLiteral("Stop shipping"));

        FormDialog* d = c.openDialog("stopShippingAction");
        QVERIFY(d);
        // Bad input is named beside its field, and nothing is engaged.
        d->setValue("repositories", "api");
        d->setValue("reason", "release-bot opening malicious pull requests");
        d->trySubmit();
        QVERIFY2(d->errorText("repositories").contains("owner/repo"), qPrintable(d->errorText("repositories")));
        d->setValue("repositories", "acme/api");
        d->setValue("workflows", "acme/api:deploy.sh");
        d->trySubmit();
        QVERIFY(!d->errorText("workflows").isEmpty());
        d->setValue("workflows", "");
        d->setValue("reason", "");
        d->trySubmit();
        QVERIFY(!d->errorText("reason").isEmpty());
        d->setValue("reason", "release-bot opening malicious pull requests");
        // The confirmation says what will be blocked; declining engages nothing.
        KillSwitchScope scope;
        scope.allAutomation = true;
        scope.repositories = {"acme/api"};
        const QString confirmation = KillSwitchDialogs::confirmation(scope);
        QVERIFY2(confirmation.contains("Blocks commit, push, pull requests, merge, release and deploy by all "
                                       "automation credentials in acme/api") &&
                     confirmation.contains("Diagnostics") && confirmation.contains("rulesets"),
                 qPrintable(confirmation));
        KillSwitchDialogs::setConfirmAnswerForTests(false);
        d->trySubmit();
        QVERIFY(d->isVisible());
        QVERIFY(!*c.ctx.services->killSwitch().open());
        KillSwitchDialogs::setConfirmAnswerForTests(true);
        d->trySubmit();
        QVERIFY(!d->isVisible());
        const auto engaged = *c.ctx.services->killSwitch().open();
        QVERIFY(engaged);
        QCOMPARE(engaged->engagedBy, QStringLiteral("lead"));
        QCOMPARE(c.ctx.incidents().get(engaged->incidentId)->publicId, publicId); // from this incident

        // The banner across the window: what, since when, blocked attempts, the incident.
        QVERIFY2(bannerText(c).contains("Shipping kill switch engaged") && bannerText(c).contains(publicId) &&
                     bannerText(c).contains("all automation credentials in acme/api"),
                 qPrintable(bannerText(c)));
        QVERIFY(!stop->isEnabled());
        QAction* release = c.window->findChild<QAction*>(QStringLiteral("releaseKillSwitchAction"));
        QVERIFY(release->isEnabled() && release->isVisible());

        // A bot asks and is denied; the banner counts it and the tab's log shows it first.
        QCOMPARE(c.api.client(QStringLiteral("automation"))
                     .post("/api/v1/shipping/decisions", {{"action", "push"}, {"repository", "acme/api"}})
                     .json()
                     .value("allowed")
                     .toBool(true),
                 false);
        QTRY_VERIFY_WITH_TIMEOUT(bannerText(c).contains("1 blocked attempt so far"), 5000);
        SecurityPage* security = c.security();
        QVERIFY(security->showTab(QStringLiteral("killswitch")));
        KillSwitchTab* tab = security->killSwitchTab();
        tab->refresh();
        QVERIFY2(tab->stateText().contains("Engaged"), qPrintable(tab->stateText()));
        auto* decisions = tab->findChild<QTableWidget*>(QStringLiteral("killSwitchDecisions"));
        QVERIFY(decisions->rowCount() >= 1);
        QCOMPARE(decisions->item(0, 0)->text(), QStringLiteral("denied"));
        QCOMPARE(decisions->item(0, 3)->text(), QStringLiteral("push"));
        auto* levers = tab->findChild<QTableWidget*>(QStringLiteral("killSwitchLevers"));
        QCOMPARE(levers->rowCount(), 3); // rulesets for branches and tags, statuses: no GitHub connection here
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                tab->refresh();
                return levers->item(0, 3)->text() == QLatin1String("failed");
            }(),
            5000);
        QVERIFY(levers->item(0, 5)->text().contains("https://github.com/acme/api/settings"));
        QVERIFY2(bannerText(c).contains("partial"), qPrintable(bannerText(c)));
        auto* history = tab->findChild<QTableWidget*>(QStringLiteral("killSwitchHistory"));
        QCOMPARE(history->item(0, 2)->text(), QStringLiteral("engaged"));
        // Posture shows it.
        c.window->openRoute(QStringLiteral("/posture"));
        auto* posture = c.window->findChild<QLabel*>(QStringLiteral("killSwitchPosture"));
        QTRY_VERIFY_WITH_TIMEOUT(posture->text().contains("Engaged"), 5000);

        // Release from the incident page.
        QVERIFY(c.window->openRoute(QStringLiteral("/incidents/") + publicId));
        d = c.openDialog("releaseKillSwitchAction");
        QVERIFY(d);
        d->trySubmit();
        QVERIFY(!d->errorText("reason").isEmpty());
        d->setValue("reason", "bot's credentials rotated");
        d->trySubmit();
        QVERIFY(!d->isVisible());
        QVERIFY(!*c.ctx.services->killSwitch().open());
        QVERIFY(bannerText(c).isEmpty());
        QVERIFY(stop->isEnabled());
        tab->refresh();
        QVERIFY2(tab->stateText().contains("released by lead"), qPrintable(tab->stateText()));
    }

    void aKillSwitchTheStoreRefusedShowsAcrossTheWindow()
    {
        Console c;
        QSqlQuery q(c.api.store->connection());
        for (const char* table : {"incidents", "kill_switch_engagements"})
            QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER refuse_%1 BEFORE INSERT ON %1 BEGIN SELECT "
                                          "RAISE(ABORT, 'database or disk is full'); END")
                               .arg(QLatin1String(table))));
        SecurityPage* security = c.security();
        security->showTab(QStringLiteral("killswitch"));
        FormDialog* d = security->killSwitchTab()->stopShippingDialog();
        d->open();
        d->setValue("reason", "bot pushing malware");
        d->trySubmit();
        QVERIFY(!d->isVisible()); // engaged in memory: the banner and report say it is not persisted
        QVERIFY2(security->report().contains("kill switch not persisted"), qPrintable(security->report()));
        QVERIFY2(bannerText(c).contains("kill switch not persisted — unresolved high-severity incident"),
                 qPrintable(bannerText(c)));
        c.window->openRoute(QStringLiteral("/posture"));
        auto* posture = c.window->findChild<QLabel*>(QStringLiteral("killSwitchPosture"));
        QTRY_VERIFY_WITH_TIMEOUT(posture->text().contains("kill switch not persisted"), 5000);
        // The listener beside it holds the same switch: a bot is denied.
        QCOMPARE(c.api.client(QStringLiteral("automation"))
                     .post("/api/v1/shipping/decisions", {{"action", "push"}, {"repository", "acme/api"}})
                     .json()
                     .value("allowed")
                     .toBool(true),
                 false);
        // The store takes writes again: written with its incident; the banner says engaged, persisted.
        QVERIFY(q.exec("DROP TRIGGER refuse_incidents"));
        QVERIFY(q.exec("DROP TRIGGER refuse_kill_switch_engagements"));
        QTRY_VERIFY_WITH_TIMEOUT(
            !bannerText(c).contains("not persisted") && bannerText(c).contains("Shipping kill switch engaged"), 5000);
        QVERIFY(bannerText(c).contains("INC-"));
    }
};

QTEST_MAIN(TestKillSwitchConsole)
#include "TestKillSwitchConsole.moc"
