// The security page: credentials created and revoked, signing key and GitHub secret rotations, rollback.
#include "models/audit/AuditAction.h"
#include "models/webhooks/WebhookHookService.h"
#include "models/webhooks/WebhookSignature.h"
#include "net/github/RotationTargets.h"
#include "tests/support/net/ApiFixture.h"
#include "tests/support/net/FakeGitHub.h"
#include "tests/support/ui/ConsoleFixture.h"
#include "ui/incidents/IncidentPage.h"
#include "ui/incidents/IncidentsPage.h"
#include "ui/security/CredentialsTab.h"
#include "ui/security/SecurityPage.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/OwnerLockPanel.h"
#include "ui/shell/Theme.h"
#include "ui/webhooks/WebhooksPage.h"
#include "ui/widgets/FormDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QElapsedTimer>
#include <QGuiApplication>
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

class TestSecurityPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Theme::apply(*qApp, Theme::Mode::Dark); }

    // The audit filter lists the vocabulary the writers use: every action, those the old list lacked included.
    void auditFilterListsEveryAction()
    {
        Console c;
        SecurityPage* page = c.security();
        auto* filter = page->findChild<QComboBox*>(QStringLiteral("auditAction"));
        QCOMPARE(filter->count(), int(audit::actions().size()) + 1); // + "All actions"
        for (const AuditAction a : audit::actions())
            QVERIFY2(filter->findData(audit::name(a)) > 0, qPrintable(audit::name(a)));
        for (const char* added : {"owner_created", "secret_created", "secret_rollback", "rotation_requested",
                                  "rotation_step_test", "secret_version_abandoned"})
            QVERIFY2(filter->findData(QLatin1String(added)) > 0, added);
        // Filtering on one shows only its records.
        QVERIFY(page->createCredentialDialog());
        QVERIFY(
            c.ctx.services->credentials()
                .create(QStringLiteral("ci"), QStringLiteral("automation"), {}, std::nullopt, QStringLiteral("lead"))
                .ok());
        page->refresh();
        filter->setCurrentIndex(filter->findData(QStringLiteral("credential_created")));
        auto* table = page->findChild<QTableView*>(QStringLiteral("auditTable"));
        QTRY_VERIFY(shownRows(table) >= 1);
        for (int r = 0; r < shownRows(table); ++r)
            QCOMPARE(shownText(table, r, 3), QStringLiteral("Credential created")); // the stored name is item data
    }

    void securityPageCreatesAndRevokesCredentials()
    {
        Console c;
        SecurityPage* page = c.security();
        QCOMPARE(c.window->currentRoute(), QStringLiteral("/settings/security"));
        auto* table = page->findChild<QTableView*>(QStringLiteral("credentialTable"));
        const int before = shownRows(table);
        FormDialog* create = page->createCredentialDialog();
        create->setValue(QStringLiteral("name"), QStringLiteral("support-agent"));
        create->setValue(QStringLiteral("role"), QStringLiteral("responder"));
        // The expiry is a real default (90 days); "never" is an explicit choice that warns.
        QCOMPARE(create->value(QStringLiteral("expires_in_days")), QStringLiteral("90"));
        auto* expiry = create->findChild<QComboBox*>(QStringLiteral("expires_in_days"));
        QVERIFY(
            expiry->itemText(expiry->findData(QStringLiteral("never"))).contains(QStringLiteral("not recommended")));
        QCOMPARE(create->findChild<QComboBox*>(QStringLiteral("role"))->currentText(),
                 QStringLiteral("Responder (acts)"));
        create->setValue(QStringLiteral("expires_in_days"), QStringLiteral("30"));
        create->trySubmit();
        QVERIFY(page->shownToken().startsWith(QStringLiteral("wpt_")));
        QCOMPARE(shownRows(table), before + 1);
        const QString token = page->shownToken();
        QCOMPARE(TestHttp(c.api.url).send("GET", "/api/v1/security/incidents", {}, {}, token).status, 200);
        QCOMPARE(TestHttp(c.api.url).send("POST", "/api/v1/auth/sessions", {}, {}, token).status, 201);

        // The shown-once key has a Copy button; the clipboard is cleared after the (here shortened) 30 s.
        CredentialsTab::s_clipboardClearMs = 200;
        QDialog* shown = nullptr;
        for (QDialog* d : c.window->findChildren<QDialog*>(QStringLiteral("tokenShownOnceDialog")))
            if (d->isVisible())
                shown = d;
        QVERIFY(shown);
        shown->findChild<QPushButton*>(QStringLiteral("copyTokenButton"))->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), token);
        QTRY_COMPARE_WITH_TIMEOUT(QGuiApplication::clipboard()->text(), QString(), 3000);
        CredentialsTab::s_clipboardClearMs = 30000;
        shown->close();

        // Revoke waits for a selection, is styled as destructive and is never the default button.
        auto* revokeButton = page->findChild<QPushButton*>(QStringLiteral("revokeCredentialButton"));
        table->clearSelection();
        QVERIFY(!revokeButton->isEnabled());
        table->selectRow(shownRows(table) - 1);
        QVERIFY(revokeButton->isEnabled());
        FormDialog* revoke = page->revokeDialog();
        QVERIFY(revoke);
        QVERIFY(!revoke->findChild<QPushButton*>(QStringLiteral("submitButton"))->isDefault());
        QVERIFY(revoke->findChild<QPushButton*>(QStringLiteral("submitButton"))
                    ->text()
                    .startsWith(QStringLiteral("Revoke key")));
        QCOMPARE(revoke->findChild<QComboBox*>(QStringLiteral("sessions"))->currentText(),
                 QStringLiteral("End them now"));
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
        auto* audit = page->findChild<QTableView*>(QStringLiteral("auditTable"));
        QVERIFY(shownRows(audit) >= 3);
        QCOMPARE(shownText(audit, 0, 2), QStringLiteral("lead")); // the console's actor
        // A credential created through the API shows on the open page without a click.
        const int rows = shownRows(table);
        QCOMPARE(c.api.client(QStringLiteral("admin"))
                     .post("/api/v1/security/credentials", {{"name", "from-api"}, {"role", "viewer"}})
                     .status,
                 201);
        QTRY_COMPARE_WITH_TIMEOUT(shownRows(table), rows + 1, 3000);
        page->findChild<QPushButton*>(QStringLiteral("verifyAuditButton"))->click();
        QVERIFY(
            page->findChild<QLabel*>(QStringLiteral("auditChain"))->text().contains(QStringLiteral("Chain intact")));
    }

    void signingKeyRotatesFromTheConsole()
    {
        Console c;
        SecurityPage* page = c.security();
        FormDialog* add = page->addSecretDialog();
        add->setValue(QStringLiteral("name"), QStringLiteral("session-signing"));
        add->setValue(QStringLiteral("kind"), QStringLiteral("signing_key"));
        add->trySubmit();
        auto* secrets = page->findChild<QTableView*>(QStringLiteral("secretTable"));
        QCOMPARE(shownRows(secrets), 1);
        secrets->selectRow(0);
        FormDialog* rotate = page->rotateDialog();
        QVERIFY(rotate);
        rotate->setValue(QStringLiteral("reason"), QStringLiteral("quarterly"));
        QSignalSpy finished(page, &SecurityPage::rotationFinished);
        rotate->trySubmit();
        QVERIFY(finished.count() == 1 || finished.wait(5000));
        QVERIFY2(page->report().contains(QStringLiteral("completed")), qPrintable(page->report()));
        QCOMPARE(shownText(secrets, 0, 5), QStringLiteral("completed"));
        QVERIFY(shownText(secrets, 0, 6).contains(QStringLiteral("probe token")));
        auto* history = page->findChild<QTableView*>(QStringLiteral("rotationTable"));
        QCOMPARE(shownRows(history), 1);
        QCOMPARE(shownText(history, 0, 1), QStringLiteral("lead"));
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
        auto* secrets = page->findChild<QTableView*>(QStringLiteral("secretTable"));
        QVERIFY2(shownRows(secrets) == 1, qPrintable(page->report()));
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

    void unreadableAuditLogShowsAnErrorNotAnEmptyTable()
    {
        Console c;
        c.api.breakTable(QStringLiteral("audit_log"));
        SecurityPage* page = c.security();
        page->refresh();
        auto* tab = page->findChild<QWidget*>(QStringLiteral("auditTab"));
        auto* error = tab->findChild<QLabel*>(QStringLiteral("readError"));
        QVERIFY(error);
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains(QStringLiteral("audit")), qPrintable(error->text()));
    }
};

QTEST_MAIN(TestSecurityPage)
#include "TestSecurityPage.moc"
