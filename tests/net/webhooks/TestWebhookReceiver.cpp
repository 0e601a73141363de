// The GitHub webhook receiver over real HTTP: every refusal (status, telemetry, unchanged store), real payloads
// signed from their file bytes, redelivery and replay, rotation, blocks, rate limits, the spoofing incident,
// degraded telemetry, and oversize bodies refused with flat memory.
#include "models/webhooks/WebhookHookService.h"
#include "models/webhooks/WebhookSignature.h"
#include "models/webhooks/WebhookStore.h"
#include "tests/support/net/ApiFixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>
#include <cctype>

using namespace watchpost;

namespace {
const QByteArray kSecret("It's a Secret to Everybody");
const QString kFixtures = QStringLiteral(WATCHPOST_SHARED_DIR "/fixtures/github-webhooks");

using Headers = QList<std::pair<QByteArray, QByteArray>>;

void withSecret(ApiFixture& f)
{
    f.webhooks.secrets->setHook(QStringLiteral("default"), kSecret, {}, 0, 0);
}

HttpAnswer deliver(ApiFixture& f, const QByteArray& body, const QByteArray& event, const QByteArray& delivery,
                   const QByteArray& secret = kSecret, const Headers& extra = {},
                   const QString& path = QStringLiteral("/api/github/webhooks"),
                   const QByteArray& contentType = "application/json")
{
    Headers h{{"X-GitHub-Event", event},
              {"X-GitHub-Delivery", delivery},
              {"X-Hub-Signature-256", WebhookSignature::sign(body, secret)},
              {"User-Agent", "GitHub-Hookshot/test"}};
    for (const auto& e : extra) {
        h.erase(std::remove_if(h.begin(), h.end(), [&](const auto& p) { return p.first == e.first; }), h.end());
        if (!e.second.isNull())
            h << e;
    }
    return TestHttp(f.url).send("POST", path, body, contentType, QString(), h);
}

qint64 scalar(ApiFixture& f, const QString& sql, const QVariantList& binds = {})
{
    QSqlQuery q(f.store->connection());
    q.prepare(sql);
    for (const QVariant& b : binds)
        q.addBindValue(b);
    if (!q.exec() || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

qint64 refusalCount(ApiFixture& f, const QString& reason)
{
    return scalar(f, QStringLiteral("SELECT COALESCE(SUM(count), 0) FROM webhook_refusals WHERE reason = ?"), {reason});
}

qint64 residentKb()
{
    QFile file(QStringLiteral("/proc/self/status"));
    file.open(QIODevice::ReadOnly);
    for (const QByteArray& line : file.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

QByteArray fixture(const QString& name)
{
    QFile file(kFixtures + QLatin1Char('/') + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
// What a form encoder sends (WHATWG application/x-www-form-urlencoded, as GitHub's form deliveries are): UTF-8,
// a space as '+', every byte but ALPHA / DIGIT / "*-._" as %XX.
QByteArray formEncoded(const QByteArray& json)
{
    QByteArray out = "payload=";
    for (const char c : json) {
        const auto b = static_cast<unsigned char>(c);
        if (std::isalnum(b) || c == '*' || c == '-' || c == '.' || c == '_')
            out += c;
        else if (c == ' ')
            out += '+';
        else
            out += '%' + QByteArray::number(b, 16).rightJustified(2, '0').toUpper();
    }
    return out;
}

// The test's own reading of such a form, to compare what was stored with what was sent.
QByteArray formPayload(const QByteArray& form)
{
    for (QByteArray pair : form.split('&'))
        if (pair.startsWith("payload="))
            return QByteArray::fromPercentEncoding(pair.mid(8).replace('+', ' '));
    return {};
}
} // namespace

class TestWebhookReceiver : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusals_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("reason");
        // What telemetry records: the refusal, or "noise" for a request that does not claim to be a GitHub
        // delivery (no event, delivery id or signature) — recorded, never counted toward spoofing.
        QTest::addColumn<QString>("recorded");
        QTest::newRow("missing signature") << "missing" << 400 << "missing_signature"
                                           << "noise";
        QTest::newRow("sha-1 signature only") << "sha1" << 400 << "missing_signature"
                                              << "missing_signature";
        QTest::newRow("malformed signature") << "malformed" << 400 << "malformed_signature"
                                             << "malformed_signature";
        QTest::newRow("signature mismatch") << "mismatch" << 401 << "signature_mismatch"
                                            << "signature_mismatch";
        QTest::newRow("unknown hook") << "hook" << 404 << "unknown_hook"
                                      << "unknown_hook";
        QTest::newRow("wrong content type") << "type" << 415 << "wrong_content_type"
                                            << "wrong_content_type";
        QTest::newRow("missing event") << "event" << 400 << "missing_header"
                                       << "noise";
        QTest::newRow("missing delivery id") << "delivery" << 400 << "missing_header"
                                             << "noise";
        QTest::newRow("no secret configured") << "nosecret" << 503 << "no_secret"
                                              << "no_secret";
        QTest::newRow("replay under a new id") << "replay" << 409 << "replay"
                                               << "replay";
        QTest::newRow("oversize delivery") << "oversize" << 413 << "oversize"
                                           << "oversize";
        QTest::newRow("oversize, no GitHub headers") << "oversize-noise" << 413 << "oversize"
                                                     << "noise";
    }
    void refusals()
    {
        QFETCH(QString, kind);
        QFETCH(int, status);
        QFETCH(QString, reason);
        QFETCH(QString, recorded);
        ApiFixture f({}, kind == QLatin1String("nosecret") ? std::function<void(ApiFixture&)>() : withSecret);
        const QByteArray body(R"({"zen":"Keep it logically awesome.","hook_id":1})");
        if (kind == QLatin1String("replay"))
            QCOMPARE(deliver(f, body, "ping", "first").status, 202);
        const qint64 before = scalar(f, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries"));
        const QString snapshot = f.snapshot();
        HttpAnswer a;
        if (kind == QLatin1String("missing"))
            a = deliver(f, body, "ping", "d", kSecret, {{"X-Hub-Signature-256", QByteArray()}});
        else if (kind == QLatin1String("sha1"))
            a = deliver(f, body, "ping", "d", kSecret,
                        {{"X-Hub-Signature-256", QByteArray()}, {"X-Hub-Signature", "sha1=" + QByteArray(40, 'a')}});
        else if (kind == QLatin1String("malformed"))
            a = deliver(f, body, "ping", "d", kSecret, {{"X-Hub-Signature-256", "sha256=xyz"}});
        else if (kind == QLatin1String("mismatch"))
            a = deliver(f, body, "ping", "d", "another secret");
        else if (kind == QLatin1String("hook"))
            a = deliver(f, body, "ping", "d", kSecret, {}, QStringLiteral("/api/github/webhooks/nope"));
        else if (kind == QLatin1String("type"))
            a = deliver(f, body, "ping", "d", kSecret, {}, QStringLiteral("/api/github/webhooks"), "text/plain");
        else if (kind == QLatin1String("event"))
            a = deliver(f, body, "ping", "d", kSecret, {{"X-GitHub-Event", QByteArray()}});
        else if (kind == QLatin1String("delivery"))
            a = deliver(f, body, "ping", "d", kSecret, {{"X-GitHub-Delivery", QByteArray()}});
        else if (kind == QLatin1String("nosecret") || kind == QLatin1String("replay"))
            a = deliver(f, body, "ping", "second");
        if (kind.startsWith(QLatin1String("oversize"))) {
            QTcpSocket s;
            s.connectToHost(QUrl(f.url).host(), quint16(QUrl(f.url).port()));
            QVERIFY(s.waitForConnected(2000));
            const QByteArray claims =
                kind == QLatin1String("oversize")
                    ? "X-GitHub-Delivery: d\r\nX-Hub-Signature-256: sha256=" + QByteArray(64, 'a') + "\r\n"
                    : QByteArray();
            s.write("POST /api/github/webhooks HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    "application/json\r\nX-GitHub-Event: push\r\n" +
                    claims + "Content-Length: 26214401\r\n\r\n");
            QByteArray answer;
            for (int i = 0; i < 50 && !answer.contains("\r\n\r\n{"); ++i) {
                s.waitForReadyRead(100);
                answer += s.readAll();
            }
            a.status = answer.mid(9, 3).toInt();
        }
        QCOMPARE(a.status, status);
        if (!kind.startsWith(QLatin1String("oversize")))
            QCOMPARE(a.errorCode(), reason);
        QTRY_COMPARE_WITH_TIMEOUT(refusalCount(f, recorded), qint64(1), 3000);
        QCOMPARE(scalar(f, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")), before);
        QCOMPARE(f.snapshot(), snapshot);
    }

    // Webhook answers are written by the same writer as API answers: the same headers on accepted and refused
    // deliveries, and a wrong method is refused with 405 and the method that is allowed.
    void webhookAnswersCarryTheApiHeaders()
    {
        ApiFixture f({}, withSecret);
        const QByteArray body = R"({"zen":"Design for failure.","hook_id":1})";
        for (const HttpAnswer& a :
             {deliver(f, body, "ping", "headers-1"), deliver(f, body, "ping", "headers-2", "wrong")}) {
            QVERIFY2(a.status == 202 || a.status == 401, qPrintable(QString::number(a.status)));
            QCOMPARE(a.header("X-Content-Type-Options"), QByteArray("nosniff"));
            QCOMPARE(a.header("Cache-Control"), QByteArray("no-store"));
            QCOMPARE(a.contentType, QByteArray("application/json"));
        }
        const HttpAnswer wrong = TestHttp(f.url).send("GET", QStringLiteral("/api/github/webhooks"));
        QCOMPARE(wrong.status, 405);
        QCOMPARE(wrong.errorCode(), QStringLiteral("method_not_allowed"));
        QCOMPARE(wrong.header("Allow"), QByteArray("POST"));
        QCOMPARE(wrong.header("X-Content-Type-Options"), QByteArray("nosniff"));
    }

    void realPayloadsAreStoredAndMapped()
    {
        if (!QDir(kFixtures).exists())
            QSKIP("../shared/fixtures/github-webhooks is absent (a fresh clone without shared/): real-payload tests "
                  "skipped");
        ApiFixture f({}, [](ApiFixture& fx) {
            withSecret(fx);
            QVERIFY(WebhookStore(fx.store).upsertHook(QStringLiteral("default"), QStringLiteral("default"),
                                                      QDateTime::currentMSecsSinceEpoch(), std::nullopt));
        });
        const QStringList files = QDir(kFixtures).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 10);
        int n = 0;
        for (const QString& name : files) {
            const HttpAnswer a = deliver(f, fixture(name), name.section(QLatin1Char('.'), 0, 0).toLatin1(),
                                         "fixture-" + QByteArray::number(++n));
            QVERIFY2(a.status == 202, qPrintable(name + QLatin1String(": ") + QString::fromUtf8(a.body)));
            QCOMPARE(a.json().value("verified_with").toString(), QStringLiteral("current"));
        }
        QCOMPARE(scalar(f, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")), qint64(files.size()));
        auto outcome = [&](const char* event) {
            QSqlQuery q(f.store->connection());
            q.prepare(QStringLiteral("SELECT outcome FROM webhook_deliveries WHERE event = ? ORDER BY id LIMIT 1"));
            q.addBindValue(QLatin1String(event));
            return q.exec() && q.next() ? q.value(0).toString() : QString();
        };
        QCOMPARE(outcome("ping"), QStringLiteral("hook_healthy"));
        QCOMPARE(scalar(f, QStringLiteral("SELECT COUNT(*) FROM webhook_hooks WHERE last_ping_at IS NOT NULL")),
                 qint64(1));
        QCOMPARE(outcome("secret_scanning_alert"), QStringLiteral("incident_opened"));
        QCOMPARE(outcome("code_scanning_alert"), QStringLiteral("incident_opened")); // rule severity "error" → high
        QCOMPARE(outcome("dependabot_alert"), QStringLiteral("below_threshold"));    // medium
        QCOMPARE(outcome("repository_vulnerability_alert"), QStringLiteral("below_threshold")); // moderate
        QCOMPARE(outcome("security_advisory"), QStringLiteral("below_threshold"));
        QCOMPARE(outcome("member"), QStringLiteral("security_activity"));
        QCOMPARE(outcome("deploy_key"), QStringLiteral("security_activity"));
        QCOMPARE(outcome("branch_protection_rule"), QStringLiteral("security_activity"));
        QCOMPARE(outcome("github_app_authorization"), QStringLiteral("security_activity"));
        QCOMPARE(outcome("installation"), QStringLiteral("accepted")); // created: stored, not flagged
        QCOMPARE(outcome("push"), QStringLiteral("accepted"));

        // The secret-leak incident, and a later event on the same alert added to it.
        const qint64 leak = scalar(
            f, QStringLiteral("SELECT incident_id FROM webhook_deliveries WHERE event = 'secret_scanning_alert'"));
        auto incident = f.service->get(leak);
        QVERIFY(incident.ok());
        QVERIFY(incident->title.startsWith(QStringLiteral("Secret leak:")));
        QCOMPARE(incident->severity, Severity::High);
        QCOMPARE(incident->assets.value(0).identifier, QStringLiteral("Codertocat/Hello-World"));
        QJsonObject later =
            QJsonDocument::fromJson(fixture(QStringLiteral("secret_scanning_alert.reopened.json"))).object();
        later.insert(QStringLiteral("action"), QStringLiteral("publicly_leaked"));
        const QByteArray laterBody = QJsonDocument(later).toJson();
        QCOMPARE(deliver(f, laterBody, "secret_scanning_alert", "later-1").status, 202);
        QCOMPARE(scalar(f, QStringLiteral("SELECT incident_id FROM webhook_deliveries WHERE delivery_id = 'later-1'")),
                 leak);
        QCOMPARE(scalar(f, QStringLiteral("SELECT COUNT(*) FROM incidents WHERE title LIKE 'Secret leak:%'")),
                 qint64(1));

        // GitHub's redelivery: 200, stored once.
        const HttpAnswer again = deliver(f, laterBody, "secret_scanning_alert", "later-1");
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value("status").toString(), QStringLiteral("duplicate"));
        QCOMPARE(scalar(f, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries WHERE delivery_id = 'later-1'")),
                 qint64(1));
    }

    void formEncodedPayloadsVerifyOverTheRawForm()
    {
        ApiFixture f({}, withSecret);
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("payload"),
                          QString::fromUtf8(QUrl::toPercentEncoding(R"({"zen":"form","hook_id":7})")));
        const QByteArray body = form.toString(QUrl::FullyEncoded).toLatin1();
        const HttpAnswer a = deliver(f, body, "ping", "form-1", kSecret, {}, QStringLiteral("/api/github/webhooks"),
                                     "application/x-www-form-urlencoded");
        QCOMPARE(a.status, 202);
        QCOMPARE(scalar(f, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries WHERE outcome = 'hook_healthy'")),
                 qint64(1));
    }

    // GitHub's form deliveries carry payload=<form-encoded JSON>: a space is '+'. Every real payload, encoded as a
    // form encoder encodes it, is accepted, and what is stored is the signed form whose payload is the original.
    void formEncodedRealPayloadsAreAcceptedAndStoredIntact()
    {
        if (!QDir(kFixtures).exists())
            QSKIP("../shared/fixtures/github-webhooks is absent (a fresh clone without shared/): real-payload tests "
                  "skipped");
        ApiFixture f({}, withSecret);
        const QStringList files = QDir(kFixtures).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 10);
        int n = 0;
        for (const QString& name : files) {
            const QByteArray original = fixture(name);
            const QByteArray form = formEncoded(original);
            QVERIFY(form.contains('+')); // pretty-printed: spaces and newlines
            const QByteArray id = "form-fixture-" + QByteArray::number(++n);
            const HttpAnswer a = deliver(f, form, name.section(QLatin1Char('.'), 0, 0).toLatin1(), id, kSecret, {},
                                         QStringLiteral("/api/github/webhooks"), "application/x-www-form-urlencoded");
            QVERIFY2(a.status == 202, qPrintable(name + QLatin1String(": ") + QString::fromUtf8(a.body)));
            QSqlQuery q(f.store->connection());
            q.prepare(QStringLiteral("SELECT body, action, repository FROM webhook_deliveries WHERE delivery_id = ?"));
            q.addBindValue(QString::fromLatin1(id));
            QVERIFY(q.exec() && q.next());
            QCOMPARE(q.value(0).toByteArray(), form); // the signed bytes, as sent
            const QJsonObject sent = QJsonDocument::fromJson(original).object();
            QCOMPARE(QJsonDocument::fromJson(formPayload(q.value(0).toByteArray())).object(), sent);
            QCOMPARE(q.value(1).toString(), sent.value(QStringLiteral("action")).toString());
            QCOMPARE(q.value(2).toString(),
                     sent.value(QStringLiteral("repository")).toObject().value(QStringLiteral("full_name")).toString());
        }
    }

    // A compact payload with spaces inside its strings keeps them: the incident it opens is titled with spaces,
    // not '+'.
    void formEncodedSpacesInsideStringsStaySpaces()
    {
        ApiFixture f({}, withSecret);
        const QJsonObject alert{{"number", 9},
                                {"secret_type", "test_token"},
                                {"secret_type_display_name", "Test Token With Spaces"},
                                {"validity", "active"},
                                {"html_url", "https://github.com/acme/app/security/secret-scanning/9"}};
        const QByteArray json = QJsonDocument(QJsonObject{{"action", "created"},
                                                          {"alert", alert},
                                                          {"repository", QJsonObject{{"full_name", "acme/app"}}}})
                                    .toJson(QJsonDocument::Compact);
        const HttpAnswer a = deliver(f, formEncoded(json), "secret_scanning_alert", "form-compact-1", kSecret, {},
                                     QStringLiteral("/api/github/webhooks"), "application/x-www-form-urlencoded");
        QCOMPARE(a.status, 202);
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT title FROM incidents")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("Secret leak: Test Token With Spaces in acme/app"));
    }

    // The receiver re-reads a hook's row at most once a second — a second of the injected clock: a hook created
    // meanwhile is seen as soon as the clock has moved, with no sleeping.
    void hookRowsAreReReadByTheClock()
    {
        ApiFixture f({}, withSecret);
        const QByteArray body = R"({"zen":"late hook","hook_id":5})";
        QCOMPARE(
            deliver(f, body, "ping", "late-1", "late-secret", {}, QStringLiteral("/api/github/webhooks/late")).status,
            404);
        // Set as the console does: the secret in the shared setup, the hook's row in the store.
        WebhookHookService hooks(f.store, f.clock, *f.secrets, f.webhooks.secrets);
        QVERIFY(hooks.setSecret(QStringLiteral("late"), "late-secret", 0).ok());
        QCOMPARE(
            deliver(f, body, "ping", "late-2", "late-secret", {}, QStringLiteral("/api/github/webhooks/late")).status,
            404); // the row read a moment ago still stands
        f.clock->advance(1001);
        const HttpAnswer a =
            deliver(f, body, "ping", "late-3", "late-secret", {}, QStringLiteral("/api/github/webhooks/late"));
        QVERIFY2(a.status == 202, a.body.constData());
    }

    void rotationAcceptsThePreviousSecretWithinItsWindow()
    {
        ApiFixture f({}, [](ApiFixture& fx) {
            fx.webhooks.secrets->setHook(QStringLiteral("default"), "new-secret", "old-secret",
                                         fx.clock->nowMs() + 60'000, 0);
        });
        HttpAnswer a = deliver(f, R"({"n":1})", "push", "r1", "new-secret");
        QCOMPARE(a.json().value("verified_with").toString(), QStringLiteral("current"));
        a = deliver(f, R"({"n":2})", "push", "r2", "old-secret");
        QCOMPARE(a.status, 202);
        QCOMPARE(a.json().value("verified_with").toString(), QStringLiteral("previous"));
        QCOMPARE(scalar(f, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries WHERE verified_with = 'previous'")),
                 qint64(1));
        f.clock->advance(61'000);
        QCOMPARE(deliver(f, R"({"n":3})", "push", "r3", "old-secret").status, 401);
    }

    // A store that refuses blocks: a manual block is in force anyway and the answer says it is not recorded
    // (201, stored: false), and lifting works where the block is enforced even when the store cannot record it.
    void hookSecretsAndThePolicyChangeOverTheApi()
    {
        ApiFixture f({}, [](ApiFixture& fx) { fx.webhooks.secretStore = fx.secrets.get(); });
        TestHttp admin = f.client(QStringLiteral("admin"));
        TestHttp responder = f.client(QStringLiteral("responder"));
        const QString path = QStringLiteral("/api/v1/security/webhooks/hooks/ci/secret");
        // Bad input, each with its status; nothing is stored.
        QCOMPARE(responder.send("PUT", path, R"({"secret":"s1"})").status, 403);
        HttpAnswer a = admin.send("PUT", path, R"({})");
        QCOMPARE(a.status, 422);
        QCOMPARE(a.json().value("error").toObject().value("fields").toArray().at(0).toString(),
                 QStringLiteral("secret"));
        a = admin.send("PUT", path, R"({"secret":"s1","grace_seconds":-1})");
        QCOMPARE(a.status, 422);
        QVERIFY(a.body.contains("grace_seconds"));
        QCOMPARE(
            admin.send("PUT", "/api/v1/security/webhooks/hooks/" + QString(65, 'a') + "/secret", R"({"secret":"s1"})")
                .status,
            404);
        QCOMPARE(scalar(f, QStringLiteral("SELECT COUNT(*) FROM webhook_hooks WHERE id = 'ci'")), qint64(0));
        // Set: answered without the secret, in force for the hook's deliveries, and the write names its change.
        a = admin.send("PUT", path, R"({"secret":"ci-secret-1"})");
        QCOMPARE(a.status, 200);
        QVERIFY(!a.body.contains("ci-secret-1"));
        QVERIFY(!a.header("Watchpost-Change-Seq").isEmpty());
        QCOMPARE(
            deliver(f, R"({"zen":"z"})", "ping", "ci-1", "ci-secret-1", {}, "/api/github/webhooks/ci").status / 100, 2);
        // Removed: its deliveries are refused until a new one is set.
        QCOMPARE(admin.send("DELETE", path).status, 200);
        QCOMPARE(deliver(f, R"({"zen":"z"})", "ping", "ci-2", "ci-secret-1", {}, "/api/github/webhooks/ci").status,
                 503);

        // The policy: the fields given change, the rest stay; a bad field is named and changes nothing.
        const QString policy = QStringLiteral("/api/v1/security/webhooks/policy");
        QCOMPARE(responder.send("PATCH", policy, R"({"block_threshold":9})").status, 403);
        a = admin.send("PATCH", policy, R"({"block_threshold":9})");
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value("block_threshold").toString(), QStringLiteral("9"));
        QCOMPARE(a.json().value("refused_per_minute").toString(), WebhookPolicy{}.toMap().value("refused_per_minute"));
        for (const char* bad : {R"({"block_threshold":0})", R"({"block_threshold":"x"})", R"({"nope":1})",
                                R"({"spoof_incident_severity":"apocalyptic"})", R"({"block_threshold":[1]})"}) {
            a = admin.send("PATCH", policy, bad);
            QVERIFY2(a.status == 422, bad);
            QVERIFY2(!a.json().value("error").toObject().value("fields").toArray().isEmpty(), bad);
        }
        const auto held = WebhookPolicy::load(*f.store);
        QVERIFY(held);
        QCOMPARE(held->blockThreshold, 9);
        QCOMPARE(held->spoofIncidentSeverity, WebhookPolicy{}.spoofIncidentSeverity);
    }

    void blocksHoldAndLiftWhenTheStoreRefuses()
    {
        ApiFixture f({}, [](ApiFixture& fx) {
            withSecret(fx);
            WebhookPolicy p;
            p.trustedProxy = QStringLiteral("127.0.0.1");
            QVERIFY(WebhookPolicy::save(*fx.store, p).ok());
        });
        const Headers from{{"X-Forwarded-For", "198.51.100.20"}};
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER refuse_blocks BEFORE INSERT ON webhook_blocks BEGIN "
                                      "SELECT RAISE(ABORT, 'the store is read-only'); END")));
        TestHttp http = f.client();
        HttpAnswer a = http.post("/api/v1/security/webhooks/blocks",
                                 {{"source", "198.51.100.20"}, {"reason", "spoofing"}, {"duration_s", 600}});
        QCOMPARE(a.status, 201);
        QCOMPARE(a.json().value("in_force").toBool(), true);
        QCOMPARE(a.json().value("stored").toBool(), false);
        QVERIFY(a.json().value("store_error").toString().contains(QStringLiteral("read-only")));
        QCOMPARE(deliver(f, R"({"x":1})", "push", "b1", kSecret, from).status, 403);
        QCOMPARE(scalar(f, QStringLiteral("SELECT COUNT(*) FROM webhook_blocks")), qint64(0));

        QVERIFY(q.exec(QStringLiteral("DROP TRIGGER refuse_blocks")));
        QCOMPARE(http.post("/api/v1/security/webhooks/blocks",
                           {{"source", "198.51.100.21"}, {"reason", "spoofing"}, {"duration_s", 600}})
                     .json()
                     .value("stored")
                     .toBool(),
                 true);
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER refuse_lifts BEFORE UPDATE ON webhook_blocks BEGIN "
                                      "SELECT RAISE(ABORT, 'the store is read-only'); END")));
        // .20 was never recorded (nothing to lift in the store); .21 is, and the store refuses to lift it.
        a = http.send("DELETE", QStringLiteral("/api/v1/security/webhooks/blocks/198.51.100.20"));
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value("lifted").toInt(), 1);
        a = http.send("DELETE", QStringLiteral("/api/v1/security/webhooks/blocks/198.51.100.21"));
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value("stored").toBool(), false);
        QVERIFY(a.json().value("store_error").toString().contains(QStringLiteral("read-only")));
        QCOMPARE(deliver(f, R"({"x":2})", "push", "b2", kSecret, from).status, 202);
        QCOMPARE(deliver(f, R"({"x":3})", "push", "b3", kSecret, {{"X-Forwarded-For", "198.51.100.21"}}).status, 202);
        QCOMPARE(scalar(f, QStringLiteral("SELECT COUNT(*) FROM webhook_blocks WHERE lifted_at IS NULL")), qint64(1));
    }

    // Forged-source abuse: form posts from any web page carry no GitHub headers. With an Origin they are refused
    // before their body is read; without one they are recorded as noise. Neither blocks the address (a local
    // forwarder's real deliveries share it) nor opens a spoofing incident.
    void crossSiteFormPostsAreNoiseNotSpoofing()
    {
        ApiFixture f({}, withSecret);
        const QByteArray form = "payload=%7B%22zen%22%3A%22x%22%7D";
        for (int i = 0; i < 8; ++i) {
            const Headers browser{{"Origin", "https://any-page.example"}};
            const HttpAnswer fromPage = TestHttp(f.url).send("POST", QStringLiteral("/api/github/webhooks"), form,
                                                             "application/x-www-form-urlencoded", QString(), browser);
            QCOMPARE(fromPage.status, 403);
            QCOMPARE(fromPage.errorCode(), QStringLiteral("origin_refused"));
            const HttpAnswer plain = TestHttp(f.url).send("POST", QStringLiteral("/api/github/webhooks"), form,
                                                          "application/x-www-form-urlencoded");
            QCOMPARE(plain.status, 400);
        }
        QTRY_COMPARE_WITH_TIMEOUT(refusalCount(f, QStringLiteral("noise")), qint64(8), 3000);
        QCOMPARE(scalar(f, QStringLiteral("SELECT COUNT(*) FROM webhook_blocks")), qint64(0));
        QCOMPARE(scalar(f, QStringLiteral("SELECT COUNT(*) FROM incidents")), qint64(0));
        QCOMPARE(deliver(f, R"({"zen":"still welcome"})", "ping", "after-noise").status, 202);
        // What the noise was refused as is kept in its samples.
        QVERIFY(scalar(f, QStringLiteral("SELECT COUNT(*) FROM webhook_refusals WHERE reason = 'noise' AND "
                                         "sample LIKE '%missing_signature%'")) > 0);
    }

    void repeatedSpoofingBlocksTheSourceAndOpensAnIncident()
    {
        ApiFixture f({}, [](ApiFixture& fx) {
            withSecret(fx);
            WebhookPolicy p;
            p.trustedProxy = QStringLiteral("127.0.0.1"); // X-Forwarded-For tells the test's sources apart
            auto saved = WebhookPolicy::save(*fx.store, p);
            QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
        });
        const Headers attacker{{"X-Forwarded-For", "198.51.100.9"}};
        for (int i = 0; i < 4; ++i)
            QCOMPARE(deliver(f, R"({"x":1})", "push", "a" + QByteArray::number(i), "guess", attacker).status, 401);
        QCOMPARE(scalar(f, QStringLiteral("SELECT COUNT(*) FROM incidents")), qint64(0));
        QCOMPARE(deliver(f, R"({"x":1})", "push", "a4", "guess", attacker).status,
                 401); // the 5th crosses the threshold
        HttpAnswer blocked = deliver(f, R"({"x":2})", "push", "a5", kSecret, attacker);
        QCOMPARE(blocked.status, 403);
        QCOMPARE(blocked.errorCode(), QStringLiteral("blocked"));
        // Another source is not slowed or refused.
        QCOMPARE(deliver(f, R"({"x":3})", "push", "g1", kSecret, {{"X-Forwarded-For", "140.82.115.1"}}).status, 202);

        const qint64 incidentId =
            scalar(f, QStringLiteral("SELECT id FROM incidents WHERE title = 'Webhook spoofing'"));
        QVERIFY(incidentId > 0);
        auto incident = f.service->get(incidentId);
        QCOMPARE(incident->severity, Severity::High);
        const QList<TimelineEntry> timeline = must(f.service->timeline().timeline(incidentId, std::nullopt, 50));
        QStringList texts;
        for (const TimelineEntry& e : timeline)
            texts << e.text;
        QVERIFY2(texts.join('\n').contains(QStringLiteral("Detection: 5 refused deliveries from 198.51.100.9")),
                 qPrintable(texts.join('\n')));
        QVERIFY(texts.join('\n').contains(QStringLiteral("Blocked 198.51.100.9 for 3600 s: applied")));
        QTRY_COMPARE_WITH_TIMEOUT(refusalCount(f, QStringLiteral("signature_mismatch")), qint64(5), 3000);
        QTRY_COMPARE_WITH_TIMEOUT(refusalCount(f, QStringLiteral("blocked")), qint64(1), 3000);

        // The API lists the source and lifts the block; viewers may not.
        TestHttp http = f.client(QStringLiteral("viewer"));
        const HttpAnswer listed = http.get("/api/v1/security/webhooks/sources");
        const QJsonArray sources = listed.json().value("sources").toArray();
        QCOMPARE(sources.first().toObject().value("source").toString(), QStringLiteral("198.51.100.9"));
        QCOMPARE(sources.first().toObject().value("reasons").toObject().value("signature_mismatch").toInt(), 5);
        QVERIFY(!sources.first().toObject().value("blocked_until").isNull());
        QCOMPARE(http.send("DELETE", "/api/v1/security/webhooks/blocks/198.51.100.9").status, 403);
        QCOMPARE(f.client().send("DELETE", "/api/v1/security/webhooks/blocks/198.51.100.9").status, 200);
        QCOMPARE(deliver(f, R"({"x":4})", "push", "a6", kSecret, attacker).status, 202);
        // …and blocks by hand.
        HttpAnswer added =
            f.client().post("/api/v1/security/webhooks/blocks",
                            {{"source", "203.0.113.5"}, {"reason", "abuse report"}, {"duration_s", 600}});
        QCOMPARE(added.status, 201);
        QCOMPARE(deliver(f, R"({"x":5})", "push", "m1", kSecret, {{"X-Forwarded-For", "203.0.113.5"}}).status, 403);
        QCOMPARE(
            f.client()
                .post("/api/v1/security/webhooks/blocks", {{"source", "not an ip"}, {"reason", ""}, {"duration_s", 0}})
                .errorFields(),
            (QStringList{"source", "reason", "duration_s"}));
        // Deliveries list with its filter.
        const QJsonObject list = http.get("/api/v1/security/webhooks/deliveries?event=push&limit=1").json();
        QCOMPARE(list.value("total").toInt(), 2);
        QVERIFY(!list.value("next_cursor").isNull());
    }

    void refusedDeliveriesAreRateLimited()
    {
        ApiFixture f({}, [](ApiFixture& fx) {
            withSecret(fx);
            WebhookPolicy p;
            p.refusedPerMinute = 3;
            p.blockThreshold = 1000;
            auto saved = WebhookPolicy::save(*fx.store, p);
            QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
        });
        for (int i = 0; i < 3; ++i)
            QCOMPARE(deliver(f, R"({})", "push", "b" + QByteArray::number(i), "wrong").status, 401);
        const HttpAnswer limited = deliver(f, R"({"ok":1})", "push", "b9", kSecret);
        QCOMPARE(limited.status, 429);
        QVERIFY(limited.retryAfter.toInt() >= 1 && limited.retryAfter.toInt() <= 60);
        f.clock->advance(61'000);
        QCOMPARE(deliver(f, R"({"ok":1})", "push", "b9", kSecret).status, 202);
    }

    void telemetryFailureHoldsTheIncidentOpenWithGuidance()
    {
        ApiFixture f({}, withSecret);
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER fail_telemetry BEFORE INSERT ON webhook_refusals "
                                      "BEGIN SELECT RAISE(ABORT, 'telemetry disk failure (test)'); END")));
        QCOMPARE(deliver(f, R"({})", "push", "t1", "wrong").status, 401);
        QTRY_VERIFY_WITH_TIMEOUT(f.webhooks.controls->health().telemetryDegraded, 3000);
        QVERIFY(f.webhooks.controls->health().telemetryError.contains(QStringLiteral("telemetry disk failure")));
        // The listener thread marks telemetry degraded first and opens the incident right after: wait for it.
        QTRY_VERIFY_WITH_TIMEOUT(
            scalar(f, QStringLiteral("SELECT id FROM incidents WHERE title = 'Webhook spoofing'")) > 0, 3000);
        const qint64 incidentId =
            scalar(f, QStringLiteral("SELECT id FROM incidents WHERE title = 'Webhook spoofing'"));
        QVERIFY(
            scalar(
                f,
                QStringLiteral(
                    "SELECT COUNT(*) FROM timeline_entries WHERE incident_id = ? AND text LIKE 'Manual escalation:%'"),
                {incidentId}) == 1);
        // Driven to contained, it still cannot be resolved while the telemetry is down.
        f.service->acknowledge(incidentId, QStringLiteral("on it"), QStringLiteral("t"));
        f.service->addTimelineEntry(incidentId, TimelineKind::ContainmentAction, QStringLiteral("blocked upstream"),
                                    QStringLiteral("t"));
        f.service->markContained(incidentId, {}, QStringLiteral("t"));
        auto refused = f.service->resolve(incidentId, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                                          QStringLiteral("t"));
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains(QStringLiteral("held open")), qPrintable(refused.error().message));
        // Telemetry back: the counts kept in memory are written and the hold lifts.
        QVERIFY(q.exec(QStringLiteral("DROP TRIGGER fail_telemetry")));
        QTRY_VERIFY_WITH_TIMEOUT(!f.webhooks.controls->health().telemetryDegraded, 3000);
        QCOMPARE(refusalCount(f, QStringLiteral("signature_mismatch")), qint64(1));
        QVERIFY(f.service
                    ->resolve(incidentId, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                              QStringLiteral("t"))
                    .ok());
    }

    void gigabyteAttemptKeepsMemoryFlat()
    {
        ApiFixture f({}, withSecret);
        const qint64 before = residentKb();
        QTcpSocket s;
        s.connectToHost(QUrl(f.url).host(), quint16(QUrl(f.url).port()));
        QVERIFY(s.waitForConnected(2000));
        s.write("POST /api/github/webhooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-GitHub-Event: "
                "push\r\n"
                "X-GitHub-Delivery: big\r\nX-Hub-Signature-256: sha256=" +
                QByteArray(64, 'a') + "\r\nContent-Length: 1073741824\r\n\r\n");
        const QByteArray chunk(256 * 1024, 'x');
        QByteArray answer;
        qint64 sent = 0;
        QElapsedTimer t;
        t.start();
        while (sent < 1073741824LL && s.state() == QAbstractSocket::ConnectedState && t.elapsed() < 20000) {
            s.write(chunk);
            s.waitForBytesWritten(1000);
            sent += chunk.size();
            answer += s.readAll();
        }
        answer += s.readAll();
        const qint64 growth = residentKb() - before;
        qInfo("offered %lld MB of a declared 1 GB body; resident memory grew by %lld KB", sent / (1024 * 1024), growth);
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.left(100).constData());
        QVERIFY2(growth < 16 * 1024, qPrintable(QString::number(growth)));
        QCOMPARE(scalar(f, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestWebhookReceiver)
#include "TestWebhookReceiver.moc"
