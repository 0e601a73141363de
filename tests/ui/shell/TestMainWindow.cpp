// The console window: routes, navigation and Go menu from the route table, live updates from the API, and the owner's
// lock.
#include "models/webhooks/WebhookHookService.h"
#include "models/webhooks/WebhookSignature.h"
#include "net/github/RotationTargets.h"
#include "tests/support/net/ApiFixture.h"
#include "tests/support/net/FakeGitHub.h"
#include "tests/support/ui/ConsoleFixture.h"
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
#include <QSemaphore>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace watchpost;

namespace {
// The keychain as the console sees it, with a gate: while held, a read waits (as a locked keyring's does) until the
// test lets it through, and every read made on the GUI thread is counted. It stands in for the keychain only to
// observe which thread asks; the keychain itself is tested against gnome-keyring in TestKeychainSecretStore.
class GatedSecretStore : public SecretStore
{
public:
    explicit GatedSecretStore(std::shared_ptr<SecretStore> inner) : m_inner(std::move(inner)) {}
    Result<std::optional<QByteArray>> read(const QString& key) override
    {
        if (QThread::currentThread() == qApp->thread())
            ++guiThreadReads;
        if (m_held)
            m_gate.tryAcquire(1, 10000); // a read on the GUI thread would hold the window this long
        return m_inner->read(key);
    }
    Result<Done> write(const QString& key, const QByteArray& secret) override { return m_inner->write(key, secret); }
    Result<Done> remove(const QString& key) override { return m_inner->remove(key); }
    void hold() { m_held = true; }
    void release() { m_gate.release(1000); }

    std::atomic<int> guiThreadReads = 0;

private:
    std::shared_ptr<SecretStore> m_inner;
    std::atomic<bool> m_held = false;
    QSemaphore m_gate;
};
} // namespace

class TestMainWindow : public QObject
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
                 QStringList({"credentials", "sessions", "secrets", "recovery", "audit", "killswitch"}));
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
        QCOMPARE(http.post("/api/v1/security/incidents", Console::reportBody()).status, 201);
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

    void ownerSignsInAndRecoveryLocksTheConsole()
    {
        Console c;
        auto account = c.danaOwns();
        QVERIFY(account);
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

    // "Stay signed in" is confirmed by the keychain off the GUI thread: the window comes up locked at once, even while
    // the keychain does not answer, and unlocks itself when it does.
    void rememberedSignInIsCheckedOffTheGuiThread()
    {
        Console c;
        auto keys = std::make_shared<GatedSecretStore>(c.api.secrets);
        DomainDeps deps = c.api.deps();
        deps.keys = keys;
        c.ctx.services = std::make_shared<DomainServices>(deps);
        auto account = c.danaOwns();
        QVERIFY(account);
        QVERIFY(account->remember(*keys).ok());
        c.ctx.owner = account;
        keys->hold();
        c.window = std::make_unique<MainWindow>(c.ctx);
        c.window->show();
        QVERIFY(c.window->isLocked());
        QCOMPARE(keys->guiThreadReads.load(), 0);
        keys->release();
        QTRY_VERIFY(!c.window->isLocked());
        QCOMPARE(c.window->actor(), QStringLiteral("Dana Reyes"));
        QCOMPARE(keys->guiThreadReads.load(), 0);
    }
};

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
