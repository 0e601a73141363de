// The console attached to a real `watchpost serve` over TLS (team mode), end to end: the server is the built binary
// run as a process with a certificate made here with OpenSSL; the console is the one `watchpost --server` builds
// (AttachedConsole), offscreen, with its replica in a temporary folder. Waits are generous: latency is a benchmark
// figure (tests/bench), not a test's.

#include "app/console/AttachedConsole.h"
#include "models/webhooks/WebhookSignature.h"
#include "tests/support/net/ServeProcess.h"
#include "tests/support/net/TestCertificate.h"
#include "tests/support/net/TestHttp.h"
#include "tests/support/ui/ConsoleFixture.h"
#include "ui/incidents/IncidentPage.h"
#include "ui/incidents/IncidentsPage.h"
#include "ui/killswitch/KillSwitchBanner.h"
#include "ui/killswitch/KillSwitchDialogs.h"
#include "ui/remote/ConnectionBanner.h"
#include "ui/webhooks/WebhooksPage.h"

#include <QAction>
#include <QFile>
#include <QJsonArray>
#include <QPointer>
#include <QPushButton>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace watchpost;

namespace {
constexpr int kWait = 30000; // ms: generous on a loaded 2-core machine

QTableView* tableNamed(QWidget* root, const QString& accessibleName)
{
    for (QTableView* t : root->findChildren<QTableView*>())
        if (t->accessibleName() == accessibleName)
            return t;
    return nullptr;
}

bool tableShows(const QTableView* table, const QString& text)
{
    for (int r = 0; r < table->model()->rowCount(); ++r)
        for (int c = 0; c < table->model()->columnCount(); ++c)
            if (table->model()->index(r, c).data().toString().contains(text))
                return true;
    return false;
}

// One attached console, as `watchpost --server URL` builds it, with its own replica and remembered settings.
struct Attached
{
    QTemporaryDir dir;
    std::unique_ptr<AttachedConsole> console;
    std::unique_ptr<MainWindow> window;

    bool open(const QString& url, const QString& key, const QString& pin, bool bodies)
    {
        AttachedConsole::Options options;
        options.server = SyncServer{QUrl(url), key, pin};
        options.replicaPath = dir.filePath(QStringLiteral("replica.sqlite"));
        options.bodies = bodies;
        options.retryMs = 500;
        auto opened = AttachedConsole::open(options, std::make_shared<SystemClock>());
        if (!opened) {
            qWarning("%s", qPrintable(opened.error().message));
            return false;
        }
        console = std::move(*opened);
        ConsoleContext ctx = console->context();
        ctx.settingsFile = dir.filePath(QStringLiteral("watchpost.ini"));
        window = std::make_unique<MainWindow>(ctx);
        window->show();
        console->link().start();
        return true;
    }
    LinkState state() const { return console->link().state(); }
    ConnectionBanner* banner() const { return window->findChild<ConnectionBanner*>(); }
    // A dialog opened from an action of the action table; nullptr when the action is disabled.
    FormDialog* openDialog(const char* action)
    {
        QAction* a = window->findChild<QAction*>(QLatin1String(action));
        if (!a || !a->isEnabled())
            return nullptr;
        a->trigger();
        for (FormDialog* d : window->findChildren<FormDialog*>())
            if (d->isVisible())
                return d;
        return nullptr;
    }
    int replicaCount(const QString& table) const
    {
        QSqlQuery q(console->link().store()->connection());
        return q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)) && q.next() ? q.value(0).toInt() : -1;
    }
};
} // namespace

class TestAttachedConsole : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    TestCertificate m_cert;
    QString m_store;
    QString m_secretFile;
    QProcessEnvironment m_env;
    QString m_url;
    QString m_admin, m_responder, m_viewer;
    QProcess m_serve;
    Attached m_riley; // the responder's console, kept across the functions below

    bool startServe(const TestCertificate& cert, const QString& listen)
    {
        QByteArray printed;
        m_url = testsupport::startListening(m_serve,
                                            {"serve", "--listen", listen, "--tls-cert", cert.certificatePath,
                                             "--tls-key", cert.keyPath, "--webhook-secret-file", m_secretFile},
                                            m_env, &printed);
        if (m_url.isEmpty())
            qWarning("serve did not listen: %s %s", printed.constData(), m_serve.readAllStandardError().constData());
        return m_url.startsWith(QLatin1String("https://127.0.0.1:"));
    }
    QString listenAddress() const { return m_url.mid(QStringLiteral("https://").size()); }
    TestHttp adminHttp() const
    {
        TestHttp http(m_url);
        http.setTrusted({m_cert.certificate});
        http.setToken(m_admin);
        return http;
    }
    void killServe()
    {
        ::kill(pid_t(m_serve.processId()), SIGKILL);
        m_serve.waitForFinished(5000);
    }
    QString token(const char* name, const char* role)
    {
        const auto r = testsupport::runWatchpost({"token", "create", "--name", name, "--role", role}, m_env);
        return QString::fromLatin1(r.out.trimmed());
    }
    int serverIncidents()
    {
        return int(adminHttp().get(QStringLiteral("/api/v1/security/incidents?limit=1")).json().value("total").toInt());
    }

private Q_SLOTS:
    void initTestCase()
    {
        FormDialog::setDiscardAnswerForTests(true);
        MainWindow::setQuitAnswerForTests(true);
        m_cert = TestCertificate::make(m_dir.path());
        m_store = m_dir.filePath(QStringLiteral("server.sqlite"));
        m_secretFile = m_dir.filePath(QStringLiteral("webhook-secret"));
        QFile secret(m_secretFile);
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write("team-secret\n");
        secret.close();
        QVERIFY(secret.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("WATCHPOST_STORE"), m_store);
        m_admin = token("lead", "admin");
        m_responder = token("riley", "responder");
        m_viewer = token("val", "viewer");
        QVERIFY(m_admin.startsWith("wpt_") && m_responder.startsWith("wpt_") && m_viewer.startsWith("wpt_"));
        QVERIFY(startServe(m_cert, QStringLiteral("127.0.0.1:0")));
    }

    void cleanupTestCase()
    {
        m_riley.window.reset();
        m_riley.console.reset();
        if (m_serve.state() != QProcess::NotRunning) {
            m_serve.terminate();
            m_serve.waitForFinished(5000);
        }
    }

    void anIncidentAndADeliveryOnTheServerAppearInTheConsole()
    {
        QVERIFY(m_riley.open(m_url, m_responder, m_cert.fingerprint(), true));
        QTRY_VERIFY_WITH_TIMEOUT(m_riley.state().live(), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(m_riley.state().actor, QStringLiteral("riley"), kWait);
        QCOMPARE(m_riley.state().role, QStringLiteral("responder"));
        QVERIFY(m_riley.banner()->isHidden()); // live, nothing to say

        TestHttp http = adminHttp();
        QJsonObject body = Console::reportBody();
        body.insert("title", "Leaked deploy key in a public gist");
        QCOMPARE(http.post("/api/v1/security/incidents", body).status, 201);
        m_riley.window->openRoute(QStringLiteral("/incidents"));
        QTableView* incidents = m_riley.window->incidentsPage()->view();
        QTRY_VERIFY_WITH_TIMEOUT(tableShows(incidents, QStringLiteral("Leaked deploy key")), kWait);

        // A signed GitHub delivery to the server shows on the console's Webhooks page.
        const QByteArray ping = R"({"zen":"Keep it logically awesome.","hook_id":42})";
        const auto delivered = http.send("POST", "/api/github/webhooks", ping, "application/json", QString(),
                                         {{"X-GitHub-Event", "ping"},
                                          {"X-GitHub-Delivery", "team-ping-1"},
                                          {"X-Hub-Signature-256", WebhookSignature::sign(ping, "team-secret")}});
        QVERIFY2(delivered.status / 100 == 2, delivered.body.constData());
        m_riley.window->openRoute(QStringLiteral("/webhooks"));
        QTableView* deliveries = tableNamed(m_riley.window.get(), QStringLiteral("Deliveries"));
        QVERIFY(deliveries);
        QTRY_VERIFY_WITH_TIMEOUT(tableShows(deliveries, QStringLiteral("team-ping-1")), kWait);
    }

    void anActionInTheConsoleLandsOnTheServerUnderThePersonsName()
    {
        TestHttp http = adminHttp();
        const QJsonObject listed = http.get("/api/v1/security/incidents?limit=1").json();
        const QString publicId = listed.value("incidents").toArray().at(0).toObject().value("public_id").toString();
        QVERIFY(!publicId.isEmpty());
        QVERIFY(m_riley.window->openRoute(QStringLiteral("/incidents/") + publicId));
        FormDialog* ack = m_riley.openDialog("acknowledgeAction");
        QVERIFY(ack);
        ack->setValue(QStringLiteral("note"), QStringLiteral("Riley on it: revoking the key"));
        ack->trySubmit();
        QVERIFY2(!ack->isVisible(), qPrintable(ack->errorText(QStringLiteral("note"))));
        // The console came back once its replica held the change: the page shows it at once.
        QCOMPARE(m_riley.window->incidentPage()->incident()->state, IncidentState::Acknowledged);
        const QJsonObject onServer = http.get("/api/v1/security/incidents/" + publicId).json();
        QCOMPARE(onServer.value("state").toString(), QStringLiteral("acknowledged"));
        bool byRiley = false;
        for (const QJsonValue& e : onServer.value("timeline").toArray())
            byRiley |= e.toObject().value("actor").toString() == QLatin1String("riley") &&
                       e.toObject().value("text").toString().contains("Riley on it");
        QVERIFY2(byRiley, QJsonDocument(onServer).toJson().constData());

        // A refusal is the server's rule, shown beside its field as on a local store.
        FormDialog* contain = m_riley.openDialog("containAction");
        QVERIFY(contain);
        contain->setValue(QStringLiteral("containment_action"), QString());
        contain->trySubmit();
        QVERIFY(contain->isVisible());
        QVERIFY2(!contain->errorText(QStringLiteral("containment_action")).isEmpty(),
                 "the server's reason shows beside the field");
        contain->done(QDialog::Rejected);
    }

    void webhookControlsChangedInTheConsoleLandOnTheServer()
    {
        // A block, from the responder's console.
        m_riley.window->openRoute(QStringLiteral("/webhooks"));
        m_riley.window->findChild<QPushButton*>(QStringLiteral("blockButton"))->click();
        FormDialog* block = nullptr;
        for (FormDialog* d : m_riley.window->findChildren<FormDialog*>())
            if (d->isVisible())
                block = d;
        QVERIFY(block);
        block->setValue(QStringLiteral("source"), QStringLiteral("198.51.100.23"));
        block->setValue(QStringLiteral("reason"), QStringLiteral("spraying forged pushes"));
        block->setValue(QStringLiteral("duration_s"), QStringLiteral("600"));
        block->trySubmit();
        QVERIFY2(!block->isVisible(), qPrintable(block->errorText(QStringLiteral("source"))));
        const QJsonObject sources = adminHttp().get("/api/v1/security/webhooks/sources").json();
        QVERIFY2(QJsonDocument(sources).toJson().contains("spraying forged pushes"),
                 QJsonDocument(sources).toJson().constData());
        // Recorded under the person's name: the server's row, as its feed brought it to the replica.
        QSqlQuery who(m_riley.console->link().store()->connection());
        QVERIFY(who.exec("SELECT actor FROM webhook_blocks WHERE source = '198.51.100.23'") && who.next());
        QCOMPARE(who.value(0).toString(), QStringLiteral("riley"));
        QTableView* table = tableNamed(m_riley.window.get(), QStringLiteral("Refused deliveries by source and blocks"));
        QTRY_VERIFY_WITH_TIMEOUT(tableShows(table, QStringLiteral("198.51.100.23")), kWait);

        // A hook secret and the policy, from an admin's console: the server receives with the new secret.
        Attached lead;
        QVERIFY(lead.open(m_url, m_admin, m_cert.fingerprint(), true));
        QTRY_COMPARE_WITH_TIMEOUT(lead.state().role, QStringLiteral("admin"), kWait);
        auto set = lead.console->context().webhookActions().setHookSecret(QStringLiteral("ci"), "ci-secret", 0);
        QVERIFY2(set.ok(), qPrintable(set.error().message));
        const QByteArray ping = R"({"zen":"ci hook","hook_id":7})";
        const auto delivered = adminHttp().send("POST", "/api/github/webhooks/ci", ping, "application/json", QString(),
                                                {{"X-GitHub-Event", "ping"},
                                                 {"X-GitHub-Delivery", "ci-ping-1"},
                                                 {"X-Hub-Signature-256", WebhookSignature::sign(ping, "ci-secret")}});
        QVERIFY2(delivered.status / 100 == 2, delivered.body.constData());
        WebhookPolicy policy;
        policy.blockThreshold = 7;
        auto saved = lead.console->context().webhookActions().savePolicy(policy);
        QVERIFY2(saved.ok(), qPrintable(saved.error().message));
        const auto held = WebhookPolicy::load(*lead.console->link().store());
        QVERIFY(held);
        QCOMPARE(held->blockThreshold, 7); // back through the feed before the call returned
        // A responder may block but not change secrets: the server's refusal, said in the console.
        auto refused = m_riley.console->context().webhookActions().setHookSecret(QStringLiteral("ci"), "x", 0);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains("admin"), qPrintable(refused.error().message));
    }

    // The kill switch from an attached console: engaged from the incident page through the server's API under the
    // person's name, shown by the banner from the replica; a responder's release is the server's refusal; an admin
    // console releases it.
    void theKillSwitchFromAnAttachedConsoleActsOnTheServer()
    {
        KillSwitchDialogs::setConfirmAnswerForTests(true);
        const auto restore = qScopeGuard([] { KillSwitchDialogs::setConfirmAnswerForTests(std::nullopt); });
        QSqlQuery q(m_riley.console->link().store()->connection());
        QVERIFY(q.exec("SELECT public_id FROM incidents ORDER BY id LIMIT 1") && q.next());
        const QString incident = q.value(0).toString();
        q.finish(); // an unfinished read would hold this connection's snapshot while the replica moves on
        QVERIFY(m_riley.window->openRoute(QStringLiteral("/incidents/") + incident));
        FormDialog* stop = m_riley.openDialog("stopShippingAction");
        QVERIFY(stop);
        stop->setValue(QStringLiteral("repositories"), QStringLiteral("acme/api"));
        stop->setValue(QStringLiteral("reason"), QStringLiteral("ci-bot force-pushing to release branches"));
        stop->trySubmit();
        QVERIFY2(!stop->isVisible(), qPrintable(stop->errorText(QStringLiteral("reason"))));
        const QJsonObject state = adminHttp().get("/api/v1/security/kill-switch").json();
        QCOMPARE(state.value("engaged").toBool(), true);
        QCOMPARE(state.value("engagement").toObject().value("engaged_by").toString(), QStringLiteral("riley"));
        QCOMPARE(state.value("engagement").toObject().value("incident").toString(), incident);
        auto* banner = m_riley.window->findChild<KillSwitchBanner*>(QStringLiteral("killSwitchBanner"));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                banner->refresh();
                return banner->isVisible() && banner->text().contains(QStringLiteral("by riley"));
            }(),
            kWait);
        // A responder may not release: the server says so beside the reason.
        FormDialog* release = m_riley.openDialog("releaseKillSwitchAction");
        QVERIFY(release);
        release->setValue(QStringLiteral("reason"), QStringLiteral("contained"));
        release->trySubmit();
        QVERIFY(release->isVisible());
        release->reject();
        QCOMPARE(adminHttp().get("/api/v1/security/kill-switch").json().value("engaged").toBool(), true);
        // An admin's console releases it.
        Attached lead;
        QVERIFY(lead.open(m_url, m_admin, m_cert.fingerprint(), true));
        QTRY_COMPARE_WITH_TIMEOUT(lead.state().role, QStringLiteral("admin"), kWait);
        auto released = lead.console->context().killSwitchActions().release(QStringLiteral("contained"), {});
        QVERIFY2(released, released ? "" : qPrintable(released.error().message));
        QCOMPARE(adminHttp().get("/api/v1/security/kill-switch").json().value("engaged").toBool(), false);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                banner->refresh();
                return !banner->isVisible();
            }(),
            kWait);
    }

    void aKeyCreatedAndRevokedInAnAdminsConsoleHoldsOnTheServer()
    {
        Attached lead;
        QVERIFY(lead.open(m_url, m_admin, m_cert.fingerprint(), true));
        QTRY_COMPARE_WITH_TIMEOUT(lead.state().role, QStringLiteral("admin"), kWait);
        auto created = lead.console->context().credentialActions().create(
            QStringLiteral("ci-bot"), QStringLiteral("automation"), QStringLiteral("platform team"), std::nullopt,
            QString());
        QVERIFY2(created.ok(), qPrintable(created.error().message));
        TestHttp bot(m_url);
        bot.setTrusted({m_cert.certificate});
        bot.setToken(created->token);
        HttpAnswer who = bot.get("/api/v1/auth/whoami");
        QCOMPARE(who.status, 200);
        QCOMPARE(who.json().value("name").toString(), QStringLiteral("ci-bot"));
        // The new key is in the replica (without its hash) before the call returned.
        QCOMPARE(lead.replicaCount(QStringLiteral("api_tokens WHERE name = 'ci-bot'")), 1);
        auto revoked = lead.console->context().credentialActions().revoke({created->id}, QStringLiteral("test ends"),
                                                                          SessionPolicy::Immediate, QString());
        QVERIFY2(revoked.ok(), qPrintable(revoked.error().message));
        QCOMPARE(revoked->revoked, QList<qint64>{created->id});
        QVERIFY(revoked->complete());
        QCOMPARE(bot.get("/api/v1/auth/whoami").status, 401);
        // Token-compromise recovery from the console runs on the server.
        auto leaked = lead.console->context().credentialActions().create(
            QStringLiteral("support-agent"), QStringLiteral("responder"), QString(), std::nullopt, QString());
        QVERIFY(leaked.ok());
        RecoveryRequest request;
        request.credentialIds = {leaked->id};
        request.reason = QStringLiteral("pasted in a support ticket");
        auto recovered = lead.console->context().recoveryActions().tokenCompromise(request, QString());
        QVERIFY2(recovered.ok(), qPrintable(recovered.error().message));
        QCOMPARE(recovered->revocation.revoked, QList<qint64>{leaked->id});
        QVERIFY(recovered->id > 0);
        bot.setToken(leaked->token);
        QCOMPARE(bot.get("/api/v1/auth/whoami").status, 401);
        // A managed secret added and rotated from the console, run by the server.
        auto added = lead.console->context().remoteSecretActions->create(QStringLiteral("session-signing"),
                                                                         QStringLiteral("signing_key"), {}, {});
        QVERIFY2(added.ok(), qPrintable(added.error().message));
        std::optional<Result<RotationRecord>> rotated;
        lead.console->context().remoteSecretActions->rotate(QStringLiteral("session-signing"), 0, {},
                                                            QStringLiteral("drill"),
                                                            [&](const Result<RotationRecord>& r) { rotated = r; });
        QTRY_VERIFY_WITH_TIMEOUT(rotated.has_value(), kWait);
        QVERIFY2(rotated->ok(), qPrintable(rotated->error().message));
        QCOMPARE((*rotated)->status, QStringLiteral("completed"));
        QCOMPARE((*rotated)->actor, QStringLiteral("lead"));
        QTRY_VERIFY_WITH_TIMEOUT(
            lead.replicaCount(QStringLiteral("rotations WHERE secret_name = 'session-signing'")) == 1, kWait);
        // The audit log on the server names the admin's key.
        const QJsonObject audit = adminHttp().get("/api/v1/security/audit?limit=5").json();
        QVERIFY2(QJsonDocument(audit).toJson().contains("\"lead\""), QJsonDocument(audit).toJson().constData());
    }

    void aLocalEditOfTheReplicaChangesNothingOnTheServer()
    {
        const QString publicId = adminHttp()
                                     .get("/api/v1/security/incidents?limit=1")
                                     .json()
                                     .value("incidents")
                                     .toArray()
                                     .at(0)
                                     .toObject()
                                     .value("public_id")
                                     .toString();
        const QString before =
            adminHttp().get("/api/v1/security/incidents/" + publicId).json().value("title").toString();
        // Through the console's own view: refused (the pages read the replica through query_only connections).
        QSqlQuery viaConsole(m_riley.console->link().store()->connection());
        QVERIFY(!viaConsole.exec(QStringLiteral("UPDATE incidents SET title = 'edited here'")));
        // With the sqlite3 tool on the file: the replica changes, the server does not.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("local-edit"));
            db.setDatabaseName(m_riley.console->link().store()->path());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(
                QStringLiteral("UPDATE incidents SET title = 'edited here' WHERE public_id = '%1'").arg(publicId)));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("local-edit"));
        QTest::qWait(1500); // long enough for anything that would flow back (nothing does)
        QCOMPARE(adminHttp().get("/api/v1/security/incidents/" + publicId).json().value("title").toString(), before);
    }

    void aViewersConsoleCannotAct()
    {
        Attached val;
        QVERIFY(val.open(m_url, m_viewer, m_cert.fingerprint(), false));
        QTRY_VERIFY2_WITH_TIMEOUT(val.state().role == QLatin1String("viewer"), qPrintable(val.state().describe()),
                                  kWait);
        const int before = serverIncidents();
        QTRY_COMPARE_WITH_TIMEOUT(val.replicaCount(QStringLiteral("incidents")), before, kWait);
        const QJsonObject listed = adminHttp().get("/api/v1/security/incidents?limit=1").json();
        const QString publicId = listed.value("incidents").toArray().at(0).toObject().value("public_id").toString();
        QVERIFY(val.window->openRoute(QStringLiteral("/incidents/") + publicId));
        QAction* containAction = val.window->findChild<QAction*>(QStringLiteral("containAction"));
        QVERIFY(!containAction->isEnabled());
        QVERIFY2(containAction->toolTip().contains("viewer"), qPrintable(containAction->toolTip()));
        QAction* report = val.window->findChild<QAction*>(QStringLiteral("reportIncidentAction"));
        QVERIFY(!report->isEnabled());
        // Even asked directly, the console sends nothing.
        IncidentReport r;
        r.title = QStringLiteral("from a viewer");
        auto refused = val.console->context().incidentActions().report(r, QStringLiteral("val"));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains("viewer"), qPrintable(refused.error().message));
        QCOMPARE(serverIncidents(), before);
        // Closing the console ends its link and the link's thread (nothing keeps following the server).
        QPointer<ServerLink> link(&val.console->link());
        val.window.reset();
        val.console.reset();
        QVERIFY(link.isNull());
    }

    void offlineTheReplicaStaysReadableAndActionsAreRefusedThenItCatchesUp()
    {
        const QString address = listenAddress();
        const int before = m_riley.replicaCount(QStringLiteral("incidents"));
        QVERIFY(before > 0);
        killServe();
        QTRY_COMPARE_WITH_TIMEOUT(m_riley.state().status, LinkState::Status::Offline, kWait);
        QTRY_VERIFY_WITH_TIMEOUT(m_riley.banner()->isVisible(), kWait);
        QVERIFY2(m_riley.banner()->text().contains("Offline since"), qPrintable(m_riley.banner()->text()));
        QVERIFY2(m_riley.banner()->text().contains("as of"), qPrintable(m_riley.banner()->text()));
        // Pages still read the replica.
        m_riley.window->openRoute(QStringLiteral("/incidents"));
        QCOMPARE(m_riley.window->incidentsPage()->view()->model()->rowCount() > 0, true);
        // Actions are refused with the reason, and nothing is kept to send later.
        QAction* report = m_riley.window->findChild<QAction*>(QStringLiteral("reportIncidentAction"));
        QVERIFY(!report->isEnabled());
        QVERIFY2(report->toolTip().contains("offline"), qPrintable(report->toolTip()));
        IncidentReport r = {};
        r.title = QStringLiteral("while offline");
        r.severity = QStringLiteral("low");
        r.summary = QStringLiteral("s");
        r.source.kind = QStringLiteral("staff_report");
        auto refused = m_riley.console->context().incidentActions().report(r, QString());
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains("none is kept to send later"), qPrintable(refused.error().message));

        // Back on the same address: the replica catches up from its last change, nothing missing or doubled.
        QVERIFY(startServe(m_cert, address));
        TestHttp http = adminHttp();
        for (int i = 0; i < 5; ++i) {
            QJsonObject body = Console::reportBody();
            body.insert("title", QStringLiteral("after restart %1").arg(i));
            QCOMPARE(http.post("/api/v1/security/incidents", body).status, 201);
        }
        QTRY_VERIFY_WITH_TIMEOUT(m_riley.state().live(), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(m_riley.replicaCount(QStringLiteral("incidents")), serverIncidents(), kWait);
        QCOMPARE(m_riley.replicaCount(QStringLiteral("incidents")), before + 5);
        QSqlQuery titles(m_riley.console->link().store()->connection());
        QVERIFY(titles.exec("SELECT COUNT(DISTINCT title), COUNT(*) FROM incidents WHERE title LIKE 'after restart%'"));
        QVERIFY(titles.next());
        QCOMPARE(titles.value(0).toInt(), 5);
        QCOMPARE(titles.value(1).toInt(), 5);
        QVERIFY(!refusedReachedServer());
        QTRY_VERIFY_WITH_TIMEOUT(m_riley.banner()->isHidden(), kWait);
    }

    void aChangedCertificateIsRefusedNamingBothFingerprints()
    {
        const QString address = listenAddress();
        killServe();
        const TestCertificate other = TestCertificate::make(m_dir.path(), QStringLiteral("impostor"));
        QVERIFY(startServe(other, address));
        QTRY_VERIFY_WITH_TIMEOUT(m_riley.state().reason.contains(other.fingerprint()), kWait);
        const LinkState s = m_riley.state();
        QCOMPARE(s.status, LinkState::Status::Offline);
        QVERIFY2(s.reason.contains(m_cert.fingerprint()), qPrintable(s.reason));
        QVERIFY(!s.retrying);
        QVERIFY(m_riley.banner()->text().contains(other.fingerprint()));
        killServe();
        QVERIFY(startServe(m_cert, address));
        m_riley.console->link().reconnect();
        QTRY_VERIFY_WITH_TIMEOUT(m_riley.state().live(), kWait);
    }

    void anAuditRecordEditedInTheServersFileIsAnAlarmInTheConsole()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_riley.replicaCount(QStringLiteral("audit_log")) > 0, kWait);
        const QString address = listenAddress();
        killServe();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
            db.setDatabaseName(m_store);
            QVERIFY(db.open());
            QSqlQuery q(db);
            // Someone with the server's file: the append-only guard dropped, a record rewritten.
            QVERIFY(q.exec("DROP TRIGGER audit_log_no_update"));
            QVERIFY(q.exec("UPDATE audit_log SET actor = 'mallory' WHERE id = (SELECT MIN(id) FROM audit_log)"));
            QCOMPARE(q.numRowsAffected(), 1);
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
        QVERIFY(startServe(m_cert, address));
        QTRY_VERIFY_WITH_TIMEOUT(!m_riley.state().alarms.isEmpty(), kWait);
        QTRY_VERIFY_WITH_TIMEOUT(m_riley.banner()->isVisible(), kWait);
        const QString text = m_riley.banner()->text();
        QVERIFY2(text.contains("Server history changed"), qPrintable(text));
        QVERIFY2(text.contains("audit_log"), qPrintable(text));
        // The replica keeps its own copy as evidence.
        QSqlQuery kept(m_riley.console->link().store()->connection());
        QVERIFY(kept.exec("SELECT actor FROM audit_log WHERE id = (SELECT MIN(id) FROM audit_log)") && kept.next());
        QVERIFY(kept.value(0).toString() != QLatin1String("mallory"));
    }

private:
    bool refusedReachedServer()
    {
        return adminHttp().get("/api/v1/security/incidents?q=while%20offline").json().value("total").toInt() > 0;
    }
};

QTEST_MAIN(TestAttachedConsole)
#include "TestAttachedConsole.moc"
