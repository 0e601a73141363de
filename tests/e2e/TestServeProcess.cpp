// End to end: the built `watchpost` binary run as a process, driven as a user and an HTTP client would.
#include "models/webhooks/WebhookSignature.h"
#include "tests/support/net/RawHttp.h"
#include "tests/support/net/ServeProcess.h"
#include "tests/support/net/TestCertificate.h"
#include "tests/support/net/TestHttp.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <functional>

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QProcess>

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/stat.h>

namespace {
const QString kBinary = QStringLiteral(WATCHPOST_BINARY);

using Run = testsupport::CommandRun;
using testsupport::startListening;

Run run(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    return testsupport::runWatchpost(args, env);
}

// Sends `signal` and reports whether the process then ended on its own with exit code 0.
bool stopsCleanly(QProcess& process, int signal)
{
    ::kill(pid_t(process.processId()), signal);
    return process.waitForFinished(10000) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

QByteArray digest(const QString& path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}
} // namespace

class TestServeProcess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void commandLineContract()
    {
        Run r = run({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("watchpost serve"));
        r = run({"--version"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith("watchpost "));
        r = run({"--frobnicate"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--frobnicate"));
        r = run({"serve", "--listen", "nowhere"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--listen"));
    }

    void fullLifecycleAgainstServe()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("watchpost.sqlite"));
        // WATCHPOST_STORE stands in for --store.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("WATCHPOST_STORE"), store);
        Run token = run({"token", "create", "--name", "e2e", "--role", "responder"}, env);
        QCOMPARE(token.code, 0);
        const QString secret = QString::fromLatin1(token.out.trimmed());
        QVERIFY(secret.startsWith(QStringLiteral("wpt_")));
        QCOMPARE(token.out.count('\n'), 1);

        QProcess serve;
        QByteArray line;
        const QString url = startListening(serve, {"serve", "--listen", "127.0.0.1:0"}, env, &line);
        QVERIFY2(url.startsWith("http://127.0.0.1:"), line.constData());
        QVERIFY(!url.endsWith(QLatin1String(":0")));

        TestHttp http(url);
        http.setToken(secret);
        HttpAnswer a =
            http.post("/api/v1/security/incidents",
                      {{"title", "Leaked deploy key"},
                       {"severity", "critical"},
                       {"summary", "key in a public gist"},
                       {"source", QJsonObject{{"kind", "customer_report"}}},
                       {"assets", QJsonArray{QJsonObject{{"kind", "repository"}, {"identifier", "acme/infra"}}}}});
        QCOMPARE(a.status, 201);
        const QString id = a.json().value("public_id").toString();
        const QString base = QStringLiteral("/api/v1/security/incidents/") + id;
        QCOMPARE(http.post(base + "/acknowledge", {{"note", "revoking"}}).status, 200);
        QCOMPARE(http.post(base + "/timeline", {{"kind", "containment_action"}, {"text", "key revoked"}}).status, 201);
        QCOMPARE(http.post(base + "/contain", {}).status, 200);
        QCOMPARE(
            http.post(base + "/resolve",
                      {{"root_cause", "key in dotfiles"}, {"impact_summary", "none"}, {"mitigation_steps", "rotated"}})
                .status,
            200);
        a = http.post(base + "/close",
                      {{"approval_note", "ok"},
                       {"approver", "VP Security"},
                       {"postmortem_url", "https://wiki.example.com/pm"},
                       {"root_cause_narrative", QJsonObject{{"people", "a"}, {"process", "b"}, {"technology", "c"}}}});
        QCOMPARE(a.status, 200);
        QCOMPARE(http.post(base + "/close", {}).status, 409);

        // SIGTERM: a clean exit, and everything answered is on disk.
        QVERIFY(stopsCleanly(serve, SIGTERM));

        QProcess again;
        TestHttp reopened(startListening(again, {"serve", "--listen", "127.0.0.1:0"}, env));
        reopened.setToken(secret);
        a = reopened.get(base);
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value("state").toString(), QStringLiteral("closed"));
        QCOMPARE(a.json().value("timeline").toArray().size(), 6);
        QVERIFY(stopsCleanly(again, SIGINT));
    }

    void refusesStoresItMustNotTouch()
    {
        QTemporaryDir dir;
        const QString notes = dir.filePath(QStringLiteral("notes.txt"));
        QFile f(notes);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a database");
        f.close();
        const QByteArray before = digest(notes);
        Run r = run({"serve", "--store", notes, "--listen", "127.0.0.1:0"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("not a Watchpost store"), r.err.constData());
        QCOMPARE(digest(notes), before);
    }

    // A FIFO (or any file that is not a regular file) at the store path is refused at once, never waited on.
    void refusesAStorePathThatIsNotARegularFile()
    {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("store.sqlite"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        for (const QStringList& args :
             {QStringList{"serve", "--store", fifo, "--listen", "127.0.0.1:0"},
              QStringList{"token", "create", "--name", "ci", "--role", "viewer", "--store", fifo}}) {
            Run r = run(args);
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains("not a regular file"), r.err.constData());
        }
    }

    // A new store file is readable by its owner only, like secrets/.
    void aNewStoreIsTheOwnersOnly()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("fresh.sqlite"));
        Run r = run({"token", "create", "--name", "ci", "--role", "viewer", "--store", store});
        QCOMPARE(r.code, 0);
        QCOMPARE(QFile::permissions(store) & ~(QFile::ReadUser | QFile::WriteUser | QFile::ExeUser),
                 QFile::ReadOwner | QFile::WriteOwner);
    }

    void busyPortIsNamed()
    {
        QTemporaryDir dir;
        QProcess first;
        first.start(kBinary, {"serve", "--store", dir.filePath("a.sqlite"), "--listen", "127.0.0.1:0"});
        QVERIFY(first.waitForReadyRead(5000));
        const QByteArray line = first.readAllStandardOutput().trimmed();
        const QByteArray port = line.mid(line.lastIndexOf(':') + 1);
        Run r =
            run({"serve", "--store", dir.filePath("b.sqlite"), "--listen", "127.0.0.1:" + QString::fromLatin1(port)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("cannot listen on 127.0.0.1:" + port), r.err.constData());
        first.terminate();
        QVERIFY(first.waitForFinished(5000));
    }

    // `serve --tls-cert --tls-key`: HTTPS from the built binary, as curl sees it; the certificate's fingerprint is
    // printed at start for clients to pin; a bad key stops it before it binds; beyond loopback, plain HTTP only on
    // an explicit --insecure-http naming its proxy.
    void serveOverTls()
    {
        QTemporaryDir dir;
        const TestCertificate cert = TestCertificate::make(dir.path());
        QProcess serve;
        QByteArray line;
        const QString url = startListening(serve,
                                           {"serve", "--store", dir.filePath("tls.sqlite"), "--listen", "127.0.0.1:0",
                                            "--tls-cert", cert.certificatePath, "--tls-key", cert.keyPath},
                                           QProcessEnvironment::systemEnvironment(), &line);
        QVERIFY2(url.startsWith("https://127.0.0.1:"), line.constData());
        const QByteArray err = serve.readAllStandardError();
        QVERIFY2(err.contains(cert.fingerprint().toLatin1()), err.constData());

        QProcess curl;
        curl.start(QStringLiteral("curl"), {"-sS", "--cacert", cert.certificatePath, "-o", "/dev/null", "-w",
                                            "%{http_code} %{ssl_verify_result}", url + "/api/v1/health"});
        QVERIFY(curl.waitForFinished(15000));
        QCOMPARE(curl.readAllStandardOutput(), QByteArray("200 0"));
        // Without the certificate trusted, curl refuses the server (and nothing is answered).
        curl.start(QStringLiteral("curl"), {"-sS", "-o", "/dev/null", url + "/api/v1/health"});
        QVERIFY(curl.waitForFinished(15000));
        QCOMPARE(curl.exitCode(), 60); // CURLE_PEER_FAILED_VERIFICATION
        const RawExchange plain = rawExchange(QString(url).replace("https://", "http://"),
                                              {QByteArray("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")});
        QCOMPARE(plain.statuses(), QList<int>{400});
        QVERIFY(plain.answers.first().body.contains("use https://"));
        QVERIFY(stopsCleanly(serve, SIGTERM));

        // A key that is not the certificate's: refused before binding, naming both files.
        const TestCertificate other = TestCertificate::make(dir.path(), QStringLiteral("other"));
        Run r = run({"serve", "--store", dir.filePath("tls.sqlite"), "--listen", "127.0.0.1:0", "--tls-cert",
                     cert.certificatePath, "--tls-key", other.keyPath});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("is not the key of the certificate"), r.err.constData());
        QVERIFY(!r.out.contains("listening"));
    }

    void plainHttpBeyondLoopbackNeedsAProxy()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("p.sqlite"));
        Run r = run({"serve", "--store", store, "--listen", "0.0.0.0:0"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("refusing to listen on 0.0.0.0:0 in plain HTTP"), r.err.constData());
        QVERIFY(!QFileInfo::exists(store)); // refused before the store is touched
        r = run({"serve", "--store", store, "--listen", "0.0.0.0:0", "--insecure-http"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--trusted-proxy"));

        QProcess serve;
        QByteArray line;
        const QString listening = startListening(
            serve,
            {"serve", "--store", store, "--listen", "0.0.0.0:0", "--insecure-http", "--trusted-proxy", "127.0.0.1"},
            QProcessEnvironment::systemEnvironment(), &line);
        QVERIFY2(listening.startsWith("http://0.0.0.0:"), line.constData());
        QVERIFY(serve.readAllStandardError().contains("trusted proxy is now 127.0.0.1"));
        const QString port = listening.mid(listening.lastIndexOf(':') + 1);
        // Behind the proxy, the client is the last X-Forwarded-For hop: the health answer is the same either way.
        QCOMPARE(TestHttp(QStringLiteral("http://127.0.0.1:%1").arg(port)).get("/api/v1/health").status, 200);
        QVERIFY(stopsCleanly(serve, SIGTERM));
        // The proxy is kept in the webhook policy.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("proxy-check"));
        db.setDatabaseName(store);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(
            QStringLiteral("SELECT COUNT(*) FROM webhook_policy WHERE key = 'trusted_proxy' AND value = '127.0.0.1'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }

    // `watchpost replicate --once` against a real `serve` over TLS: caught up (0), a history change made in the
    // server's file (1, naming the record), a refused key or an unreachable server (3), no key (2).
    void replicateExitCodes()
    {
        QTemporaryDir dir;
        const TestCertificate cert = TestCertificate::make(dir.path());
        const QString store = dir.filePath(QStringLiteral("server.sqlite"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("WATCHPOST_STORE"), store);
        const QString admin =
            QString::fromLatin1(run({"token", "create", "--name", "lead", "--role", "admin"}, env).out.trimmed());
        QProcess serve;
        QByteArray line;
        const QString url = startListening(
            serve, {"serve", "--listen", "127.0.0.1:0", "--tls-cert", cert.certificatePath, "--tls-key", cert.keyPath},
            env, &line);
        QVERIFY2(url.startsWith("https://"), line.constData());
        TestHttp http(url);
        http.setTrusted({cert.certificate});
        http.setToken(admin);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(
                http.post("/api/v1/security/incidents", QJsonObject{{"title", QStringLiteral("i%1").arg(i)},
                                                                    {"severity", "high"},
                                                                    {"summary", "s"},
                                                                    {"source", QJsonObject{{"kind", "staff_report"}}}})
                    .status,
                201);
        const QString replica = dir.filePath(QStringLiteral("replica.sqlite"));
        QProcessEnvironment keyed = QProcessEnvironment::systemEnvironment();
        keyed.insert(QStringLiteral("WATCHPOST_TOKEN"), admin);
        // The fingerprint as openssl prints it (colons, upper case) is accepted.
        QString colons;
        for (int i = 0; i < 64; i += 2)
            colons += cert.fingerprint().mid(i, 2).toUpper() + (i < 62 ? ":" : "");
        Run r = run({"replicate", "--server", url, "--replica", replica, "--fingerprint", colons, "--once"}, keyed);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("rows applied"));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("replica-check"));
        db.setDatabaseName(replica);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM incidents")) && q.next());
        QCOMPARE(q.value(0).toInt(), 3);
        q.finish();
        db.close();
        // Again, with the pin it kept: nothing new, exit 0.
        r = run({"replicate", "--server", url, "--replica", replica, "--once"}, keyed);
        QVERIFY2(r.code == 0, r.err.constData());

        // Without --once it follows: a new incident on the server reaches the replica while it runs; SIGTERM ends it.
        const QString followed = dir.filePath(QStringLiteral("follow.sqlite"));
        QProcess follower;
        follower.setProcessEnvironment(keyed);
        follower.start(kBinary,
                       {"replicate", "--server", url, "--replica", followed, "--fingerprint", cert.fingerprint()});
        QVERIFY(follower.waitForStarted());
        auto incidentsIn = [](const QString& path) {
            QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("follow-check"));
            d.setDatabaseName(path);
            int n = -1;
            if (d.open()) {
                QSqlQuery c(d);
                if (c.exec(QStringLiteral("SELECT COUNT(*) FROM incidents")) && c.next())
                    n = c.value(0).toInt();
            }
            d = QSqlDatabase();
            QSqlDatabase::removeDatabase(QStringLiteral("follow-check"));
            return n;
        };
        QTRY_COMPARE_WITH_TIMEOUT(incidentsIn(followed), 3, 20000);
        QCOMPARE(http.post("/api/v1/security/incidents", QJsonObject{{"title", "while following"},
                                                                     {"severity", "critical"},
                                                                     {"summary", "s"},
                                                                     {"source", QJsonObject{{"kind", "staff_report"}}}})
                     .status,
                 201);
        QTRY_COMPARE_WITH_TIMEOUT(incidentsIn(followed), 4, 20000);
        QVERIFY(stopsCleanly(follower, SIGTERM));

        // An audit record edited directly in the server's file.
        {
            QSqlDatabase s = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("server-edit"));
            s.setDatabaseName(store);
            QVERIFY(s.open());
            QSqlQuery e(s);
            QVERIFY(e.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")));
            QVERIFY(e.exec(QStringLiteral("UPDATE audit_log SET detail = 'nothing to see' WHERE id = 1")));
            e.finish();
            s.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("server-edit"));
        r = run({"replicate", "--server", url, "--replica", replica, "--once"}, keyed);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("server history changed") && r.err.contains("audit_log 1"), r.err.constData());

        // A refused key, no key, a server gone.
        QProcessEnvironment wrong = QProcessEnvironment::systemEnvironment();
        wrong.insert(QStringLiteral("WATCHPOST_TOKEN"), QStringLiteral("wpt_nothing"));
        r = run({"replicate", "--server", url, "--replica", dir.filePath("other.sqlite"), "--fingerprint",
                 cert.fingerprint(), "--once"},
                wrong);
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains("refused the API key"), r.err.constData());
        QProcessEnvironment none = QProcessEnvironment::systemEnvironment();
        none.remove(QStringLiteral("WATCHPOST_TOKEN"));
        r = run({"replicate", "--server", url, "--replica", replica, "--once"}, none);
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("WATCHPOST_TOKEN"));
        r = run({"replicate", "--server", "http://203.0.113.5:8787", "--replica", replica, "--once"}, keyed);
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("use https://"));
        QVERIFY(stopsCleanly(serve, SIGTERM));
        r = run({"replicate", "--server", url, "--replica", dir.filePath("third.sqlite"), "--fingerprint",
                 cert.fingerprint(), "--once"},
                keyed);
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains("cannot reach"), r.err.constData());
        // The server's own store is not a replica.
        r = run({"replicate", "--server", url, "--replica", store, "--once"}, keyed);
        QCOMPARE(r.code, 4);
        QVERIFY2(r.err.contains("not a replica"), r.err.constData());
    }

    void openHandsRoutesToTheRunningConsole()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("console.sqlite"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        QProcess console;
        QByteArray out;
        QVERIFY2(startListening(console, {"--store", store, "--listen", "127.0.0.1:0", "--demo"}, env, &out)
                     .startsWith("http://127.0.0.1:"),
                 out.constData());
        Run r = run({"open", "/incidents/INC-2026-0003", "--store", store}, env);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("now shows /incidents/INC-2026-0003"), r.out.constData());
        r = run({"open", "/incidents/INC-2026-0999", "--store", store}, env);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("has no page /incidents/INC-2026-0999"), r.err.constData());
        r = run({"--store", store}, env); // a second console for the same store hands over and exits
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("now shows /posture"));
        QVERIFY(stopsCleanly(console, SIGTERM));
    }

    void everyAcceptedDeliverySurvivesKill9()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("durable.sqlite"));
        const QString secretFile = dir.filePath(QStringLiteral("secret"));
        QFile secret(secretFile);
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write("durability-secret\n");
        secret.close();
        QVERIFY(secret.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
        QProcess serve;
        serve.start(kBinary,
                    {"serve", "--store", store, "--listen", "127.0.0.1:0", "--webhook-secret-file", secretFile});
        QVERIFY(serve.waitForReadyRead(5000));
        const QString url = QString::fromLatin1(serve.readAllStandardOutput().trimmed().mid(13));

        QNetworkAccessManager nam;
        QStringList accepted;
        int sent = 0;
        bool killed = false;
        std::function<void()> next = [&] {
            if (killed)
                return;
            const QByteArray id = "flood-" + QByteArray::number(++sent);
            const QByteArray body = R"({"zen":"flood","n":)" + QByteArray::number(sent) + "}";
            QNetworkRequest request(QUrl(url + QStringLiteral("/api/github/webhooks")));
            request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            request.setRawHeader("X-GitHub-Event", "push");
            request.setRawHeader("X-GitHub-Delivery", id);
            request.setRawHeader("X-Hub-Signature-256", watchpost::WebhookSignature::sign(body, "durability-secret"));
            QNetworkReply* reply = nam.post(request, body);
            QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, id] {
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 202)
                    accepted << QString::fromLatin1(id);
                reply->deleteLater();
                next();
            });
        };
        for (int i = 0; i < 6; ++i)
            next();
        QTest::qWait(1500);
        ::kill(pid_t(serve.processId()), SIGKILL);
        killed = true;
        QVERIFY(serve.waitForFinished(5000));
        QTest::qWait(200);
        qInfo("%lld deliveries answered 202 before kill -9 (of %d sent)", qint64(accepted.size()), sent);
        QVERIFY(accepted.size() > 50);

        // Restart and read the store as the program would see it.
        QProcess again;
        again.start(kBinary,
                    {"serve", "--store", store, "--listen", "127.0.0.1:0", "--webhook-secret-file", secretFile});
        QVERIFY(again.waitForReadyRead(5000));
        again.terminate();
        QVERIFY(again.waitForFinished(5000));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(store);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
            QSet<QString> stored;
            QVERIFY(q.exec(QStringLiteral("SELECT delivery_id FROM webhook_deliveries")));
            while (q.next())
                stored.insert(q.value(0).toString());
            for (const QString& id : accepted)
                QVERIFY2(stored.contains(id),
                         qPrintable(id + QLatin1String(" was answered 202 but is not in the store")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
    }

    // serve with no secret service keeps its signing key in secrets/ (0700, 0600 files), refuses looser
    // permissions, and `audit verify` checks the chain the run wrote — and names the record an attacker edited.
    void serveKeepsSigningKeysBesideTheStoreAndTheAuditChainHolds()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("watchpost.sqlite"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS")); // no secret service, as on a server
        env.insert(QStringLiteral("WATCHPOST_STORE"), store);
        const Run token = run({"token", "create", "--name", "ops", "--role", "admin"}, env);
        QCOMPARE(token.code, 0);
        const QString admin = QString::fromLatin1(token.out.trimmed());

        auto startServe = [&](QProcess& serve) {
            return startListening(serve, {"serve", "--listen", "127.0.0.1:0"}, env);
        };
        {
            QProcess serve;
            const QString url = startServe(serve);
            QVERIFY2(url.startsWith(QLatin1String("http://127.0.0.1:")), qPrintable(url));
            TestHttp http(url);
            http.setToken(admin);
            const HttpAnswer bot = http.post("/api/v1/security/credentials", {{"name", "ci"}, {"role", "automation"}});
            QCOMPARE(bot.status, 201);
            const HttpAnswer session =
                TestHttp(url).send("POST", "/api/v1/auth/sessions", {}, {}, bot.json().value("token").toString());
            QCOMPARE(session.status, 201);
            QCOMPARE(
                TestHttp(url)
                    .send("GET", "/api/v1/security/incidents", {}, {}, session.json().value("session_token").toString())
                    .status,
                200);
            QVERIFY(stopsCleanly(serve, SIGTERM));
        }
        const QString secrets = dir.filePath(QStringLiteral("secrets"));
        auto mode = [](const QString& path) {
            struct stat st;
            return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 0777) : -1;
        };
        QCOMPARE(mode(secrets), 0700);
        const QStringList files = QDir(secrets).entryList(QDir::Files);
        QCOMPARE(files.size(), 1);
        QCOMPARE(mode(QDir(secrets).filePath(files[0])), 0600);

        Run verify = run({"audit", "verify"}, env);
        QCOMPARE(verify.code, 0);
        // two keys created and first used, the first signing key, the session
        QVERIFY2(verify.out.contains("intact: 6 records"), verify.out.constData());

        // Looser permissions: serve refuses to start and names the directory.
        QVERIFY(QFile::setPermissions(secrets, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                   QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                                   QFile::ExeOther));
        Run refused = run({"serve", "--listen", "127.0.0.1:0"}, env);
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.err.contains(secrets.toUtf8()) && refused.err.contains("0755"), refused.err.constData());

        // An attacker with the file drops the trigger and edits record 2.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
            db.setDatabaseName(store);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")));
            QVERIFY(q.exec(QStringLiteral("UPDATE audit_log SET actor = 'someone else' WHERE id = 2")));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
        verify = run({"audit", "verify"}, env);
        QCOMPARE(verify.code, 1);
        QVERIFY2(verify.err.contains("broken at record 2"), verify.err.constData());
    }

    void worldReadableSecretFileIsRefused()
    {
        QTemporaryDir dir;
        const QString secretFile = dir.filePath(QStringLiteral("secret"));
        QFile secret(secretFile);
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write("s");
        secret.close();
        QVERIFY(secret.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
        Run r = run({"serve", "--store", dir.filePath("x.sqlite"), "--listen", "127.0.0.1:0", "--webhook-secret-file",
                     secretFile});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(secretFile.toUtf8()) && r.err.contains("group or others"), r.err.constData());
    }

    void consoleWithoutDisplayRunsHeadless()
    {
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(kBinary, {"--store", dir.filePath("c.sqlite"), "--listen", "127.0.0.1:0"});
        QByteArray out;
        for (int i = 0; i < 100 && out.count('\n') < 2; ++i) {
            p.waitForReadyRead(100);
            out += p.readAllStandardOutput();
        }
        QVERIFY2(out.startsWith("watchpost: no display found; running headless instead"), out.constData());
        QVERIFY2(out.contains("listening on http://127.0.0.1:"), out.constData());
        p.terminate();
        QVERIFY(p.waitForFinished(5000));
        QCOMPARE(p.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServeProcess)
#include "TestServeProcess.moc"
