// The console driven through its real widgets by object name (offscreen), with a real listener beside it.
#include "models/webhooks/WebhookHookService.h"
#include "models/webhooks/WebhookSignature.h"
#include "net/github/RotationTargets.h"
#include "tests/support/net/ApiFixture.h"
#include "tests/support/net/FakeGitHub.h"
#include "ui/incidents/IncidentPage.h"
#include "ui/incidents/IncidentsPage.h"
#include "ui/security/SecurityPage.h"
#include "ui/shell/ConsoleRoutes.h"
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

namespace {
struct Console
{
    ApiFixture api;
    ConsoleContext ctx;
    QNetworkAccessManager network;
    std::unique_ptr<MainWindow> window;

    // `owner`: the console starts locked behind the owner's passphrase, as the real one does.
    explicit Console(std::shared_ptr<OwnerAccount> owner = nullptr)
    {
        ctx.keys = api.secrets;
        ctx.owner = std::move(owner);
        ctx.rotationTargets = [this](const ManagedSecret& secret, ManagedSecretService& secrets,
                                     SessionService& sessions) {
            return makeRotationTarget(secret, RotationDeps{api.store, api.clock, &secrets, &sessions, api.secrets.get(),
                                                           api.webhooks.secrets, &network});
        };
        ctx.store = api.store;
        ctx.clock = api.clock;
        ctx.notifier = &api.notifier;
        ctx.incidents = std::make_shared<IncidentService>(api.store, api.clock, &api.notifier);
        ctx.setActor(QStringLiteral("lead"));
        ctx.webhooks = api.webhooks;
        api.webhooks.secrets->setHook(QStringLiteral("default"), "console-secret", {}, 0, 0);
        const QString url = api.url;
        ctx.listener = [url] { return ListenerInfo{true, true, url, QString()}; };
        window = std::make_unique<MainWindow>(ctx);
        window->show();
    }

    SecurityPage* security()
    {
        window->openRoute(QStringLiteral("/settings/security"));
        return window->securityPage();
    }

    void unlock(const QString& passphrase)
    {
        window->findChild<QLineEdit*>(QStringLiteral("ownerPassphrase"))->setText(passphrase);
        window->findChild<QPushButton*>(QStringLiteral("unlockButton"))->click();
    }

    FormDialog* openDialog(const char* button)
    {
        auto* b = window->findChild<QPushButton*>(QLatin1String(button));
        if (!b || !b->isEnabled())
            return nullptr;
        b->click();
        for (FormDialog* d : window->findChildren<FormDialog*>())
            if (d->isVisible())
                return d;
        return nullptr;
    }
};

QJsonObject reportBody()
{
    return QJsonObject{{"title", "GuardDuty: crypto-mining"},
                       {"severity", "high"},
                       {"summary", "DNS to mining pool"},
                       {"source", QJsonObject{{"kind", "automated_signal"}, {"signal", "guardduty"}}}};
}
} // namespace

class TestConsole : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Theme::apply(*qApp, Theme::Mode::Dark); }

    void routes()
    {
        Console c;
        QCOMPARE(c.window->currentRoute(), QStringLiteral("/posture"));
        QVERIFY(c.window->openRoute(QStringLiteral("/incidents")));
        auto* stack = c.window->findChild<QStackedWidget*>(QStringLiteral("pageStack"));
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("incidentsPage"));
        QVERIFY(!c.window->openRoute(QStringLiteral("/incidents/INC-2026-0404")));
        QVERIFY(!c.window->openRoute(QStringLiteral("/nowhere")));
        QCOMPARE(c.window->currentRoute(), QStringLiteral("/incidents"));
        QVERIFY(c.window->openRoute(QStringLiteral("watchpost://metrics")));
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("metricsPage"));
    }

    // The navigation list, the Go menu and openRoute() come from one route table.
    void navigationAndGoMenuFollowTheRouteTable()
    {
        Console c;
        auto* nav = c.window->findChild<QListWidget*>(QStringLiteral("navigation"));
        const auto listed = ConsoleRoutes::navigation();
        QCOMPARE(nav->count(), int(listed.size()));
        for (int row = 0; row < nav->count(); ++row) {
            QCOMPARE(nav->item(row)->text(), listed.at(row)->label);
            nav->setCurrentRow(row);
            QCOMPARE(c.window->currentRoute(), listed.at(row)->route);
        }
        for (const ConsolePage& page : ConsoleRoutes::pages()) {
            if (page.menuLabel.isEmpty())
                continue;
            auto* action = c.window->findChild<QAction*>(QStringLiteral("go_") + page.key);
            QVERIFY2(action, qPrintable(page.key));
            QCOMPARE(action->text(), page.menuLabel);
            QCOMPARE(action->shortcut(), QKeySequence(page.shortcut));
            action->trigger();
            QCOMPARE(c.window->currentRoute(), page.route);
        }
        // An alias opens its page on its tab, chosen by key.
        QVERIFY(c.window->openRoute(QStringLiteral("/credentials")));
        auto* tabs = c.window->securityPage()->findChild<QTabWidget*>(QStringLiteral("securityTabs"));
        QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("credentialsTab"));
        QVERIFY(c.window->securityPage()->showTab(QStringLiteral("audit")));
        QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("auditTab"));
        QVERIFY(!c.window->securityPage()->showTab(QStringLiteral("Audit log"))); // the visible text is not a key
        QCOMPARE(c.window->securityPage()->tabKeys(),
                 QStringList({"credentials", "sessions", "secrets", "recovery", "audit"}));
    }

    void webhooksPageShowsDeliveriesLiveAndEditsControls()
    {
        Console c;
        QVERIFY(c.window->openRoute(QStringLiteral("/webhooks")));
        auto* deliveries = c.window->findChild<QTableWidget*>(QStringLiteral("deliveryTable"));
        QCOMPARE(deliveries->rowCount(), 0);
        const QByteArray body(R"({"zen":"console","repository":{"full_name":"acme/web"}})");
        TestHttp http(c.api.url);
        QCOMPARE(http.send("POST", "/api/github/webhooks", body, "application/json", QString(),
                           {{"X-GitHub-Event", "ping"},
                            {"X-GitHub-Delivery", "c-1"},
                            {"X-Hub-Signature-256", WebhookSignature::sign(body, "console-secret")}})
                     .status,
                 202);
        QTRY_COMPARE_WITH_TIMEOUT(deliveries->rowCount(), 1, 1000);
        QCOMPARE(deliveries->item(0, 1)->text(), QStringLiteral("ping"));
        QCOMPARE(deliveries->item(0, 3)->text(), QStringLiteral("acme/web"));
        QVERIFY(c.window->webhooksPage()->rawBody(0).contains(QStringLiteral("\"zen\": \"console\"")));

        // A refused delivery shows under its source.
        QCOMPARE(http.send("POST", "/api/github/webhooks", body, "application/json", QString(),
                           {{"X-GitHub-Event", "ping"},
                            {"X-GitHub-Delivery", "c-2"},
                            {"X-Hub-Signature-256", WebhookSignature::sign(body, "guess")}})
                     .status,
                 401);
        auto* sources = c.window->findChild<QTableWidget*>(QStringLiteral("sourceTable"));
        QTRY_COMPARE_WITH_TIMEOUT(sources->rowCount(), 1, 3000);
        QTRY_VERIFY_WITH_TIMEOUT(
            sources->item(0, 2) && sources->item(0, 2)->text().contains(QStringLiteral("signature_mismatch")), 3000);

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

    void postureShowsStateCountsAndSlaAttention()
    {
        Console c;
        TestHttp http = c.api.client();
        QCOMPARE(http.post("/api/v1/security/incidents", reportBody()).status, 201);
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

    void reportDialogShowsServiceReasonsBesideFields()
    {
        Console c;
        c.window->openRoute(QStringLiteral("/incidents"));
        FormDialog* dialog = c.openDialog("reportIncidentButton");
        QVERIFY(dialog);
        dialog->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->errorText(QStringLiteral("title")).contains(QStringLiteral("title is required")));
        QVERIFY(dialog->errorText(QStringLiteral("summary")).contains(QStringLiteral("required")));
        QVERIFY(dialog->errorText(QStringLiteral("source.signal")).contains(QStringLiteral("automated signal")));
        QCOMPARE(c.api.count("incidents"), qint64(0));

        dialog->findChild<QLineEdit*>(QStringLiteral("title"))->setText(QStringLiteral("Phishing page cloning login"));
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("summary"))
            ->setPlainText(QStringLiteral("Partner forwarded a clone"));
        dialog->findChild<QComboBox*>(QStringLiteral("severity"))->setCurrentText(QStringLiteral("critical"));
        dialog->findChild<QComboBox*>(QStringLiteral("source.kind"))->setCurrentText(QStringLiteral("customer_report"));
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("assets"))->setPlainText(QStringLiteral("laptop: x"));
        dialog->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(dialog->errorText(QStringLiteral("assets")).contains(QStringLiteral("asset kind")));
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("assets"))
            ->setPlainText(QStringLiteral("service: login-web"));
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("iocs"))
            ->setPlainText(QStringLiteral("domain: acme-login.example"));
        dialog->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!dialog->isVisible());
        QCOMPARE(c.api.count("incidents"), qint64(1));
        QTRY_COMPARE(c.window->currentRoute(), QStringLiteral("/incidents/INC-2026-0001"));
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("incidentHeader"))
                    ->text()
                    .contains(QStringLiteral("Phishing page")));
    }

    void apiWritesAppearWithinOneSecond()
    {
        Console c;
        c.window->openRoute(QStringLiteral("/incidents"));
        auto* table = c.window->findChild<QTableView*>(QStringLiteral("incidentTable"));
        QCOMPARE(table->model()->rowCount(), 0);
        TestHttp http = c.api.client();
        QElapsedTimer t;
        t.start();
        QCOMPARE(http.post("/api/v1/security/incidents", reportBody()).status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 1000);
        qInfo("incident created through the API was in the console table after %lld ms", t.elapsed());
        QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("INC-2026-0001"));
        QVERIFY(table->model()->index(0, 1).data().toString().contains(QStringLiteral("High")));

        // Its page's timeline grows live as the API writes.
        QVERIFY(c.window->openRoute(QStringLiteral("/incidents/INC-2026-0001")));
        auto* timeline = c.window->findChild<QTableView*>(QStringLiteral("timelineView"));
        QCOMPARE(timeline->model()->rowCount(), 1);
        QCOMPARE(http.post("/api/v1/security/incidents/1/timeline", {{"kind", "note"}, {"text", "seen from the API"}})
                     .status,
                 201);
        QTRY_COMPARE_WITH_TIMEOUT(timeline->model()->rowCount(), 2, 1000);
        QCOMPARE(timeline->model()->index(1, 3).data().toString(), QStringLiteral("seen from the API"));
    }

    void lifecycleThroughDialogs()
    {
        Console c;
        QCOMPARE(c.api.client().post("/api/v1/security/incidents", reportBody()).status, 201);
        QVERIFY(c.window->openRoute(QStringLiteral("/incidents/INC-2026-0001")));
        QVERIFY(!c.window->findChild<QPushButton*>(QStringLiteral("resolveButton"))->isEnabled());

        FormDialog* d = c.openDialog("acknowledgeButton");
        QVERIFY(d);
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(d->errorText(QStringLiteral("note")).contains(QStringLiteral("required")));
        d->setValue(QStringLiteral("note"), QStringLiteral("on it"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        QTRY_VERIFY(c.window->findChild<QLabel*>(QStringLiteral("incidentBadges"))
                        ->text()
                        .contains(QStringLiteral("Acknowledged")));
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("ackClock"))->text().contains(QStringLiteral("Met")));

        d = c.openDialog("containButton");
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(d->isVisible());
        QVERIFY(
            d->findChild<QLabel*>(QStringLiteral("formError"))->text().contains(QStringLiteral("containment action")));
        d->close();

        d = c.openDialog("containmentActionButton");
        d->setValue(QStringLiteral("text"), QStringLiteral("Stopped the instance"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        d = c.openDialog("containButton");
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());

        d = c.openDialog("followUpButton");
        d->setValue(QStringLiteral("action"), QStringLiteral("Alert on mining pools"));
        d->setValue(QStringLiteral("owner"), QStringLiteral("sam"));
        d->setValue(QStringLiteral("due_at"), QStringLiteral("someday"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(d->errorText(QStringLiteral("due_at")).contains(QStringLiteral("YYYY-MM-DD")));
        d->setValue(QStringLiteral("due_at"), QStringLiteral("2026-03-20"));
        d->setValue(QStringLiteral("validation_criteria"), QStringLiteral("alert fires on replay"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());

        // A follow-up added without validation criteria is completed through the change dialog.
        d = c.openDialog("followUpButton");
        d->setValue(QStringLiteral("action"), QStringLiteral("Review IAM keys"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        auto* followUps = c.window->findChild<QTableWidget*>(QStringLiteral("followUpTable"));
        QTRY_COMPARE(followUps->rowCount(), 2);
        followUps->setCurrentCell(1, 0);
        d = c.openDialog("changeFollowUpButton");
        QVERIFY(d);
        QCOMPARE(d->value(QStringLiteral("owner")), QString());
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(
            d->findChild<QLabel*>(QStringLiteral("formError"))->text().contains(QStringLiteral("nothing to change")));
        d->setValue(QStringLiteral("owner"), QStringLiteral("kim"));
        d->setValue(QStringLiteral("due_at"), QStringLiteral("2026-03-25"));
        d->setValue(QStringLiteral("validation_criteria"), QStringLiteral("no unused keys older than 90 days"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        QTRY_COMPARE(followUps->item(1, 2)->text(), QStringLiteral("kim"));

        // A mistaken entry is corrected by a new entry that points at it.
        auto* timeline = c.window->findChild<QTableView*>(QStringLiteral("timelineView"));
        const int before = timeline->model()->rowCount();
        timeline->setCurrentIndex(timeline->model()->index(1, 0));
        const qint64 corrected = timeline->model()->index(1, 0).data(Qt::UserRole + 1).toLongLong();
        d = c.openDialog("correctEntryButton");
        QVERIFY(d);
        d->setValue(QStringLiteral("text"), QStringLiteral("The note said 'on it' but it was the secondary on call"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        QTRY_COMPARE(timeline->model()->rowCount(), before + 1);
        QCOMPARE(timeline->model()->index(before, 1).data().toString(),
                 QStringLiteral("Correction (corrects #%1)").arg(corrected));

        d = c.openDialog("resolveButton");
        d->setValue(QStringLiteral("root_cause"), QStringLiteral("leaked key"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(!d->errorText(QStringLiteral("impact_summary")).isEmpty());
        QVERIFY(!d->errorText(QStringLiteral("mitigation_steps")).isEmpty());
        QVERIFY(d->errorText(QStringLiteral("root_cause")).isEmpty());
        d->setValue(QStringLiteral("impact_summary"), QStringLiteral("2h of compute"));
        d->setValue(QStringLiteral("mitigation_steps"), QStringLiteral("rotated key, rebuilt instance"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());

        d = c.openDialog("closeButton");
        d->setValue(QStringLiteral("approval_note"), QStringLiteral("approved"));
        d->setValue(QStringLiteral("approver"), QStringLiteral("Alex Rivera"));
        d->setValue(QStringLiteral("postmortem_url"), QStringLiteral("not a link"));
        d->setValue(QStringLiteral("root_cause_narrative.people"), QStringLiteral("p"));
        d->setValue(QStringLiteral("root_cause_narrative.process"), QStringLiteral("q"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(d->errorText(QStringLiteral("postmortem_url")).contains(QStringLiteral("http")));
        QVERIFY(d->errorText(QStringLiteral("root_cause_narrative.technology")).contains(QStringLiteral("technology")));
        d->setValue(QStringLiteral("postmortem_url"), QStringLiteral("https://wiki.example.com/pm/7"));
        d->setValue(QStringLiteral("root_cause_narrative.technology"), QStringLiteral("t"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        QTRY_VERIFY(
            c.window->findChild<QLabel*>(QStringLiteral("incidentBadges"))->text().contains(QStringLiteral("Closed")));
        for (const char* name : {"acknowledgeButton", "containButton", "resolveButton", "closeButton", "noteButton"})
            QVERIFY2(!c.window->findChild<QPushButton*>(QLatin1String(name))->isEnabled(), name);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("timeline.csv"));
        QCOMPARE(c.window->incidentPage()->exportTimeline(path), QString());
        QFile csv(path);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray text = csv.readAll();
        QCOMPARE(text.count("\r\n"), 1 + c.api.count("timeline_entries"));
        QVERIFY(text.contains("Stopped the instance"));
    }

    void securityPageCreatesAndRevokesCredentials()
    {
        Console c;
        SecurityPage* page = c.security();
        QCOMPARE(c.window->currentRoute(), QStringLiteral("/settings/security"));
        auto* table = page->findChild<QTableWidget*>(QStringLiteral("credentialTable"));
        const int before = table->rowCount();
        FormDialog* create = page->createCredentialDialog();
        create->setValue(QStringLiteral("name"), QStringLiteral("support-agent"));
        create->setValue(QStringLiteral("role"), QStringLiteral("responder"));
        create->setValue(QStringLiteral("expires_in_days"), QStringLiteral("0"));
        create->trySubmit();
        QVERIFY(create->errorText(QStringLiteral("expires_in_days")).contains(QStringLiteral("1 to 3650")));
        create->setValue(QStringLiteral("expires_in_days"), QStringLiteral("30"));
        create->trySubmit();
        QVERIFY(page->shownToken().startsWith(QStringLiteral("wpt_")));
        QCOMPARE(table->rowCount(), before + 1);
        const QString token = page->shownToken();
        QCOMPARE(TestHttp(c.api.url).send("GET", "/api/v1/security/incidents", {}, {}, token).status, 200);
        QCOMPARE(TestHttp(c.api.url).send("POST", "/api/v1/auth/sessions", {}, {}, token).status, 201);

        table->selectRow(table->rowCount() - 1);
        FormDialog* revoke = page->revokeDialog();
        QVERIFY(revoke);
        revoke->trySubmit();
        QVERIFY(!revoke->errorText(QStringLiteral("reason")).isEmpty()); // a reason is required
        revoke->setValue(QStringLiteral("reason"), QStringLiteral("pasted in a ticket"));
        revoke->trySubmit();
        QVERIFY2(page->report().contains(QStringLiteral("complete")) &&
                     page->report().contains(QStringLiteral("invalidated at")),
                 qPrintable(page->report()));
        const HttpAnswer refused = TestHttp(c.api.url).send("GET", "/api/v1/security/incidents", {}, {}, token);
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.errorCode(), QStringLiteral("revoked_token"));
        auto* audit = page->findChild<QTableWidget*>(QStringLiteral("auditTable"));
        QVERIFY(audit->rowCount() >= 3);
        QCOMPARE(audit->item(0, 2)->text(), QStringLiteral("lead")); // the console's actor
        // A credential created through the API shows on the open page without a click.
        const int rows = table->rowCount();
        QCOMPARE(c.api.client(QStringLiteral("admin"))
                     .post("/api/v1/security/credentials", {{"name", "from-api"}, {"role", "viewer"}})
                     .status,
                 201);
        QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), rows + 1, 3000);
        page->findChild<QPushButton*>(QStringLiteral("verifyAuditButton"))->click();
        QVERIFY(
            page->findChild<QLabel*>(QStringLiteral("auditChain"))->text().contains(QStringLiteral("Chain intact")));
    }

    void ownerSignsInAndRecoveryLocksTheConsole()
    {
        Console c;
        auto account = std::make_shared<OwnerAccount>(c.api.store, c.api.clock,
                                                      std::make_shared<AuditLog>(c.api.store, c.api.clock));
        QVERIFY(account
                    ->setUp(QStringLiteral("Dana Reyes"), QStringLiteral("correct horse battery"),
                            QStringLiteral("correct horse battery"))
                    .ok());
        c.ctx.owner = account;
        c.window = std::make_unique<MainWindow>(c.ctx);
        c.window->show();
        QVERIFY(c.window->isLocked());
        c.unlock(QStringLiteral("wrong passphrase!"));
        QVERIFY(c.window->isLocked());
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("lockError"))->text().contains(QStringLiteral("wrong")));
        c.unlock(QStringLiteral("correct horse battery"));
        QVERIFY(!c.window->isLocked());
        QCOMPARE(c.window->actor(), QStringLiteral("Dana Reyes"));

        TestHttp admin = c.api.client(QStringLiteral("admin"));
        const QJsonObject leaked =
            admin.post("/api/v1/security/credentials", {{"name", "leaky"}, {"role", "automation"}}).json();
        const QString session = TestHttp(c.api.url)
                                    .send("POST", "/api/v1/auth/sessions", {}, {}, leaked.value("token").toString())
                                    .json()
                                    .value("session_token")
                                    .toString();
        c.api.clock->advance(1000);
        SecurityPage* page = c.security();
        FormDialog* recovery = page->recoveryDialog();
        recovery->setValue(QStringLiteral("credential_ids"), QString::number(leaked.value("id").toInt()));
        recovery->setValue(QStringLiteral("reason"), QStringLiteral("key in a public gist"));
        recovery->setValue(QStringLiteral("incident"), QStringLiteral("INC-2099-0001"));
        recovery->trySubmit();
        QVERIFY(recovery->errorText(QStringLiteral("incident")).contains(QStringLiteral("INC-2099-0001")));
        recovery->setValue(QStringLiteral("incident"), QString());
        recovery->trySubmit();
        QVERIFY2(page->report().contains(QStringLiteral("contained")) &&
                     page->report().contains(QStringLiteral("signing key rotated")),
                 qPrintable(page->report()));
        QVERIFY(c.window->isLocked()); // forced re-authentication locks the owner's console
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("lockReason"))
                    ->text()
                    .contains(QStringLiteral("Re-authentication was forced")));
        QCOMPARE(TestHttp(c.api.url).send("GET", "/api/v1/security/incidents", {}, {}, session).status, 401);
        c.unlock(QStringLiteral("correct horse battery"));
        QVERIFY(!c.window->isLocked());
        QVERIFY(
            page->findChild<QLabel*>(QStringLiteral("recoveryState"))->text().contains(QStringLiteral("contained")));
    }

    void signingKeyRotatesFromTheConsole()
    {
        Console c;
        SecurityPage* page = c.security();
        FormDialog* add = page->addSecretDialog();
        add->setValue(QStringLiteral("name"), QStringLiteral("session-signing"));
        add->setValue(QStringLiteral("kind"), QStringLiteral("signing_key"));
        add->trySubmit();
        auto* secrets = page->findChild<QTableWidget*>(QStringLiteral("secretTable"));
        QCOMPARE(secrets->rowCount(), 1);
        secrets->selectRow(0);
        FormDialog* rotate = page->rotateDialog();
        QVERIFY(rotate);
        rotate->setValue(QStringLiteral("reason"), QStringLiteral("quarterly"));
        QSignalSpy finished(page, &SecurityPage::rotationFinished);
        rotate->trySubmit();
        QVERIFY(finished.count() == 1 || finished.wait(5000));
        QVERIFY2(page->report().contains(QStringLiteral("completed")), qPrintable(page->report()));
        QCOMPARE(secrets->item(0, 5)->text(), QStringLiteral("completed"));
        QVERIFY(secrets->item(0, 6)->text().contains(QStringLiteral("probe token")));
        auto* history = page->findChild<QTableWidget*>(QStringLiteral("rotationTable"));
        QCOMPARE(history->rowCount(), 1);
        QCOMPARE(history->item(0, 1)->text(), QStringLiteral("lead"));
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

    void aFailedGitHubRotationIsRolledBackFromTheConsole()
    {
        Console c;
        QVERIFY(WebhookHookService(c.api.store, c.api.clock, *c.api.secrets, c.api.webhooks.secrets)
                    .setSecret(QStringLiteral("default"), "the-old-secret")
                    .ok());
        FakeGitHub github;
        github.deliverPings = false; // the hook never reaches this listener
        SecurityPage* page = c.security();
        FormDialog* add = page->addSecretDialog();
        add->setValue(QStringLiteral("name"), QStringLiteral("github-hook"));
        add->setValue(QStringLiteral("kind"), QStringLiteral("github_webhook"));
        add->setValue(QStringLiteral("repository"), QStringLiteral("acme/app"));
        add->setValue(QStringLiteral("github_hook_id"), QStringLiteral("42"));
        add->setValue(QStringLiteral("api_base_url"), github.url());
        add->setValue(QStringLiteral("api_token"), QStringLiteral("ghp_console"));
        add->setValue(QStringLiteral("ping_timeout_s"), QStringLiteral("1"));
        add->trySubmit();
        auto* secrets = page->findChild<QTableWidget*>(QStringLiteral("secretTable"));
        QVERIFY2(secrets->rowCount() == 1, qPrintable(page->report()));
        secrets->selectRow(0);
        FormDialog* rotate = page->rotateDialog();
        rotate->setValue(QStringLiteral("reason"), QStringLiteral("quarterly"));
        QSignalSpy finished(page, &SecurityPage::rotationFinished);
        rotate->trySubmit();
        QVERIFY(finished.wait(10000));
        QVERIFY2(page->report().contains(QStringLiteral("incomplete")) &&
                     page->report().contains(QStringLiteral("Roll back GitHub")),
                 qPrintable(page->report()));
        QVERIFY(github.secret != "the-old-secret");
        secrets->selectRow(0);
        FormDialog* rollback = page->rollbackDialog();
        rollback->setValue(QStringLiteral("reason"), QStringLiteral("ping never came"));
        rollback->trySubmit();
        QTRY_VERIFY_WITH_TIMEOUT(page->report().contains(QStringLiteral("done")), 5000);
        QCOMPARE(github.secret, QByteArray("the-old-secret"));
    }

    void recoveryRunFromAnIncidentLeavesItsEvidenceThere()
    {
        Console c;
        const HttpAnswer created = c.api.client().post("/api/v1/security/incidents", reportBody());
        const QString publicId = created.json().value("public_id").toString();
        TestHttp admin = c.api.client(QStringLiteral("admin"));
        const QJsonObject leaked =
            admin.post("/api/v1/security/credentials", {{"name", "leaky"}, {"role", "automation"}}).json();
        TestHttp(c.api.url).send("POST", "/api/v1/auth/sessions", {}, {}, leaked.value("token").toString());
        QVERIFY(c.window->openRoute(QStringLiteral("/incidents/") + publicId));
        c.window->findChild<QPushButton*>(QStringLiteral("recoverFromIncidentButton"))->click();
        QCOMPARE(c.window->currentRoute(), QStringLiteral("/settings/security"));
        FormDialog* flow = nullptr;
        for (FormDialog* d : c.window->findChildren<FormDialog*>())
            if (d->isVisible())
                flow = d;
        QVERIFY(flow);
        QCOMPARE(flow->value(QStringLiteral("incident")), publicId);
        flow->setValue(QStringLiteral("credential_ids"), QString::number(leaked.value("id").toInt()));
        flow->setValue(QStringLiteral("reason"), QStringLiteral("token in a gist"));
        flow->trySubmit();
        QVERIFY2(c.window->securityPage()->report().contains(QStringLiteral("contained")),
                 qPrintable(c.window->securityPage()->report()));
        const HttpAnswer timeline =
            c.api.client().get(QStringLiteral("/api/v1/security/incidents/%1/timeline").arg(publicId));
        QVERIFY2(timeline.body.contains("Token-compromise recovery: contained") &&
                     timeline.body.contains("invalidated at"),
                 timeline.body.left(300).constData());
    }
};

QTEST_MAIN(TestConsole)
#include "TestConsole.moc"
