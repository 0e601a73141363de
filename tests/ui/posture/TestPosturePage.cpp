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
        auto* attention = c.window->findChild<QListWidget*>(QStringLiteral("attentionList"));
        QTRY_COMPARE(attention->count(), 1);
        QVERIFY(attention->item(0)->text().contains(QStringLiteral("INC-2026-0001")));
        QVERIFY(attention->item(0)->text().contains(QStringLiteral("Breached")));
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("listenerStatus"))->text().contains(c.api.url));
    }

    // SLA tallies move with the clock, not only with writes: no write, the clock moves past the acknowledge
    // deadline, and the open posture page shows the breach within a tick.
    void slaAttentionMovesWithTheClock()
    {
        Console c;
        QCOMPARE(c.api.client().post("/api/v1/security/incidents", Console::reportBody()).status, 201);
        QVERIFY(c.window->openRoute(QStringLiteral("/posture")));
        auto* attention = c.window->findChild<QListWidget*>(QStringLiteral("attentionList"));
        QTest::qWait(300); // the write's own refresh has come and gone
        for (int i = 0; i < attention->count(); ++i)
            QVERIFY(!attention->item(i)->text().contains(QStringLiteral("Breached")));
        c.api.clock->advance(16 * 60000);
        QTRY_VERIFY_WITH_TIMEOUT(
            attention->count() == 1 && attention->item(0)->text().contains(QStringLiteral("Breached")), 2500);
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
