// The feed's routes over a real listener, and a Replicator following it over HTTPS with an OpenSSL-made
// certificate: bad input and roles on the routes, then the replica's catch-up, the pin, a changed certificate,
// an unreachable server and a refused key, each with what the person is told.
#include "models/sync/Replica.h"
#include "net/sync/Replicator.h"
#include "net/tls/ServerTls.h"
#include "tests/support/net/ApiFixture.h"
#include "tests/support/net/TestCertificate.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

using namespace watchpost;

namespace {
QJsonObject report(const QString& title)
{
    return QJsonObject{{"title", title},
                       {"severity", "high"},
                       {"summary", "seen on the server"},
                       {"source", QJsonObject{{"kind", "staff_report"}}}};
}

ReplicationOutcome catchUp(Replica& replica, const SyncServer& server, Replicator::Options options = {})
{
    Replicator r(replica, server, options);
    QSignalSpy done(&r, &Replicator::finished);
    r.catchUp();
    if (done.isEmpty() && !done.wait(30000))
        qFatal("the replicator did not finish");
    return done.first().first().value<ReplicationOutcome>();
}

qint64 countIn(const Store& store, const QString& sql)
{
    QSqlQuery q(store.connection());
    if (!q.exec(sql) || !q.next())
        qFatal("count failed: %s", qPrintable(sql));
    return q.value(0).toLongLong();
}

std::function<void(ApiFixture&)> overTls(const TestCertificate& cert)
{
    return [cert](ApiFixture& f) {
        f.tls = *ServerTls::load(cert.certificatePath, cert.keyPath, QDateTime::currentDateTimeUtc());
        f.trusted = {cert.certificate};
    };
}
} // namespace

Q_DECLARE_METATYPE(watchpost::ReplicationOutcome)

class TestSyncApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<ReplicationOutcome>(); }

    void badInputOnTheFeedRoutes_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("named");
        QTest::newRow("after not a number") << "viewer"
                                            << "/api/v1/sync/changes?after=abc" << 400 << "after";
        QTest::newRow("after negative") << "viewer"
                                        << "/api/v1/sync/changes?after=-1" << 400 << "after";
        QTest::newRow("after fractional") << "viewer"
                                          << "/api/v1/sync/changes?after=1.5" << 400 << "after";
        QTest::newRow("limit zero") << "viewer"
                                    << "/api/v1/sync/changes?limit=0" << 400 << "limit";
        QTest::newRow("limit too large") << "viewer"
                                         << "/api/v1/sync/changes?limit=5001" << 400 << "limit";
        QTest::newRow("include unknown") << "admin"
                                         << "/api/v1/sync/changes?include=secrets" << 400 << "include";
        QTest::newRow("viewer asks for bodies") << "viewer"
                                                << "/api/v1/sync/changes?include=bodies" << 403 << "delivery bodies";
        QTest::newRow("automation asks for bodies")
            << "automation"
            << "/api/v1/sync/changes?include=bodies" << 403 << "delivery bodies";
        QTest::newRow("viewer asks the audit chain") << "viewer"
                                                     << "/api/v1/sync/audit-chain" << 403 << "audit log";
        QTest::newRow("no key") << ""
                                << "/api/v1/sync/changes" << 401 << "";
        QTest::newRow("older replica") << "viewer"
                                       << "/api/v1/sync/changes?schema=1" << 409 << "replica's Watchpost is older";
        QTest::newRow("newer replica") << "viewer"
                                       << "/api/v1/sync/changes?schema=99" << 409 << "update the server";
        QTest::newRow("wait too long") << "viewer"
                                       << "/api/v1/sync/changes?wait=26" << 400 << "wait";
        QTest::newRow("viewer asks delivery bodies")
            << "viewer"
            << "/api/v1/security/webhooks/deliveries?include=body" << 403 << "delivery bodies";
    }
    void badInputOnTheFeedRoutes()
    {
        QFETCH(QString, role);
        QFETCH(QString, path);
        QFETCH(int, status);
        QFETCH(QString, named);
        ApiFixture f;
        const HttpAnswer a = role.isEmpty() ? TestHttp(f.url).get(path) : f.client(role).get(path);
        QVERIFY2(a.status == status, a.body.constData());
        QVERIFY2(QString::fromUtf8(a.body).contains(named), a.body.constData());
    }

    void theFeedPagesThroughEverythingAViewerMaySee()
    {
        ApiFixture f;
        for (int i = 0; i < 5; ++i)
            QCOMPARE(f.client().post("/api/v1/security/incidents", report(QStringLiteral("i%1").arg(i))).status, 201);
        qint64 after = 0;
        int incidents = 0;
        bool more = true;
        QString server;
        for (int pages = 0; more && pages < 100; ++pages) {
            const HttpAnswer a =
                f.client("viewer").get(QStringLiteral("/api/v1/sync/changes?after=%1&limit=3").arg(after));
            QCOMPARE(a.status, 200);
            const QJsonObject o = a.json();
            QVERIFY(o.value("changes").toArray().size() <= 3);
            for (const QJsonValue& c : o.value("changes").toArray()) {
                QVERIFY(c.toObject().value("seq").toInteger() > after);
                QVERIFY(c.toObject().value("table").toString() != "audit_log");
                incidents += c.toObject().value("table").toString() == "incidents";
            }
            QVERIFY(o.value("last_seq").toInteger() > after);
            after = o.value("last_seq").toInteger();
            more = o.value("more").toBool();
            QCOMPARE(o.value("schema_version").toInt(), Store::latestSchemaVersion());
            QVERIFY(server.isEmpty() || server == o.value("server_id").toString());
            server = o.value("server_id").toString();
        }
        QCOMPARE(incidents, 5);
        // At the head: nothing more, same position.
        const QJsonObject end =
            f.client("viewer").get(QStringLiteral("/api/v1/sync/changes?after=%1").arg(after)).json();
        QCOMPARE(end.value("changes").toArray().size(), 0);
        QCOMPARE(end.value("last_seq").toInteger(), after);
    }

    // Long-polling: at the head, the answer waits for the next commit — from the API or any other connection — or
    // for `wait` seconds, and then answers with nothing new.
    void longPollingAnswersOnTheNextCommit()
    {
        ApiFixture f;
        const qint64 head = f.client("viewer").get("/api/v1/sync/changes").json().value("head_seq").toInteger();
        QElapsedTimer t;
        t.start();
        const HttpAnswer empty =
            f.client("viewer").get(QStringLiteral("/api/v1/sync/changes?after=%1&wait=1").arg(head));
        const qint64 waited = t.elapsed();
        QCOMPARE(empty.status, 200);
        QCOMPARE(empty.json().value("changes").toArray().size(), 0);
        QCOMPARE(empty.json().value("last_seq").toInteger(), head);
        QVERIFY2(waited >= 900, qPrintable(QString::number(waited)));
        // A commit on another connection (this thread's store, not the listener's) wakes the waiting answer.
        QTimer::singleShot(300, [&] { must(f.service->report(StoreFixture::sampleReport(), QStringLiteral("lead"))); });
        t.restart();
        const HttpAnswer woken =
            f.client("viewer").get(QStringLiteral("/api/v1/sync/changes?after=%1&wait=20").arg(head));
        const qint64 latency = t.elapsed();
        QCOMPARE(woken.status, 200);
        QVERIFY(woken.json().value("changes").toArray().size() > 0);
        QCOMPARE(woken.json().value("changes").toArray().first().toObject().value("table").toString(),
                 QStringLiteral("incidents"));
        qInfo("a waiting answer came %lld ms after it was asked (the commit at 300 ms)", latency);
        QVERIFY(latency >= 250);
        QVERIFY2(latency < 10000, qPrintable(QString::number(latency)));
    }

    // Following, a replica takes each commit as it comes, over one connection.
    void aFollowingReplicaTakesEachCommit()
    {
        QTemporaryDir dir;
        const TestCertificate cert = TestCertificate::make(dir.path());
        ApiFixture f({}, overTls(cert));
        auto replica = must(Replica::open(dir.filePath("follow.sqlite"), f.clock));
        Replicator::Options options;
        options.follow = true;
        options.waitSeconds = 5;
        Replicator r(*replica, {QUrl(f.url), f.tokens.value("admin"), cert.fingerprint()}, options);
        QSignalSpy caught(&r, &Replicator::caughtUp);
        QSignalSpy ended(&r, &Replicator::finished);
        r.catchUp();
        QVERIFY(caught.wait(10000));
        for (int i = 0; i < 3; ++i) {
            const int before = int(caught.size());
            QCOMPARE(f.client().post("/api/v1/security/incidents", report(QStringLiteral("live %1").arg(i))).status,
                     201);
            QTRY_VERIFY_WITH_TIMEOUT(caught.size() > before, 10000);
            QTRY_COMPARE_WITH_TIMEOUT(countIn(*replica->store(), "SELECT COUNT(*) FROM incidents"), qint64(i + 1),
                                      10000);
        }
        QCOMPARE(ended.size(), 0);
        // The server going away ends the following with the reason.
        f.listener->stop();
        QVERIFY(ended.wait(40000));
        QVERIFY(ended.first().first().value<ReplicationOutcome>().failure != SyncFailure::None);
    }

    // Over HTTPS: a replica catches up, pinned to the self-signed certificate; the next catch-up brings only what
    // is new; a responder's replica gets the audit log but no credentials, a viewer's neither.
    void aReplicaCatchesUpOverHttps()
    {
        QTemporaryDir dir;
        const TestCertificate cert = TestCertificate::make(dir.path());
        ApiFixture f({}, overTls(cert));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(f.client().post("/api/v1/security/incidents", report(QStringLiteral("i%1").arg(i))).status, 201);
        auto replica = must(Replica::open(dir.filePath("admin.sqlite"), f.clock));
        const SyncServer server{QUrl(f.url), f.tokens.value("admin"), cert.fingerprint()};
        ReplicationOutcome o = catchUp(*replica, server, {false, 4});
        QVERIFY2(o.failure == SyncFailure::None, qPrintable(o.message));
        QVERIFY(o.pages >= 2);
        QCOMPARE(countIn(*replica->store(), "SELECT COUNT(*) FROM incidents"), qint64(3));
        QCOMPARE(countIn(*replica->store(), "SELECT COUNT(*) FROM timeline_entries"), f.count("timeline_entries"));
        QCOMPARE(countIn(*replica->store(), "SELECT COUNT(*) FROM api_tokens"), qint64(4));
        QCOMPARE(countIn(*replica->store(), "SELECT COUNT(*) FROM api_tokens WHERE token_hash LIKE 'replica:%'"),
                 qint64(4));
        QCOMPARE(must(replica->state()).fingerprint, cert.fingerprint());
        QVERIFY(o.alarms.isEmpty());

        QCOMPARE(f.client().post("/api/v1/security/incidents", report("later")).status, 201);
        o = catchUp(*replica, server);
        QVERIFY2(o.failure == SyncFailure::None, qPrintable(o.message));
        QCOMPARE(countIn(*replica->store(), "SELECT COUNT(*) FROM incidents"), qint64(4));
        QCOMPARE(countIn(*replica->store(), "SELECT COUNT(DISTINCT id) FROM timeline_entries"),
                 f.count("timeline_entries"));

        auto responder = must(Replica::open(dir.filePath("responder.sqlite"), f.clock));
        o = catchUp(*responder, {QUrl(f.url), f.tokens.value("responder"), cert.fingerprint()});
        QVERIFY2(o.failure == SyncFailure::None, qPrintable(o.message));
        QVERIFY(countIn(*responder->store(), "SELECT COUNT(*) FROM audit_log") > 0);
        QCOMPARE(countIn(*responder->store(), "SELECT COUNT(*) FROM api_tokens"), qint64(0));
        auto viewer = must(Replica::open(dir.filePath("viewer.sqlite"), f.clock));
        o = catchUp(*viewer, {QUrl(f.url), f.tokens.value("viewer"), cert.fingerprint()});
        QVERIFY2(o.failure == SyncFailure::None, qPrintable(o.message));
        QCOMPARE(countIn(*viewer->store(), "SELECT COUNT(*) FROM incidents"), qint64(4));
        QCOMPARE(countIn(*viewer->store(), "SELECT COUNT(*) FROM audit_log"), qint64(0));
        // Bodies only when asked, and only for a role that may see them.
        o = catchUp(*viewer, {QUrl(f.url), f.tokens.value("viewer"), cert.fingerprint()}, {true, 100});
        QCOMPARE(o.failure, SyncFailure::Forbidden);
    }

    void certificatesAreCheckedAndPinned()
    {
        QTemporaryDir dir;
        const TestCertificate cert = TestCertificate::make(dir.path());
        const TestCertificate other = TestCertificate::make(dir.path(), QStringLiteral("other"));
        ApiFixture f({}, overTls(cert));
        auto replica = must(Replica::open(dir.filePath("r.sqlite"), f.clock));
        // Not trusted and not pinned: refused, showing the fingerprint to accept.
        ReplicationOutcome o = catchUp(*replica, {QUrl(f.url), f.tokens.value("admin"), {}});
        QCOMPARE(o.failure, SyncFailure::Untrusted);
        QVERIFY2(o.message.contains(cert.fingerprint()), qPrintable(o.message));
        QCOMPARE(countIn(*replica->store(), "SELECT COUNT(*) FROM incidents"), qint64(0));
        // Pinned to another certificate: refused with both fingerprints.
        o = catchUp(*replica, {QUrl(f.url), f.tokens.value("admin"), other.fingerprint()});
        QCOMPARE(o.failure, SyncFailure::CertificateChanged);
        QVERIFY2(o.message.contains(other.fingerprint()) && o.message.contains(cert.fingerprint()),
                 qPrintable(o.message));
        // A pinned server stays pinned even when the trust store would accept its certificate.
        QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
        const QSslConfiguration original = trusting;
        trusting.addCaCertificate(cert.certificate);
        QSslConfiguration::setDefaultConfiguration(trusting);
        o = catchUp(*replica, {QUrl(f.url), f.tokens.value("admin"), other.fingerprint()});
        QSslConfiguration::setDefaultConfiguration(original);
        QCOMPARE(o.failure, SyncFailure::CertificateChanged);
        QCOMPARE(countIn(*replica->store(), "SELECT COUNT(*) FROM api_tokens"), qint64(0));
        // Fingerprints compare without colons or case, as openssl prints them.
        o = catchUp(*replica, {QUrl(f.url), f.tokens.value("admin"), cert.fingerprint()});
        QVERIFY2(o.failure == SyncFailure::None, qPrintable(o.message));
    }

    void failuresSayWhy()
    {
        QTemporaryDir dir;
        const TestCertificate cert = TestCertificate::make(dir.path());
        ApiFixture f({}, overTls(cert));
        auto replica = must(Replica::open(dir.filePath("r.sqlite"), f.clock));
        ReplicationOutcome o = catchUp(*replica, {QUrl(f.url), QStringLiteral("wpt_not-a-key"), cert.fingerprint()});
        QCOMPARE(o.failure, SyncFailure::KeyRefused);
        QVERIFY2(o.message.contains("refused the API key"), qPrintable(o.message));
        const QUrl gone(QStringLiteral("https://127.0.0.1:%1").arg(QUrl(f.url).port()));
        f.listener->stop();
        o = catchUp(*replica, {gone, f.tokens.value("admin"), cert.fingerprint()});
        QCOMPARE(o.failure, SyncFailure::Unreachable);
        QVERIFY2(o.message.contains("cannot reach"), qPrintable(o.message));
    }
};

QTEST_GUILESS_MAIN(TestSyncApi)
#include "TestSyncApi.moc"
