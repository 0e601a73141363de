// The transport guard: oversized bodies and headers are refused before they are buffered, chunked bodies
// need a length, idle connections close, and connection limits answer 503.
#include "net/http/TransportGuard.h"
#include "tests/support/net/ApiFixture.h"
#include "tests/support/net/RawHttp.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

using namespace watchpost;

namespace {
qint64 residentKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    f.open(QIODevice::ReadOnly);
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

// Sends raw bytes and returns everything the server answered before it closed (or the wait ran out).
QByteArray exchange(const QString& url, const QByteArray& head, qint64 bodyBytes = 0, int waitMs = 5000)
{
    QTcpSocket socket;
    const QUrl u(url);
    socket.connectToHost(u.host(), quint16(u.port()));
    if (!socket.waitForConnected(3000))
        return "no connection";
    socket.write(head);
    const QByteArray chunk(64 * 1024, 'a');
    QByteArray answer;
    for (qint64 sent = 0; sent < bodyBytes && socket.state() == QAbstractSocket::ConnectedState; sent += chunk.size()) {
        socket.write(chunk);
        socket.waitForBytesWritten(1000);
        answer += socket.readAll();
    }
    QElapsedTimer timer;
    timer.start();
    while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < waitMs &&
           !answer.contains("\r\n\r\n{")) {
        socket.waitForReadyRead(100);
        answer += socket.readAll();
    }
    answer += socket.readAll();
    return answer;
}
} // namespace

namespace {
QTcpSocket* openTo(const QString& url, QObject* parent)
{
    auto* s = new QTcpSocket(parent);
    s->connectToHost(QUrl(url).host(), quint16(QUrl(url).port()));
    s->waitForConnected(2000);
    return s;
}
// Reads until one whole answer (head and Content-Length body) is in, or the wait runs out.
QByteArray readAnswer(QTcpSocket* s, QByteArray answer = {}, int waitMs = 3000)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < waitMs) {
        answer += s->readAll();
        const QList<RawAnswer> answers = parseAnswers(answer);
        if (!answers.isEmpty() && answers.first().body.size() == answers.first().field("Content-Length").toLongLong())
            break;
        s->waitForReadyRead(20);
    }
    return answer;
}
QByteArray bodyHead(const QByteArray& token, qint64 length, const QByteArray& extra = {})
{
    return "POST /api/v1/security/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/json\r\n" + extra + "Content-Length: " + QByteArray::number(length) +
           "\r\n\r\n";
}
} // namespace

class TestTransportGuard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hundredMegabyteBodyIsRefusedUnbuffered()
    {
        ApiFixture f;
        const qint64 before = residentKb();
        const QByteArray head = "POST /api/v1/security/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                f.tokens.value("responder").toLatin1() +
                                "\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n";
        const QByteArray answer = exchange(f.url, head, 100'000'000);
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.left(200).constData());
        QVERIFY(answer.contains("payload_too_large"));
        const qint64 growthKb = residentKb() - before;
        qInfo("resident memory grew by %lld KB while 100 MB were offered", growthKb);
        QVERIFY2(growthKb < 8 * 1024, qPrintable(QString::number(growthKb)));
        QCOMPARE(f.count("incidents"), qint64(0));
        QCOMPARE(f.listener->status().listening, true);
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("status");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("oversized headers")
            << QByteArray("GET /api/v1/health HTTP/1.1\r\nX-Fill: " + QByteArray(20000, 'h') + "\r\n\r\n")
            << QByteArray("431") << QByteArray("headers_too_large");
        QTest::newRow("endless header line")
            << QByteArray("GET /api/v1/health HTTP/1.1\r\nX-Fill: " + QByteArray(40000, 'h')) << QByteArray("431")
            << QByteArray("headers_too_large");
        QTest::newRow("chunked body") << QByteArray("POST /api/v1/security/incidents HTTP/1.1\r\nTransfer-Encoding: "
                                                    "chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                                      << QByteArray("411") << QByteArray("length_required");
        QTest::newRow("two content lengths")
            << QByteArray(
                   "POST /api/v1/security/incidents HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}")
            << QByteArray("400") << QByteArray("bad_content_length");
        QTest::newRow("negative content length")
            << QByteArray("POST /api/v1/security/incidents HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << QByteArray("400")
            << QByteArray("bad_content_length");
        QTest::newRow("1 MiB + 1")
            << QByteArray("POST /api/v1/security/incidents HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n")
            << QByteArray("413") << QByteArray("payload_too_large");
    }
    void refusals()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, status);
        QFETCH(QByteArray, code);
        ApiFixture f;
        const QByteArray answer = exchange(f.url, request);
        QVERIFY2(answer.startsWith("HTTP/1.1 " + status), answer.left(200).constData());
        QVERIFY(answer.contains(code));
        // Written like every other answer: the same headers and the one error envelope.
        const QByteArray head = answer.left(answer.indexOf("\r\n\r\n")).toLower();
        QVERIFY2(head.contains("\r\nx-content-type-options: nosniff"), head.constData());
        QVERIFY2(head.contains("\r\ncache-control: no-store"), head.constData());
        QVERIFY2(head.contains("\r\ncontent-type: application/json"), head.constData());
        QVERIFY2(head.contains("\r\nconnection: close"), head.constData());
        const QJsonObject error =
            QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object().value("error").toObject();
        QCOMPARE(error.value("code").toString().toLatin1(), code);
        QVERIFY(error.value("fields").isArray());
        // The listener keeps serving.
        QCOMPARE(TestHttp(f.url).get("/api/v1/health").status, 200);
    }

    void bodyAtTheLimitIsRead()
    {
        ApiFixture f;
        // Exactly 1 MiB of JSON: accepted by the guard, refused by validation (title too long), not by size.
        QByteArray body = "{\"title\":\"" + QByteArray(1024 * 1024 - 12, 'x') + "\"}";
        QCOMPARE(body.size(), 1024 * 1024);
        const HttpAnswer a = f.client().send("POST", "/api/v1/security/incidents", body);
        QCOMPARE(a.status, 422);
    }

    void idleAndSlowConnectionsAreClosed()
    {
        TransportLimits limits;
        limits.idleTimeoutMs = 300;
        limits.headerTimeoutMs = 600;
        limits.requestTimeoutMs = 600;
        ApiFixture f(limits);
        QTcpSocket idle;
        idle.connectToHost(QUrl(f.url).host(), quint16(QUrl(f.url).port()));
        QVERIFY(idle.waitForConnected(2000));
        QTRY_COMPARE_WITH_TIMEOUT(idle.state(), QAbstractSocket::UnconnectedState, 3000);

        // A slow client trickling its headers gets 408 once the request time runs out.
        QTcpSocket slow;
        slow.connectToHost(QUrl(f.url).host(), quint16(QUrl(f.url).port()));
        QVERIFY(slow.waitForConnected(2000));
        QByteArray answer;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 3000 && !answer.contains("408")) {
            if (slow.state() == QAbstractSocket::ConnectedState) {
                slow.write("X");
                slow.flush();
            }
            slow.waitForReadyRead(100);
            answer += slow.readAll();
        }
        QVERIFY2(answer.startsWith("HTTP/1.1 408"), answer.constData());
    }

    void connectionLimitsAnswer503()
    {
        TransportLimits limits;
        limits.maxConnectionsPerSource = 3;
        ApiFixture f(limits);
        QList<QTcpSocket*> open;
        for (int i = 0; i < 3; ++i) {
            auto* s = new QTcpSocket(this);
            s->connectToHost(QUrl(f.url).host(), quint16(QUrl(f.url).port()));
            QVERIFY(s->waitForConnected(2000));
            open << s;
        }
        QTest::qWait(200);
        const QByteArray answer = exchange(f.url, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY2(answer.startsWith("HTTP/1.1 503"), answer.constData());
        qDeleteAll(open);
        QTRY_COMPARE_WITH_TIMEOUT(TestHttp(f.url).get("/api/v1/health").status, 200, 5000);
    }
    // Bodies in flight are charged their declared length times the multiplier against a global budget and a
    // per-source share, before a body byte is read; beyond either: 503 with Retry-After. Behind the trusted
    // proxy, the source is the last X-Forwarded-For hop.
    void bodyBudgetIsGlobalAndPerSource()
    {
        TransportLimits limits;
        limits.bodyBudgetBytes = 6 * 1024 * 1024 + 100 * 1024; // two 1 MiB bodies at 3x, not three
        limits.bodyBudgetPerSourceBytes = 4 * 1024 * 1024;     // one per source
        ApiFixture f(limits, [](ApiFixture& fx) {
            WebhookPolicy p;
            p.trustedProxy = QStringLiteral("127.0.0.1");
            QVERIFY(WebhookPolicy::save(*fx.store, p).ok());
        });
        const QByteArray token = f.tokens.value("responder").toLatin1();
        const qint64 mib = 1024 * 1024;
        auto from = [](const char* client) { return "X-Forwarded-For: " + QByteArray(client) + "\r\n"; };

        QTcpSocket* a = openTo(f.url, this); // 198.51.100.1: holds 3 MiB of budget with half a body sent
        a->write(bodyHead(token, mib, from("198.51.100.1")) + QByteArray(mib / 2, ' '));
        a->waitForBytesWritten(1000);
        QTest::qWait(200);

        QTcpSocket* b = openTo(f.url, this); // the same source again: over its share
        b->write(bodyHead(token, mib, from("198.51.100.1")));
        const QByteArray refused = readAnswer(b);
        QVERIFY2(refused.startsWith("HTTP/1.1 503"), refused.constData());
        QVERIFY(refused.contains("body_budget_exhausted"));
        QVERIFY(refused.contains("Retry-After: "));
        QVERIFY(refused.contains("198.51.100.1"));

        QTcpSocket* c = openTo(f.url, this); // another source: fits (3 + 3 of 6.1 MiB)
        c->write(bodyHead(token, mib, from("198.51.100.2")) + QByteArray(mib / 2, ' '));
        c->waitForBytesWritten(1000);
        QTest::qWait(200);

        QTcpSocket* d = openTo(f.url, this); // a third source: over the global budget
        d->write(bodyHead(token, mib, from("198.51.100.3")));
        const QByteArray full = readAnswer(d);
        QVERIFY2(full.startsWith("HTTP/1.1 503"), full.constData());
        QVERIFY(full.contains("too many request bodies are in flight"));

        // Requests without a body are not held to it, small bodies have a reserve of their own, and the client
        // that finishes its body is answered.
        QCOMPARE(TestHttp(f.url).get("/api/v1/health").status, 200);
        // 60 KiB, charged 180 KiB where 100 KiB are left: the small-body reserve takes it.
        const HttpAnswer small = TestHttp(f.url).send("POST", "/api/v1/security/incidents", QByteArray(60 * 1024, ' '),
                                                      "application/json", QString::fromLatin1(token));
        QCOMPARE(small.status, 400);
        a->write(QByteArray(mib / 2, ' '));
        const QByteArray answered = readAnswer(a);
        QVERIFY2(answered.startsWith("HTTP/1.1 400"), answered.left(300).constData()); // spaces: not JSON
        QVERIFY(answered.contains("JSON"));
        // Its share is free again.
        QTcpSocket* e = openTo(f.url, this);
        e->write(bodyHead(token, 2, from("198.51.100.1")) + "{}");
        QVERIFY(readAnswer(e).startsWith("HTTP/1.1 422"));
        for (QTcpSocket* s : {a, b, c, d, e})
            delete s;
    }

    // A body that arrives slower than the minimum rate (after its grace) is cut with 408.
    void slowBodiesAreCut()
    {
        TransportLimits limits;
        limits.minBodyBytesPerSecond = 100'000;
        limits.bodyRateGraceMs = 200;
        limits.bodyRateCheckMs = 50;
        ApiFixture f(limits);
        QTcpSocket* s = openTo(f.url, this);
        s->write(bodyHead(f.tokens.value("responder").toLatin1(), 1000) + "{\"ti");
        const QByteArray answer = readAnswer(s);
        QVERIFY2(answer.startsWith("HTTP/1.1 408"), answer.constData());
        QVERIFY(answer.contains("slower than 100000 bytes a second"));
        QCOMPARE(f.count("incidents"), qint64(0));
        delete s;
    }

    // Slowloris: connections that never finish a head are cut at the header deadline, and near the cap a new
    // connection evicts the oldest incomplete one, so a client that completes requests is served, not 503.
    void slowlorisCannotHoldEverySlot()
    {
        TransportLimits limits;
        limits.maxConnections = 12;
        limits.evictionReserve = 2;
        limits.maxConnectionsPerSource = 100;
        limits.headerTimeoutMs = 60'000; // eviction, not the deadline, must make room here
        ApiFixture f(limits);
        QList<QTcpSocket*> slow;
        for (int i = 0; i < 12; ++i) {
            QTcpSocket* s = openTo(f.url, this);
            s->write("GET /api/v1/health HTTP/1.1\r\nHo");
            s->flush();
            slow << s;
        }
        QTest::qWait(200);
        for (int i = 0; i < 5; ++i) {
            const RawExchange ex =
                rawExchange(f.url, {QByteArray("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")});
            QCOMPARE(ex.statuses(), QList<int>{200});
        }
        // The oldest slow connections were the ones cut.
        QTRY_COMPARE_WITH_TIMEOUT(slow.first()->state(), QAbstractSocket::UnconnectedState, 2000);
        QCOMPARE(slow.last()->state(), QAbstractSocket::ConnectedState);
        qDeleteAll(slow);

        // The header deadline: a head trickled byte by byte is refused once its time is up.
        TransportLimits quick;
        quick.headerTimeoutMs = 300;
        ApiFixture g(quick);
        QTcpSocket* t = openTo(g.url, this);
        QByteArray answer;
        QElapsedTimer clock;
        clock.start();
        const QByteArray head = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(200, 'p');
        for (int i = 0; i < head.size() && !answer.contains("408"); ++i) {
            t->write(head.mid(i, 1));
            t->waitForReadyRead(20);
            answer += t->readAll();
        }
        answer = readAnswer(t, answer);
        QVERIFY2(answer.startsWith("HTTP/1.1 408"), answer.constData());
        QVERIFY(answer.contains("headers were not received within 300 ms"));
        QVERIFY(clock.elapsed() < 3000);
        delete t;
    }

    // The trusted proxy is exempt from the per-source connection cap (every client comes through it).
    void theTrustedProxyIsExemptFromTheConnectionCap()
    {
        TransportLimits limits;
        limits.maxConnectionsPerSource = 2;
        ApiFixture f(limits, [](ApiFixture& fx) {
            WebhookPolicy p;
            p.trustedProxy = QStringLiteral("127.0.0.1");
            QVERIFY(WebhookPolicy::save(*fx.store, p).ok());
        });
        QList<QTcpSocket*> open;
        for (int i = 0; i < 4; ++i)
            open << openTo(f.url, this);
        QTest::qWait(100);
        QCOMPARE(TestHttp(f.url).get("/api/v1/health").status, 200);
        qDeleteAll(open);
    }

    // The one upgrade route: framed and authorised by the guard, then the socket is the handler's, with the
    // bytes after the head still unread in it. Any other path answers 426.
    void theUpgradeRouteHandsTheSocketOver()
    {
        TransportGuard guard(TransportLimits{});
        QVERIFY(guard.listen(QHostAddress::LocalHost, 0));
        QByteArray handedPath;
        QByteArray rest;
        guard.setUpgradeRoute(
            {"/api/v1/stream",
             [](const RequestHead& head, const QString&) -> std::optional<ApiResponse> {
                 if (head.value("authorization") != "Bearer ok")
                     return ApiResponse::error(401, QStringLiteral("invalid_token"), QStringLiteral("no"));
                 return std::nullopt;
             },
             [&](QTcpSocket* socket, const RequestHead& head) {
                 handedPath = head.path;
                 socket->write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n");
                 QObject::connect(socket, &QTcpSocket::readyRead, socket,
                                  [&rest, socket] { rest += socket->readAll(); });
                 rest += socket->readAll();
             }});
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(guard.serverPort());
        auto upgrade = [](const QByteArray& path, const QByteArray& auth) {
            return "GET " + path +
                   " HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: test\r\nAuthorization: " + auth +
                   "\r\n\r\n";
        };
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, guard.serverPort());
        QVERIFY(client.waitForConnected(2000));
        client.write(upgrade("/api/v1/stream", "Bearer ok") + "after the head");
        QByteArray got;
        QTRY_VERIFY_WITH_TIMEOUT((got += client.readAll()).contains("101 Switching"), 3000);
        QCOMPARE(handedPath, QByteArray("/api/v1/stream"));
        QTRY_COMPARE_WITH_TIMEOUT(rest, QByteArray("after the head"), 3000);

        QTcpSocket refused;
        refused.connectToHost(QHostAddress::LocalHost, guard.serverPort());
        QVERIFY(refused.waitForConnected(2000));
        refused.write(upgrade("/api/v1/stream", "Bearer wrong"));
        QByteArray answer;
        QTRY_VERIFY_WITH_TIMEOUT((answer += refused.readAll()).contains("\r\n\r\n{"), 3000);
        QVERIFY2(answer.startsWith("HTTP/1.1 401"), answer.constData());

        QTcpSocket other;
        other.connectToHost(QHostAddress::LocalHost, guard.serverPort());
        QVERIFY(other.waitForConnected(2000));
        other.write(upgrade("/api/v1/elsewhere", "Bearer ok"));
        answer.clear();
        QTRY_VERIFY_WITH_TIMEOUT((answer += other.readAll()).contains("\r\n\r\n{"), 3000);
        QVERIFY2(answer.startsWith("HTTP/1.1 426"), answer.constData());
        QVERIFY(answer.contains("Upgrade: HTTP/1.1"));
        Q_UNUSED(url);
    }
};

QTEST_GUILESS_MAIN(TestTransportGuard)
#include "TestTransportGuard.moc"
