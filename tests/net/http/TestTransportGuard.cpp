// The transport guard: oversized bodies and headers are refused before they are buffered, chunked bodies
// need a length, idle connections close, and connection limits answer 503.
#include "tests/support/net/ApiFixture.h"

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
};

QTEST_GUILESS_MAIN(TestTransportGuard)
#include "TestTransportGuard.moc"
