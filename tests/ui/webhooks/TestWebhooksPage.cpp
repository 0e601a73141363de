// The webhooks page: deliveries shown live, and the controls edited from the console.
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

class TestWebhooksPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Theme::apply(*qApp, Theme::Mode::Dark); }

    void webhooksPageShowsDeliveriesLiveAndEditsControls()
    {
        Console c;
        QVERIFY(c.window->openRoute(QStringLiteral("/webhooks")));
        auto* deliveries = c.window->findChild<QTableView*>(QStringLiteral("deliveryTable"));
        QCOMPARE(shownRows(deliveries), 0);
        const QByteArray body(R"({"zen":"console","repository":{"full_name":"acme/web"}})");
        TestHttp http(c.api.url);
        QCOMPARE(http.send("POST", "/api/github/webhooks", body, "application/json", QString(),
                           {{"X-GitHub-Event", "ping"},
                            {"X-GitHub-Delivery", "c-1"},
                            {"X-Hub-Signature-256", WebhookSignature::sign(body, "console-secret")}})
                     .status,
                 202);
        QTRY_COMPARE_WITH_TIMEOUT(shownRows(deliveries), 1, 1000);
        QCOMPARE(shownText(deliveries, 0, 1), QStringLiteral("ping"));
        QCOMPARE(shownText(deliveries, 0, 3), QStringLiteral("acme/web"));
        QVERIFY(c.window->webhooksPage()->rawBody(0).contains(QStringLiteral("\"zen\": \"console\"")));

        // A refused delivery shows under its source.
        QCOMPARE(http.send("POST", "/api/github/webhooks", body, "application/json", QString(),
                           {{"X-GitHub-Event", "ping"},
                            {"X-GitHub-Delivery", "c-2"},
                            {"X-Hub-Signature-256", WebhookSignature::sign(body, "guess")}})
                     .status,
                 401);
        auto* sources = c.window->findChild<QTableView*>(QStringLiteral("sourceTable"));
        QTRY_COMPARE_WITH_TIMEOUT(shownRows(sources), 1, 3000);
        QTRY_VERIFY_WITH_TIMEOUT(shownText(sources, 0, 2).contains(QStringLiteral("signature_mismatch")), 3000);

        // Block by hand, with the reasons shown beside the fields.
        FormDialog* block = c.window->webhooksPage()->blockDialog();
        block->open();
        block->setValue(QStringLiteral("source"), QStringLiteral("evil"));
        block->setValue(QStringLiteral("duration_s"), QStringLiteral("0"));
        block->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(!block->errorText(QStringLiteral("source")).isEmpty());
        QVERIFY(!block->errorText(QStringLiteral("reason")).isEmpty());
        QVERIFY(!block->errorText(QStringLiteral("duration_s")).isEmpty());
        block->setValue(QStringLiteral("source"), QStringLiteral("198.51.100.77"));
        block->setValue(QStringLiteral("reason"), QStringLiteral("abuse report"));
        block->setValue(QStringLiteral("duration_s"), QStringLiteral("600"));
        block->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!block->isVisible());
        QCOMPARE(c.api.webhooks.controls->gate(QStringLiteral("198.51.100.77"), c.api.clock->nowMs()).kind,
                 WebhookControls::Gate::Kind::Blocked);

        // The policy refuses nonsense and saves sense.
        FormDialog* policy = c.window->webhooksPage()->policyDialog();
        policy->open();
        policy->setValue(QStringLiteral("block_threshold"), QStringLiteral("zero"));
        policy->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(policy->errorText(QStringLiteral("block_threshold")).contains(QStringLiteral("whole number")));
        policy->setValue(QStringLiteral("block_threshold"), QStringLiteral("9"));
        policy->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!policy->isVisible());
        QCOMPARE(c.api.webhooks.controls->policy().blockThreshold, 9);
        QCOMPARE(WebhookPolicy::load(*c.api.store).value().blockThreshold, 9);

        // Without a keychain the secret dialog says so instead of pretending.
        FormDialog* secret = c.window->webhooksPage()->setSecretDialog();
        secret->open();
        secret->setValue(QStringLiteral("secret"), QStringLiteral("abc"));
        secret->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(secret->findChild<QLabel*>(QStringLiteral("formError"))->text().contains(QStringLiteral("keychain")));
        secret->close();
    }

    void unreadableDeliveriesShowAnErrorNotAnEmptyTable()
    {
        Console c;
        c.api.breakTable(QStringLiteral("webhook_deliveries"));
        c.window->openRoute(QStringLiteral("/webhooks"));
        auto* page = c.window->findChild<QWidget*>(QStringLiteral("webhooksPage"));
        auto* error = page->findChild<QLabel*>(QStringLiteral("readError"));
        QVERIFY(error);
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains(QStringLiteral("deliveries")), qPrintable(error->text()));
    }
};

QTEST_MAIN(TestWebhooksPage)
#include "TestWebhooksPage.moc"
