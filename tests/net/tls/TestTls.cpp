// HTTPS in the listener: the certificate and key are checked before anything binds, TLS 1.2 and later only, and
// the transport guard keeps its hold on every TLS connection — a stalled handshake is cut on its own deadline,
// handshakes that never finish are evicted like slow heads, and plain HTTP on the TLS port is told to use https.
#include "net/tls/ServerTls.h"
#include "tests/support/net/ApiFixture.h"
#include "tests/support/net/RawHttp.h"
#include "tests/support/net/TestCertificate.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace watchpost;

namespace {
// A listener over HTTPS with a fresh EC certificate.
std::function<void(ApiFixture&)> overTls(const QTemporaryDir& dir)
{
    return [&dir](ApiFixture& f) {
        const TestCertificate cert = TestCertificate::make(dir.path());
        auto config = ServerTls::load(cert.certificatePath, cert.keyPath, QDateTime::currentDateTimeUtc());
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
        f.tls = *config;
        f.trusted = {cert.certificate};
    };
}

QJsonObject report(const QString& title)
{
    return QJsonObject{{"title", title},
                       {"severity", "high"},
                       {"summary", "seen over HTTPS"},
                       {"source", QJsonObject{{"kind", "staff_report"}}}};
}

// A TLS client trusting `trusted`, connected and encrypted (or not, within waitMs).
std::unique_ptr<QSslSocket> tlsClient(const QString& url, const QList<QSslCertificate>& trusted, int waitMs = 5000)
{
    auto s = std::make_unique<QSslSocket>();
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.addCaCertificates(trusted);
    s->setSslConfiguration(c);
    s->connectToHostEncrypted(QUrl(url).host(), quint16(QUrl(url).port()));
    s->waitForEncrypted(waitMs);
    return s;
}

QByteArray readAll(QSslSocket* s, int waitMs = 3000)
{
    QByteArray answer;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < waitMs && s->state() == QAbstractSocket::ConnectedState) {
        s->waitForReadyRead(50);
        answer += s->readAll();
        const QList<RawAnswer> answers = parseAnswers(answer);
        if (!answers.isEmpty() && answers.first().body.size() == answers.first().field("Content-Length").toLongLong())
            break;
    }
    return answer + s->readAll();
}

// The first bytes of a TLS ClientHello: a handshake record header that promises more than it sends.
const QByteArray kHelloStart = QByteArray::fromHex("160301020001");

QTcpSocket* rawTo(const QString& url, QObject* parent)
{
    auto* s = new QTcpSocket(parent);
    s->connectToHost(QUrl(url).host(), quint16(QUrl(url).port()));
    return s;
}

// openssl's own client, for what Qt's client will not offer (old protocol versions).
QByteArray sClient(const QString& url, const QStringList& extra, int* exitCode)
{
    QProcess p;
    p.start(QStringLiteral("openssl"), QStringList{QStringLiteral("s_client"), QStringLiteral("-connect"),
                                                   QStringLiteral("%1:%2").arg(QUrl(url).host()).arg(QUrl(url).port())}
                                           << extra);
    p.write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    p.closeWriteChannel();
    p.waitForFinished(15000);
    *exitCode = p.exitCode();
    return p.readAllStandardOutput() + p.readAllStandardError();
}
} // namespace

class TestTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theApiAnswersOverHttps()
    {
        QTemporaryDir dir;
        ApiFixture f({}, overTls(dir));
        QVERIFY(f.url.startsWith("https://127.0.0.1:"));
        QCOMPARE(f.client().get("/api/v1/health").status, 200);
        const HttpAnswer created = f.client().post("/api/v1/security/incidents", report(QStringLiteral("over TLS")));
        QVERIFY2(created.status == 201, created.body.constData());
        // A body near the limit crosses TLS records whole: read, then judged (a title this long is refused).
        const QByteArray big =
            QJsonDocument(QJsonObject{{"title", QString(900 * 1024, QLatin1Char('t'))}, {"severity", "high"}})
                .toJson(QJsonDocument::Compact);
        const HttpAnswer refused = f.client().send("POST", "/api/v1/security/incidents", big);
        QVERIFY2(refused.status == 422, refused.body.left(300).constData());
        QVERIFY(refused.errorFields().contains("title"));
        QCOMPARE(f.count("incidents"), qint64(1));
        // An untrusted certificate is a client-side failure, not an answer.
        TestHttp stranger(f.url);
        QCOMPARE(stranger.get("/api/v1/health").error, QNetworkReply::SslHandshakeFailedError);
    }

    void onlyTls12AndLaterAreSpoken()
    {
        QTemporaryDir dir;
        ApiFixture f({}, overTls(dir));
        QCOMPARE(f.tls->protocol(), QSsl::TlsV1_2OrLater);
        auto modern = tlsClient(f.url, f.trusted);
        QVERIFY2(modern->isEncrypted(), qPrintable(modern->errorString()));
        QVERIFY(modern->sessionProtocol() == QSsl::TlsV1_2 || modern->sessionProtocol() == QSsl::TlsV1_3);
        // TLS 1.1 and 1.0, offered by a client that allows them (security level 0): refused in the handshake.
        for (const QString& version : {QStringLiteral("-tls1_1"), QStringLiteral("-tls1")}) {
            int code = 0;
            const QByteArray out =
                sClient(f.url, {version, QStringLiteral("-cipher"), QStringLiteral("DEFAULT:@SECLEVEL=0")}, &code);
            QVERIFY2(code != 0, out.constData());
            QVERIFY2(!out.contains("HTTP/1.1 200"), out.constData());
            QVERIFY2(out.contains("alert protocol version"), out.constData()); // told why, in a TLS alert
        }
        int code = 0;
        const QByteArray ok = sClient(f.url, {QStringLiteral("-tls1_2"), QStringLiteral("-quiet")}, &code);
        QVERIFY2(ok.contains("HTTP/1.1 200"), ok.constData());
        // Still serving after the refusals.
        QCOMPARE(f.client().get("/api/v1/health").status, 200);
    }

    void plainHttpOnTheTlsPortIsToldToUseHttps()
    {
        QTemporaryDir dir;
        ApiFixture f({}, overTls(dir));
        const QString port = QString::number(QUrl(f.url).port());
        const RawExchange ex = rawExchange(QStringLiteral("http://127.0.0.1:%1").arg(port),
                                           {QByteArray("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")});
        QCOMPARE(ex.statuses(), QList<int>{400});
        QVERIFY2(ex.answers.first().body.contains("https_required"), ex.bytes.constData());
        QVERIFY2(ex.answers.first().body.contains("use https://127.0.0.1:" + port.toLatin1() + "/"),
                 ex.bytes.constData());
        QVERIFY(ex.closed);
        QCOMPARE(f.client().get("/api/v1/health").status, 200);
    }

    // A client that starts a handshake and goes quiet is cut at the handshake deadline, while others are served.
    void aStalledHandshakeIsCut()
    {
        TransportLimits limits;
        limits.handshakeTimeoutMs = 500;
        QTemporaryDir dir;
        ApiFixture f(limits, overTls(dir));
        QTcpSocket* stalled = rawTo(f.url, this);
        QVERIFY(stalled->waitForConnected(2000));
        stalled->write(kHelloStart);
        stalled->flush();
        QTcpSocket* silent = rawTo(f.url, this); // connects and sends nothing at all
        QVERIFY(silent->waitForConnected(2000));
        QElapsedTimer t;
        t.start();
        QCOMPARE(f.client().get("/api/v1/health").status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(stalled->state(), QAbstractSocket::UnconnectedState, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(silent->state(), QAbstractSocket::UnconnectedState, 5000);
        qInfo("stalled handshakes cut after %lld ms (deadline 500 ms)", t.elapsed());
        QVERIFY(t.elapsed() >= 400);
        // A handshake that completes is not held to the deadline afterwards: the idle timeout applies.
        auto kept = tlsClient(f.url, f.trusted);
        QVERIFY(kept->isEncrypted());
        QTest::qWait(800);
        kept->write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(readAll(kept.get()).startsWith("HTTP/1.1 200"));
        delete stalled;
        delete silent;
    }

    // 1,000 connections that never finish a handshake cannot fill the listener: near the cap the oldest incomplete
    // ones are evicted, the rest are cut at the deadline, and a real client is served throughout.
    void aThousandUnfinishedHandshakesHarmNoOne()
    {
        TransportLimits limits;
        limits.maxConnectionsPerSource = 5000; // all from 127.0.0.1 here; eviction, not the per-source cap, is tested
        limits.handshakeTimeoutMs = 4000;
        QTemporaryDir dir;
        ApiFixture f(limits, overTls(dir));
        QList<QTcpSocket*> hanging;
        for (int i = 0; i < 1000; ++i) {
            QTcpSocket* s = rawTo(f.url, this);
            hanging << s;
            if (i % 50 == 49) {
                for (QTcpSocket* c : hanging)
                    if (c->state() == QAbstractSocket::ConnectedState && c->bytesToWrite() == 0 &&
                        !c->property("sent").toBool()) {
                        c->write(kHelloStart);
                        c->setProperty("sent", true);
                    }
                QCoreApplication::processEvents();
            }
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(hanging.begin(), hanging.end(),
                        [](QTcpSocket* s) { return s->state() != QAbstractSocket::ConnectingState; }),
            10000);
        // Served while the thousand hang (and while they are being evicted).
        for (int i = 0; i < 5; ++i) {
            auto good = tlsClient(f.url, f.trusted);
            QVERIFY2(good->isEncrypted(), qPrintable(good->errorString()));
            good->write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            const QByteArray answer = readAll(good.get());
            QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
        }
        // Every one of the thousand is cut: evicted near the cap (512) or at its handshake deadline.
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(hanging.begin(), hanging.end(),
                        [](QTcpSocket* s) { return s->state() == QAbstractSocket::UnconnectedState; }),
            20000);
        qDeleteAll(hanging);
        QCOMPARE(f.client().get("/api/v1/health").status, 200);
    }

    void certificateAndKeyAreCheckedBeforeBinding_data()
    {
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no certificate file") << "missing-cert"
                                             << "cannot read --tls-cert";
        QTest::newRow("no key file") << "missing-key"
                                     << "cannot read --tls-key";
        QTest::newRow("certificate not PEM") << "garbage-cert"
                                             << "holds no PEM certificate";
        QTest::newRow("key not PEM") << "garbage-key"
                                     << "holds no RSA or EC private key";
        QTest::newRow("key of another certificate") << "other-key"
                                                    << "is not the key of the certificate";
        QTest::newRow("encrypted key") << "encrypted-key"
                                       << "is encrypted";
        QTest::newRow("expired") << "expired"
                                 << "expired on";
        QTest::newRow("not yet valid") << "future"
                                       << "is not valid before";
        QTest::newRow("larger than 1 MB") << "huge"
                                          << "larger than 1 MB";
    }
    void certificateAndKeyAreCheckedBeforeBinding()
    {
        QFETCH(QString, problem);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        TestCertificate::Options o;
        if (problem == "expired") {
            o.validFromSeconds = -7200;
            o.validUntilSeconds = -3600;
        } else if (problem == "future") {
            o.validFromSeconds = 3600;
        } else if (problem == "encrypted-key")
            o.passphrase = QStringLiteral("correct horse");
        const TestCertificate cert = TestCertificate::make(dir.path(), QStringLiteral("server"), o);
        QString certPath = cert.certificatePath;
        QString keyPath = cert.keyPath;
        auto writeFile = [&](const QString& name, const QByteArray& bytes) {
            QFile out(dir.filePath(name));
            if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size())
                qFatal("cannot write %s", qPrintable(out.fileName()));
            return out.fileName();
        };
        if (problem == "missing-cert")
            certPath = dir.filePath("absent.crt");
        else if (problem == "missing-key")
            keyPath = dir.filePath("absent.key");
        else if (problem == "garbage-cert")
            certPath = writeFile("garbage.crt", "this is not a certificate\n");
        else if (problem == "garbage-key")
            keyPath = writeFile("garbage.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        else if (problem == "other-key")
            keyPath = TestCertificate::make(dir.path(), QStringLiteral("other")).keyPath;
        else if (problem == "huge")
            certPath = writeFile("huge.crt", QByteArray(1024 * 1024 + 10, 'A'));
        const auto loaded = ServerTls::load(certPath, keyPath, QDateTime::currentDateTimeUtc());
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.error().message.contains(expected), qPrintable(loaded.error().message));
    }

    void rsaAndEcKeysAreBothServed()
    {
        QTemporaryDir dir;
        for (bool rsa : {false, true}) {
            TestCertificate::Options o;
            o.rsa = rsa;
            const TestCertificate cert =
                TestCertificate::make(dir.path(), rsa ? QStringLiteral("rsa") : QStringLiteral("ec"), o);
            ApiFixture f({}, [&](ApiFixture& fx) {
                fx.tls = *ServerTls::load(cert.certificatePath, cert.keyPath, QDateTime::currentDateTimeUtc());
                fx.trusted = {cert.certificate};
            });
            QCOMPARE(f.client().get("/api/v1/health").status, 200);
        }
    }

    // The fingerprint printed at start is the one `openssl x509 -fingerprint -sha256` prints, without colons.
    void theFingerprintIsOpenSslsSha256()
    {
        QTemporaryDir dir;
        const TestCertificate cert = TestCertificate::make(dir.path());
        QProcess p;
        p.start(QStringLiteral("openssl"), {"x509", "-noout", "-fingerprint", "-sha256", "-in", cert.certificatePath});
        QVERIFY(p.waitForFinished(10000));
        QString printed = QString::fromLatin1(p.readAllStandardOutput()).trimmed().section(QLatin1Char('='), 1);
        QCOMPARE(ServerTls::fingerprint(cert.certificate), printed.remove(QLatin1Char(':')).toLower());
        QCOMPARE(ServerTls::fingerprint(cert.certificate).size(), 64);
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "TestTls.moc"
