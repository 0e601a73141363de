// One framing of every request, proven over real sockets: each row of raw bytes (the cases issue 9 found, the
// classic smuggling corpus, line-ending mixes, header-name oddities) is sent to a real listener, and the exact
// sequence of answers read off the wire is asserted, with the incidents a hidden request would have created.
// Each row is also framed in-process by frameRequests(): the pure parser and the wire must agree.
#include "models/webhooks/WebhookSignature.h"
#include "net/http/RequestFraming.h"
#include "tests/support/net/ApiFixture.h"
#include "tests/support/net/RawHttp.h"

#include <QJsonDocument>
#include <QTest>

using namespace watchpost;

namespace {
const QByteArray kCreateBody =
    R"({"title":"Smuggled","severity":"low","summary":"a request no one should see run","source":{"kind":"automated_signal","signal":"waf"}})";

QByteArray get(const QByteArray& path = "/api/v1/health", const QByteArray& extra = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + extra + "\r\n";
}
QByteArray getClose(const QByteArray& path = "/api/v1/health")
{
    return get(path, "Connection: close\r\n");
}
// A request that changes the store: if it runs where it should not, an incident appears.
QByteArray create(const QByteArray& extra = {}, const QByteArray& body = kCreateBody)
{
    return "POST /api/v1/security/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {T}\r\n"
           "Content-Type: application/json\r\n" +
           extra + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}
QByteArray postHead(const QByteArray& fields)
{
    return "POST /api/v1/security/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {T}\r\n"
           "Content-Type: application/json\r\n" +
           fields + "\r\n";
}

TransportLimits fastLimits()
{
    TransportLimits limits;
    limits.idleTimeoutMs = 300;
    limits.headerTimeoutMs = 800;
    limits.requestTimeoutMs = 1200;
    limits.lingerMs = 300;
    return limits;
}

QByteArray withToken(QByteArray bytes, const ApiFixture& f)
{
    return bytes.replace("{T}", f.tokens.value(QStringLiteral("responder")).toLatin1());
}
} // namespace

class TestHttpFraming : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wire_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QList<int>>("answers");
        QTest::addColumn<int>("created"); // incidents the bytes may create
        using L = QList<int>;
        const QByteArray smuggled = create();

        // Pipelining, in one write (split writes: splitAtEveryByte below).
        QTest::newRow("three pipelined GETs") << get() + get() + getClose() << L{200, 200, 200} << 0;
        QTest::newRow("pipelined create then GET") << create() + getClose() << L{201, 200} << 1;
        QTest::newRow("leading empty line") << "\r\n" + getClose() << L{200} << 0;

        // CL.TE, TE.CL, TE.TE.
        QTest::newRow("CL.TE") << postHead("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") + "0\r\n\r\n" +
                                      smuggled
                               << L{400} << 0;
        QTest::newRow("TE.CL") << postHead("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n") + "5c\r\n" +
                                      smuggled + "\r\n0\r\n\r\n"
                               << L{400} << 0;
        QTest::newRow("TE chunked") << postHead("Transfer-Encoding: chunked\r\n") + "0\r\n\r\n" + smuggled << L{411}
                                    << 0;
        QTest::newRow("TE.TE space before colon")
            << postHead("Transfer-Encoding : chunked\r\nContent-Length: 4\r\n") + "0\r\n\r\n" + smuggled << L{400} << 0;
        QTest::newRow("TE.TE tab before value")
            << postHead("Transfer-Encoding:\tchunked\r\n") + smuggled << L{411} << 0;
        QTest::newRow("TE.TE xchunked") << postHead("Transfer-Encoding: xchunked\r\n") + smuggled << L{411} << 0;
        QTest::newRow("TE.TE chunked, identity")
            << postHead("Transfer-Encoding: chunked, identity\r\n") + smuggled << L{411} << 0;
        QTest::newRow("TE.TE twice") << postHead("Transfer-Encoding: chunked\r\nTransfer-encoding: x\r\n") + smuggled
                                     << L{411} << 0;
        QTest::newRow("TE.TE folded") << postHead("X-A: 1\r\nTransfer-Encoding:\r\n chunked\r\n") + smuggled << L{400}
                                      << 0;
        QTest::newRow("TE.TE vertical tab") << postHead("Transfer-Encoding:\x0b"
                                                        "chunked\r\nContent-Length: 4\r\n") +
                                                   "0\r\n\r\n" + smuggled
                                            << L{400} << 0;

        // Content-Length, duplicated and malformed.
        const QByteArray body = kCreateBody;
        const QByteArray n = QByteArray::number(body.size());
        QTest::newRow("CL twice, same value")
            << postHead("Content-Length: " + n + "\r\nContent-Length: " + n + "\r\n") + body << L{400} << 0;
        QTest::newRow("CL twice, different")
            << postHead("Content-Length: 4\r\nContent-Length: " + n + "\r\n") + body << L{400} << 0;
        QTest::newRow("CL list") << postHead("Content-Length: " + n + ", " + n + "\r\n") + body << L{400} << 0;
        QTest::newRow("CL with plus") << postHead("Content-Length: +" + n + "\r\n") + body << L{400} << 0;
        QTest::newRow("CL with space inside") << postHead("Content-Length: 1 " + n + "\r\n") + body << L{400} << 0;
        QTest::newRow("CL hex") << postHead("Content-Length: 0x10\r\n") + body << L{400} << 0;
        QTest::newRow("CL negative") << postHead("Content-Length: -1\r\n") + body << L{400} << 0;
        QTest::newRow("CL empty") << postHead("Content-Length: \r\n") + body << L{400} << 0;
        QTest::newRow("CL nineteen digits") << postHead("Content-Length: 1000000000000000000\r\n") << L{400} << 0;
        QTest::newRow("CL in an obs-fold") << "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n Content-Length: " +
                                                  QByteArray::number(smuggled.size()) + "\r\n\r\n" + smuggled
                                           << L{400} << 0;

        // Header names and lines Qt would read differently.
        QTest::newRow("invalid field name, body smuggled")
            << "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX Bad: 1\r\nContent-Length: " +
                   QByteArray::number(smuggled.size()) + "\r\n\r\n" + smuggled
            << L{400} << 0;
        QTest::newRow("whitespace before colon")
            << QByteArray("GET /api/v1/health HTTP/1.1\r\nHost : x\r\n\r\n") << L{400} << 0;
        QTest::newRow("first field starts with whitespace")
            << QByteArray("GET /api/v1/health HTTP/1.1\r\n Host: x\r\n\r\n") << L{400} << 0;
        QTest::newRow("line without a colon")
            << QByteArray("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n") << L{400} << 0;
        QTest::newRow("empty field name")
            << QByteArray("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n") << L{400} << 0;
        QTest::newRow("NUL in a value") << QByteArray("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: a") + '\0' +
                                               "b\r\n\r\n"
                                        << L{400} << 0;
        QByteArray many = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 100; ++i)
            many += "X-" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("101 fields") << many + "\r\n" << L{431} << 0;
        QTest::newRow("a field over 8 KiB")
            << "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: " + QByteArray(8200, 'a') + "\r\n\r\n"
            << L{431} << 0;
        QTest::newRow("duplicate Host") << QByteArray("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n")
                                        << L{400} << 0;
        QTest::newRow("Host with a slash")
            << QByteArray("GET /api/v1/health HTTP/1.1\r\nHost: x/y\r\n\r\n") << L{400} << 0;
        QTest::newRow("Host with an at sign")
            << QByteArray("GET /api/v1/health HTTP/1.1\r\nHost: u@x\r\n\r\n") << L{400} << 0;
        QTest::newRow("HTTP/1.1 without Host") << QByteArray("GET /api/v1/health HTTP/1.1\r\n\r\n") << L{400} << 0;

        // Line endings.
        QTest::newRow("bare LF throughout") << QByteArray("GET /api/v1/health HTTP/1.1\nHost: x\n\n") << L{400} << 0;
        QTest::newRow("headers ended by LF LF")
            << QByteArray("GET /api/v1/health HTTP/1.1\r\nHost: x\n\n") << L{400} << 0;
        QTest::newRow("bare CR") << QByteArray("GET /api/v1/health HTTP/1.1\rHost: x\r\n\r\n") << L{400} << 0;
        QTest::newRow("LF CRLF mix") << QByteArray("GET /api/v1/health HTTP/1.1\r\nHost: x\n\r\n") << L{400} << 0;

        // The request line.
        QTest::newRow("two spaces") << QByteArray("GET  /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n") << L{400} << 0;
        QTest::newRow("trailing space") << QByteArray("GET /api/v1/health HTTP/1.1 \r\nHost: x\r\n\r\n") << L{400} << 0;
        QTest::newRow("tab separator") << QByteArray("GET\t/api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n") << L{400} << 0;
        QTest::newRow("HTTP/2.0") << QByteArray("GET /api/v1/health HTTP/2.0\r\nHost: x\r\n\r\n") << L{505} << 0;
        QTest::newRow("HTTP/1.2") << QByteArray("GET /api/v1/health HTTP/1.2\r\nHost: x\r\n\r\n") << L{505} << 0;
        QTest::newRow("HTTP/1.10") << QByteArray("GET /api/v1/health HTTP/1.10\r\nHost: x\r\n\r\n") << L{400} << 0;
        QTest::newRow("absolute-form") << QByteArray("GET http://x/api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n") << L{400}
                                       << 0;
        QTest::newRow("asterisk-form") << QByteArray("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n") << L{400} << 0;
        QTest::newRow("encoded slash") << get("/api/v1%2Fhealth") << L{400} << 0;
        QTest::newRow("encoded dot") << get("/api/v1/%2e%2e/v1/health") << L{400} << 0;
        QTest::newRow("dot-dot segment") << get("/api/v1/../v1/health") << L{400} << 0;
        QTest::newRow("dot segment") << get("/api/./v1/health") << L{400} << 0;
        QTest::newRow("bad percent") << get("/api/v1/%zzhealth") << L{400} << 0;
        QTest::newRow("fragment") << get("/api/v1/health#x") << L{400} << 0;
        QTest::newRow("encoded unreserved is the same route") << getClose("/api/v1/h%65alth") << L{200} << 0;
        QTest::newRow("HTTP/1.0 without Host") << QByteArray("GET /api/v1/health HTTP/1.0\r\n\r\n") << L{200} << 0;

        // A refusal is answered after the requests before it, which still run.
        QTest::newRow("valid then oversize") << get() + postHead("Content-Length: 2000000\r\n") << L{200, 413} << 0;
        QTest::newRow("create then CL.TE")
            << create() + postHead("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") + "0\r\n\r\n" + smuggled
            << L{201, 400} << 1;
        QTest::newRow("valid then obs-fold") << get() + "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n"
                                             << L{200, 400} << 0;

        // Protocol details.
        QTest::newRow("upgrade") << get("/api/v1/health", "Connection: Upgrade\r\nUpgrade: websocket\r\n") << L{426}
                                 << 0;
        QTest::newRow("upgrade on a create")
            << create("Connection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n") << L{426} << 0;
        QTest::newRow("Origin") << create("Origin: https://evil.example\r\n") << L{403} << 0;
        // Refused from its head with a small body: answered, the body read past, the connection kept.
        QTest::newRow("Origin, then a GET")
            << create("Origin: https://evil.example\r\n") + getClose() << L{403, 200} << 0;
        QTest::newRow("unknown hook, then a GET")
            << "POST /api/github/webhooks/nope HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               "X-GitHub-Event: ping\r\nX-GitHub-Delivery: d\r\nX-Hub-Signature-256: sha256=" +
                   QByteArray(64, 'a') + "\r\nContent-Length: " + QByteArray::number(kCreateBody.size()) + "\r\n\r\n" +
                   kCreateBody + getClose()
            << L{404, 200} << 0;
        QTest::newRow("other expectation") << create("Expect: 200-ok\r\n") << L{417} << 0;
        QTest::newRow("100-continue") << create("Expect: 100-continue\r\nConnection: close\r\n") << L{100, 201} << 1;
        QTest::newRow("100-continue, oversize")
            << postHead("Expect: 100-continue\r\nContent-Length: 2000000\r\n") << L{413} << 0;
        QTest::newRow("lower-case bearer") << QByteArray("GET /api/v1/security/incidents HTTP/1.1\r\nHost: x\r\n"
                                                         "Connection: close\r\nAuthorization: bearer {T}\r\n\r\n")
                                           << L{200} << 0;
        QTest::newRow("405") << QByteArray("DELETE /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                             << L{405} << 0;
        QTest::newRow("head never finished") << QByteArray("GET /api/v1/health HTTP/1.1\r\nHost") << L{408} << 0;
        QTest::newRow("body never finished") << create().left(create().size() - 10) << L{408} << 0;
    }
    void wire()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QList<int>, answers);
        QFETCH(int, created);
        ApiFixture f(fastLimits());
        bytes = withToken(bytes, f);
        const RawExchange ex = rawExchange(f.url, {bytes}, 4000);
        QVERIFY2(ex.closed, ex.bytes.left(300).constData());
        QCOMPARE(ex.statuses(), answers);
        QCOMPARE(f.count("incidents"), qint64(created));
        // Every answer is complete and well-formed: what was read is exactly the answers, nothing stray after.
        qsizetype total = 0;
        for (const RawAnswer& a : ex.answers)
            total += a.head.size() + 4 + a.body.size();
        QCOMPARE(total, ex.bytes.size());
        if (answers.last() >= 400)
            QCOMPARE(QJsonDocument::fromJson(ex.answers.last().body).object().contains("error"), true);

        // The same bytes framed in-process: as many requests as the wire ran, and the same refusal.
        const std::vector<FramingEvent> events = frameRequests(bytes);
        int framed = 0;
        for (const FramingEvent& e : events)
            framed += e.kind == FramingEvent::Kind::Request ? 1 : 0;
        QList<int> finals = answers;
        finals.removeAll(100);
        const bool refusedByFraming = !events.empty() && events.back().kind == FramingEvent::Kind::Refused;
        const bool incomplete = !events.empty() && events.back().kind == FramingEvent::Kind::Incomplete;
        if (refusedByFraming)
            QCOMPARE(events.back().refusal.status, finals.last());
        // One answer per framed request, and one for the refused or unfinished one that ends the bytes.
        QCOMPARE(framed + (refusedByFraming || incomplete ? 1 : 0), finals.size());
    }

    // A pipeline split into two writes at every byte boundary answers the same, and runs each request once.
    void pipelineSplitAtEveryByte()
    {
        ApiFixture f(fastLimits());
        const QByteArray pipeline = withToken(create() + getClose(), f);
        for (qsizetype cut = 1; cut < pipeline.size(); ++cut) {
            const RawExchange ex = rawExchange(f.url, {pipeline.left(cut), pipeline.mid(cut)}, 3000, 2);
            QVERIFY2(ex.closed, qPrintable(QStringLiteral("cut at %1").arg(cut)));
            QCOMPARE(ex.statuses(), (QList<int>{201, 200}));
            QCOMPARE(f.count("incidents"), qint64(cut));
        }
    }

    // Deferred answers (a webhook delivery waits for its group commit) keep their place: pipelined after one,
    // a GET is answered after it, and Connection: close closes after the last byte of the deferred answer.
    void deferredAnswersKeepTheirOrder()
    {
        const QByteArray secret = "pipeline secret";
        ApiFixture f(fastLimits(), [&secret](ApiFixture& fx) {
            fx.webhooks.secrets->setHook(QStringLiteral("default"), secret, {}, 0, 0);
        });
        auto delivery = [&](const QByteArray& id, const QByteArray& extra) {
            const QByteArray body = "{\"zen\":\"Design for failure.\",\"hook_id\":\"" + id + "\"}";
            return "POST /api/github/webhooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   "X-GitHub-Event: ping\r\nX-GitHub-Delivery: " +
                   id + "\r\nX-Hub-Signature-256: " + WebhookSignature::sign(body, secret) + "\r\n" + extra +
                   "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        };
        RawExchange ex = rawExchange(f.url, {delivery("one", {}) + get() + delivery("two", "Connection: close\r\n")});
        QVERIFY(ex.closed);
        QCOMPARE(ex.statuses(), (QList<int>{202, 200, 202}));
        QCOMPARE(ex.answers.at(2).field("Connection").toLower(), QByteArray("close"));
        QCOMPARE(f.count("webhook_deliveries"), qint64(2));

        // HTTP/1.0: closed after the (deferred) answer, with Connection: close said.
        QByteArray old = delivery("three", {});
        old.replace("HTTP/1.1\r\nHost: x\r\n", "HTTP/1.0\r\n");
        ex = rawExchange(f.url, {old});
        QVERIFY(ex.closed);
        QCOMPARE(ex.statuses(), QList<int>{202});
        QCOMPARE(ex.answers.at(0).field("Connection").toLower(), QByteArray("close"));

        // An upgrade on the webhook path is refused once and never run: nothing is stored.
        ex = rawExchange(f.url, {delivery("four", "Connection: Upgrade\r\nUpgrade: websocket\r\n")});
        QCOMPARE(ex.statuses(), QList<int>{426});
        QCOMPARE(f.count("webhook_deliveries"), qint64(3));
    }

    // A webhook delivery the receiver would refuse is refused from its head: the answer comes with no body byte
    // sent, however large the body it declares.
    void webhooksAreRefusedFromTheirHead_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("fields");
        QTest::addColumn<int>("status");
        const QByteArray sig = "X-Hub-Signature-256: sha256=" + QByteArray(64, 'a') + "\r\n";
        const QByteArray all = "X-GitHub-Event: push\r\nX-GitHub-Delivery: d1\r\n" + sig;
        QTest::newRow("unknown hook") << QByteArray("/api/github/webhooks/nope") << all << 404;
        QTest::newRow("no event") << QByteArray("/api/github/webhooks") << "X-GitHub-Delivery: d1\r\n" + sig << 400;
        QTest::newRow("no delivery id") << QByteArray("/api/github/webhooks") << "X-GitHub-Event: push\r\n" + sig
                                        << 400;
        QTest::newRow("no signature") << QByteArray("/api/github/webhooks")
                                      << QByteArray("X-GitHub-Event: push\r\nX-GitHub-Delivery: d1\r\n") << 400;
        QTest::newRow("blocked source") << QByteArray("/api/github/webhooks") << all << 403;
    }
    void webhooksAreRefusedFromTheirHead()
    {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, fields);
        QFETCH(int, status);
        ApiFixture f(fastLimits(), [](ApiFixture& fx) {
            fx.webhooks.secrets->setHook(QStringLiteral("default"), "head secret", {}, 0, 0);
        });
        if (status == 403) {
            TestHttp admin = f.client(QStringLiteral("admin"));
            QCOMPARE(admin
                         .post("/api/v1/security/webhooks/blocks",
                               {{"source", "127.0.0.1"}, {"reason", "test"}, {"duration_s", 600}})
                         .status,
                     201);
        }
        const QByteArray head = "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + fields +
                                "Content-Length: 20000000\r\n\r\n";
        const RawExchange ex = rawExchange(f.url, {head}, 3000);
        QVERIFY2(ex.closed, ex.bytes.constData());
        QCOMPARE(ex.statuses(), QList<int>{status});
    }

    // HEAD wherever GET: the headers GET would send, Content-Length included, and no body; 405 says Allow.
    void headAndAllow()
    {
        ApiFixture f(fastLimits());
        const QByteArray auth = "Authorization: Bearer " + f.tokens.value(QStringLiteral("viewer")).toLatin1() + "\r\n";
        for (const QByteArray& path : {QByteArray("/api/v1/health"), QByteArray("/api/v1/security/incidents"),
                                       QByteArray("/api/v1/security/metrics")}) {
            const RawExchange got = rawExchange(f.url, {get(path, auth + "Connection: close\r\n")});
            QByteArray head = get(path, auth + "Connection: close\r\n");
            head.replace(0, 3, "HEAD");
            const RawExchange headed = rawExchange(f.url, {head}, 5000, 5, {0});
            QVERIFY2(headed.closed, path.constData());
            QCOMPARE(headed.statuses(), QList<int>{200});
            QCOMPARE(got.statuses(), QList<int>{200});
            QCOMPARE(headed.answers.at(0).field("Content-Length"), got.answers.at(0).field("Content-Length"));
            QCOMPARE(headed.answers.at(0).field("Content-Type"), got.answers.at(0).field("Content-Type"));
            QVERIFY(headed.answers.at(0).body.isEmpty());
            QCOMPARE(headed.bytes.size(), headed.answers.at(0).head.size() + 4);
        }
        const RawExchange refused =
            rawExchange(f.url, {QByteArray("DELETE /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")});
        QCOMPARE(refused.statuses(), QList<int>{405});
        QVERIFY(!refused.answers.at(0).field("Allow").isEmpty());
        const RawExchange webhook = rawExchange(
            f.url, {QByteArray("GET /api/github/webhooks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")});
        QCOMPARE(webhook.statuses(), QList<int>{405});
        QCOMPARE(webhook.answers.at(0).field("Allow"), QByteArray("POST"));
    }
};

QTEST_GUILESS_MAIN(TestHttpFraming)
#include "TestHttpFraming.moc"
