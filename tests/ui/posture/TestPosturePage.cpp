// The posture page: state counts, SLA attention, and a degraded recovery.
#include "models/webhooks/WebhookHookService.h"
#include "models/webhooks/WebhookSignature.h"
#include "net/github/RotationTargets.h"
#include "tests/support/net/ApiFixture.h"
#include "tests/support/net/FakeGitHub.h"
#include "tests/support/ui/ConsoleFixture.h"
#include "ui/incidents/IncidentPage.h"
#include "ui/incidents/IncidentsPage.h"
#include "ui/security/SecurityPage.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/OwnerLockPanel.h"
#include "ui/shell/Theme.h"
#include "ui/webhooks/WebhooksPage.h"
#include "ui/widgets/FormDialog.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace watchpost;

class TestPosturePage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Theme::apply(*qApp, Theme::Mode::Dark); }

    void postureShowsStateCountsAndSlaAttention()
    {
        Console c;
        TestHttp http = c.api.client();
        QCOMPARE(http.post("/api/v1/security/incidents", Console::reportBody()).status, 201);
        c.api.clock->advance(16 * 60000); // a high incident unacknowledged for 16 minutes: breached
        QVERIFY(c.window->openRoute(QStringLiteral("/posture")));
        auto* states = c.window->findChild<QLabel*>(QStringLiteral("incidentStates"));
        QTRY_VERIFY(states->text().contains(QStringLiteral("Reported</td><td align='right'><b>1</b>")));
        auto* attention = c.window->findChild<QTableWidget*>(QStringLiteral("attentionTable"));
        QTRY_COMPARE(attention->rowCount(), 1);
        QCOMPARE(attention->item(0, 0)->text(), QStringLiteral("INC-2026-0001"));
        QCOMPARE(attention->item(0, 1)->text(), QStringLiteral("GuardDuty: crypto-mining")); // the title, in a column
        QVERIFY(attention->item(0, 2)->text().contains(QStringLiteral("High")));
        QCOMPARE(attention->item(0, 3)->text(), QStringLiteral("Acknowledge"));
        QVERIFY(attention->item(0, 4)->text().contains(QStringLiteral("Breached")));
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("listenerStatus"))->text().contains(c.api.url));
        QCOMPARE(c.window->findChild<QLabel*>(QStringLiteral("tileBreached"))->text(), QStringLiteral("1"));
    }

    // Posture leads with what needs a person: a new critical incident whose clock is still on track is in the
    // Unacknowledged table (first), and the tiles count it; zeros are muted, not red.
    void unacknowledgedComesFirstAndZerosAreMuted()
    {
        Console c;
        QVERIFY(c.window->openRoute(QStringLiteral("/posture")));
        auto* unack = c.window->findChild<QLabel*>(QStringLiteral("tileUnacknowledged"));
        auto* breached = c.window->findChild<QLabel*>(QStringLiteral("tileBreached"));
        QTRY_COMPARE(unack->text(), QStringLiteral("0"));
        QVERIFY(unack->styleSheet().contains(Theme::mutedColor().name()));
        QVERIFY(!breached->styleSheet().contains(Theme::slaColor(SlaState::Breached).name()));
        QJsonObject body = Console::reportBody();
        body.insert(QStringLiteral("severity"), QStringLiteral("critical"));
        body.insert(QStringLiteral("title"), QStringLiteral("Credential stuffing"));
        QCOMPARE(c.api.client().post("/api/v1/security/incidents", body).status, 201);
        auto* table = c.window->findChild<QTableWidget*>(QStringLiteral("unacknowledgedTable"));
        QTRY_COMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("Credential stuffing"));
        QVERIFY(table->item(0, 4)->text().contains(QStringLiteral("On track")) ||
                table->item(0, 4)->text().contains(QStringLiteral("left")));
        QCOMPARE(unack->text(), QStringLiteral("1"));
        QVERIFY(!unack->styleSheet().contains(Theme::mutedColor().name()));
        QCOMPARE(c.window->findChild<QTableWidget*>(QStringLiteral("attentionTable"))->rowCount(), 0);
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("attentionTableEmpty"))->isVisible());
        // The section sits above the clocks.
        auto* unackBox = c.window->findChild<QWidget*>(QStringLiteral("unacknowledgedTableBox"));
        auto* clocksBox = c.window->findChild<QWidget*>(QStringLiteral("attentionTableBox"));
        QVERIFY(unackBox->y() < clocksBox->y());
    }

    // SLA tallies move with the clock, not only with writes: no write, the clock moves past the acknowledge
    // deadline, and the open posture page shows the breach within a tick.
    void slaAttentionMovesWithTheClock()
    {
        Console c;
        QCOMPARE(c.api.client().post("/api/v1/security/incidents", Console::reportBody()).status, 201);
        QVERIFY(c.window->openRoute(QStringLiteral("/posture")));
        auto* attention = c.window->findChild<QTableWidget*>(QStringLiteral("attentionTable"));
        QTest::qWait(300); // the write's own refresh has come and gone
        QCOMPARE(attention->rowCount(), 0);
        c.api.clock->advance(16 * 60000);
        QTRY_VERIFY_WITH_TIMEOUT(
            attention->rowCount() == 1 && attention->item(0, 4)->text().contains(QStringLiteral("Breached")), 2500);
    }

    void postureShowsADegradedRecovery()
    {
        Console c;
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("credentialContainment"))
                    ->text()
                    .contains(QStringLiteral("No token-compromise")));
        TestHttp admin = c.api.client(QStringLiteral("admin"));
        const QJsonObject bot =
            admin.post("/api/v1/security/credentials", {{"name", "bot"}, {"role", "automation"}}).json();
        TestHttp(c.api.url).send("POST", "/api/v1/auth/sessions", {}, {}, bot.value("token").toString());
        QSqlQuery q(c.api.store->connection());
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER refuse_session_writes BEFORE UPDATE ON sessions BEGIN SELECT "
                                      "RAISE(ABORT, 'disk full'); END")));
        const HttpAnswer a = admin.post("/api/v1/security/recovery/token-compromise",
                                        {{"credential_ids", QJsonArray{bot.value("id")}}, {"reason", "drill"}});
        QCOMPARE(a.json().value("status").toString(), QStringLiteral("degraded"));
        c.window->openRoute(QStringLiteral("/posture"));
        const QString text = c.window->findChild<QLabel*>(QStringLiteral("credentialContainment"))->text();
        QVERIFY2(text.contains(QStringLiteral("degraded")) && text.contains(QStringLiteral("manual containment step")),
                 qPrintable(text));
    }
};

QTEST_MAIN(TestPosturePage)
#include "TestPosturePage.moc"
