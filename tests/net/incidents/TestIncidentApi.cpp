// The REST API over real HTTP on loopback: the lifecycle, lists, exports, and every bad input refused with
// its status and message while the store stays unchanged.
#include "tests/support/net/ApiFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace watchpost;

namespace {
QJsonObject reportBody(const QString& severity = QStringLiteral("critical"))
{
    return QJsonObject{{"title", "Credential stuffing"},
                       {"severity", severity},
                       {"summary", "40k failed logins a minute"},
                       {"source", QJsonObject{{"kind", "automated_signal"}, {"signal", "waf"}}},
                       {"assets", QJsonArray{QJsonObject{{"kind", "service"}, {"identifier", "auth-api"}}}},
                       {"iocs", QJsonArray{QJsonObject{{"type", "ip"}, {"value", "203.0.113.7"}}}}};
}
QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}
} // namespace

class TestIncidentApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void healthNeedsNoToken()
    {
        ApiFixture f;
        TestHttp anonymous(f.url);
        const HttpAnswer a = anonymous.get(QStringLiteral("/api/v1/health"));
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value("status").toString(), QStringLiteral("ok"));
    }

    void fullLifecycleOverHttp()
    {
        ApiFixture f;
        TestHttp http = f.client();
        HttpAnswer a = http.post("/api/v1/security/incidents", reportBody());
        QCOMPARE(a.status, 201);
        const QJsonObject created = a.json();
        QCOMPARE(created.value("public_id").toString(), QStringLiteral("INC-2026-0001"));
        QCOMPARE(created.value("state").toString(), QStringLiteral("reported"));
        QCOMPARE(created.value("acknowledge_due_at").toString(), QStringLiteral("2026-03-01T09:05:00.000Z"));
        QCOMPARE(created.value("containment_due_at").toString(), QStringLiteral("2026-03-01T09:30:00.000Z"));
        QCOMPARE(created.value("reporter").toString(), QStringLiteral("responder-token"));
        const QString base = QStringLiteral("/api/v1/security/incidents/%1").arg(created.value("id").toInt());

        f.clock->advance(4 * 60000);
        QCOMPARE(
            http.get(base).json().value("sla").toObject().value("acknowledge").toObject().value("state").toString(),
            QStringLiteral("at_risk"));
        a = http.post(base + "/acknowledge", {{"note", "on it"}});
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value("state").toString(), QStringLiteral("acknowledged"));
        QCOMPARE(a.json().value("sla").toObject().value("acknowledge").toObject().value("state").toString(),
                 QStringLiteral("met"));
        QCOMPARE(http.post(base + "/timeline", {{"kind", "containment_action"}, {"text", "WAF block on /24"}}).status,
                 201);
        QCOMPARE(http.post(base + "/timeline", {{"kind", "communication"}, {"text", "status page"}}).status, 201);
        QCOMPARE(http.post(base + "/timeline", {{"kind", "stakeholder_decision"}, {"text", "no notice"}}).status, 201);
        QCOMPARE(http.send("POST", base + "/contain").status, 200); // an empty body is fine here
        a = http.post(base + "/follow-ups",
                      {{"action", "rate-limit login"}, {"owner", "sam"}, {"due_at", "2026-03-10T00:00:00Z"}});
        QCOMPARE(a.status, 201);
        const int followUp = a.json().value("id").toInt();
        a = http.post(
            base + "/resolve",
            {{"root_cause", "no rate limit"}, {"impact_summary", "none"}, {"mitigation_steps", "limit added"}});
        QCOMPARE(a.status, 200);
        const QJsonObject closeBody{
            {"approval_note", "approved"},
            {"approver", "Alex Rivera"},
            {"postmortem_url", "https://wiki.example.com/pm/1"},
            {"root_cause_narrative", QJsonObject{{"people", "a"}, {"process", "b"}, {"technology", "c"}}},
            {"runbook_updates", QJsonArray{"add WAF triage"}}};
        a = http.post(base + "/close", closeBody);
        QCOMPARE(a.status, 422);
        QCOMPARE(a.errorFields(), QStringList{QStringLiteral("follow_ups[%1].validation_criteria").arg(followUp)});
        a = http.send("PATCH", base + QStringLiteral("/follow-ups/%1").arg(followUp),
                      json({{"validation_criteria", "replay is throttled"}, {"status", "done"}}));
        QCOMPARE(a.status, 200);
        a = http.post(base + "/close", closeBody);
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value("state").toString(), QStringLiteral("closed"));
        QCOMPARE(a.json().value("runbook_updates").toArray().size(), 1);

        const QJsonObject full = http.get("/api/v1/security/incidents/INC-2026-0001").json();
        QCOMPARE(full.value("timeline").toArray().size(), 11);
        QCOMPARE(full.value("timeline_total").toInt(), 11);
        a = http.get(base + "/timeline?format=csv");
        QCOMPARE(a.status, 200);
        QVERIFY(a.contentType.startsWith("text/csv"));
        QCOMPARE(a.body.count("\r\n"), 12);
        QVERIFY(a.body.startsWith("id,at,kind,actor,text,corrects\r\n"));
        QVERIFY(a.body.contains("\"containment_action\",\"responder-token\",\"WAF block on /24\""));
        a = http.get(base + "/timeline?limit=4");
        QCOMPARE(a.json().value("timeline").toArray().size(), 4);
        const QString cursor = a.json().value("next_cursor").toString();
        QVERIFY(!cursor.isEmpty());
        QCOMPARE(http.get(base + "/timeline?limit=4&cursor=" + cursor)
                     .json()
                     .value("timeline")
                     .toArray()
                     .first()
                     .toObject()
                     .value("kind")
                     .toString(),
                 QStringLiteral("stakeholder_decision"));

        const QJsonObject metrics =
            http.get("/api/v1/security/metrics?from=2026-02-01T00:00:00Z&to=2026-04-01T00:00:00Z").json();
        QCOMPARE(metrics.value("overall").toObject().value("incidents").toInt(), 1);
        QCOMPARE(metrics.value("by_severity").toArray().first().toObject().value("mtta_seconds").toDouble(), 240.0);
        QCOMPARE(metrics.value("by_severity").toArray().first().toObject().value("mtta_goal_met").toBool(), true);
    }

    void listsPageWithCursorsAndFilter()
    {
        ApiFixture f;
        TestHttp http = f.client(QStringLiteral("automation"));
        for (int i = 0; i < 7; ++i)
            QCOMPARE(http.post("/api/v1/security/incidents", reportBody(i % 2 ? "low" : "high")).status, 201);
        QStringList seen;
        QString cursor;
        int pages = 0;
        do {
            const HttpAnswer a = http.get("/api/v1/security/incidents?severity=high&limit=3" +
                                          (cursor.isEmpty() ? QString() : "&cursor=" + cursor));
            QCOMPARE(a.status, 200);
            QCOMPARE(a.json().value("total").toInt(), 4);
            for (const auto& v : a.json().value("incidents").toArray())
                seen << v.toObject().value("public_id").toString();
            cursor = a.json().value("next_cursor").toString();
            ++pages;
        } while (!cursor.isEmpty() && pages < 5);
        QCOMPARE(pages, 2);
        QCOMPARE(seen, (QStringList{"INC-2026-0007", "INC-2026-0005", "INC-2026-0003", "INC-2026-0001"}));
    }

    void badInputIsRefusedAndChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("role"); // "none", "invalid", "expired" or a role
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QStringList>("fields");
        const QString list = QStringLiteral("/api/v1/security/incidents");
        const QString one = list + QStringLiteral("/1");
        const QByteArray j = "application/json";
        const QByteArray ok = json(reportBody());
        QTest::newRow("no token") << QByteArray("POST") << list << "none" << j << ok << 401 << "missing_token"
                                  << QStringList{};
        QTest::newRow("unknown token") << QByteArray("POST") << list << "invalid" << j << ok << 401 << "invalid_token"
                                       << QStringList{};
        QTest::newRow("expired token") << QByteArray("POST") << list << "expired" << j << ok << 401 << "expired_token"
                                       << QStringList{};
        QTest::newRow("viewer reports") << QByteArray("POST") << list << "viewer" << j << ok << 403 << "forbidden"
                                        << QStringList{};
        QTest::newRow("automation acknowledges")
            << QByteArray("POST") << one + "/acknowledge"
            << "automation" << j << json({{"note", "x"}}) << 403 << "forbidden" << QStringList{};
        QTest::newRow("viewer resolves") << QByteArray("POST") << one + "/resolve"
                                         << "viewer" << j << json({}) << 403 << "forbidden" << QStringList{};
        QTest::newRow("malformed json") << QByteArray("POST") << list << "responder" << j << QByteArray("{\"title\": ")
                                        << 400 << "malformed_json" << QStringList{};
        QTest::newRow("json array") << QByteArray("POST") << list << "responder" << j << QByteArray("[1,2]") << 400
                                    << "malformed_json" << QStringList{};
        QTest::newRow("not json") << QByteArray("POST") << list << "responder" << QByteArray("text/plain") << ok << 415
                                  << "unsupported_media_type" << QStringList{};
        QTest::newRow("wrong types") << QByteArray("POST") << list << "responder" << j
                                     << json({{"title", 42}, {"severity", "high"}, {"summary", "s"}, {"source", "waf"}})
                                     << 422 << "validation_failed" << QStringList{"title", "source"};
        QTest::newRow("unknown fields") << QByteArray("POST") << list << "responder" << j << json([] {
            auto o = reportBody();
            o.insert("priority", 1);
            return o;
        }()) << 422 << "validation_failed"
                                        << QStringList{"priority"};
        QTest::newRow("unknown nested field") << QByteArray("POST") << list << "responder" << j << json([] {
            auto o = reportBody();
            o.insert("source", QJsonObject{{"kind", "bug_bounty"}, {"vendor", "h1"}});
            return o;
        }()) << 422 << "validation_failed" << QStringList{"source.vendor"};
        QTest::newRow("huge title") << QByteArray("POST") << list << "responder" << j << json([] {
            auto o = reportBody();
            o.insert("title", QString(5000, 'x'));
            return o;
        }()) << 422 << "validation_failed"
                                    << QStringList{"title"};
        QTest::newRow("missing required")
            << QByteArray("POST") << list << "responder" << j << json({{"title", "t"}}) << 422 << "validation_failed"
            << QStringList{"summary", "severity", "source.kind"};
        QTest::newRow("unknown id") << QByteArray("GET") << list + "/999"
                                    << "viewer" << QByteArray() << QByteArray() << 404 << "not_found" << QStringList{};
        QTest::newRow("unknown public id")
            << QByteArray("POST") << list + "/INC-2026-0999/acknowledge"
            << "responder" << j << json({{"note", "x"}}) << 404 << "not_found" << QStringList{};
        QTest::newRow("resolve a reported incident")
            << QByteArray("POST") << one + "/resolve"
            << "responder" << j << json({{"root_cause", "a"}, {"impact_summary", "b"}, {"mitigation_steps", "c"}})
            << 409 << "wrong_state" << QStringList{};
        QTest::newRow("close a reported incident") << QByteArray("POST") << one + "/close"
                                                   << "admin" << j << json({}) << 409 << "wrong_state" << QStringList{};
        QTest::newRow("contain before acknowledge")
            << QByteArray("POST") << one + "/contain"
            << "responder" << j << json({}) << 409 << "wrong_state" << QStringList{};
        QTest::newRow("acknowledge without note")
            << QByteArray("POST") << one + "/acknowledge"
            << "responder" << j << json({}) << 422 << "validation_failed" << QStringList{"note"};
        QTest::newRow("timeline kind not allowed")
            << QByteArray("POST") << one + "/timeline"
            << "responder" << j << json({{"kind", "state_change"}, {"text", "x"}}) << 422 << "validation_failed"
            << QStringList{"kind"};
        QTest::newRow("follow-up with bad date") << QByteArray("POST") << one + "/follow-ups"
                                                 << "responder" << j << json({{"action", "x"}, {"due_at", "next week"}})
                                                 << 422 << "validation_failed" << QStringList{"due_at"};
        QTest::newRow("bad state filter")
            << QByteArray("GET") << list + "?state=open"
            << "viewer" << QByteArray() << QByteArray() << 400 << "invalid_parameter" << QStringList{"state"};
        QTest::newRow("bad limit") << QByteArray("GET") << list + "?limit=100000"
                                   << "viewer" << QByteArray() << QByteArray() << 400 << "invalid_parameter"
                                   << QStringList{"limit"};
        QTest::newRow("forged cursor") << QByteArray("GET") << list + "?cursor=bm9wZQ"
                                       << "viewer" << QByteArray() << QByteArray() << 400 << "invalid_parameter"
                                       << QStringList{"cursor"};
        QTest::newRow("bad metrics period")
            << QByteArray("GET") << QStringLiteral("/api/v1/security/metrics?from=yesterday") << "viewer"
            << QByteArray() << QByteArray() << 400 << "invalid_parameter" << QStringList{"from"};
        // Text that is not valid Unicode (an unpaired UTF-16 surrogate) is refused naming the field, at any depth.
        const QByteArray lone = R"({"title": "x\ud800y", "severity": "high", "summary": "s",
                                    "source": {"kind": "automated_signal", "signal": "waf"}})";
        QTest::newRow("unpaired surrogate") << QByteArray("POST") << list << "responder" << j << lone << 422
                                            << "validation_failed" << QStringList{"title"};
        const QByteArray nested = R"({"title": "t", "severity": "high", "summary": "s",
                                      "source": {"kind": "automated_signal", "signal": "w\udc00af"}})";
        QTest::newRow("nested low surrogate") << QByteArray("POST") << list << "responder" << j << nested << 422
                                              << "validation_failed" << QStringList{"source.signal"};
        QTest::newRow("surrogate in a note") << QByteArray("POST") << one + "/acknowledge"
                                             << "responder" << j << QByteArray(R"({"note": "\udbff"})") << 422
                                             << "validation_failed" << QStringList{"note"};
        QTest::newRow("unknown route") << QByteArray("GET") << QStringLiteral("/api/v1/security/nope") << "viewer"
                                       << QByteArray() << QByteArray() << 404 << "not_found" << QStringList{};
        QTest::newRow("wrong method") << QByteArray("DELETE") << one << "admin" << QByteArray() << QByteArray() << 405
                                      << "method_not_allowed" << QStringList{};
    }
    void badInputIsRefusedAndChangesNothing()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, role);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QStringList, fields);
        ApiFixture f;
        TestHttp setup = f.client();
        QCOMPARE(setup.post("/api/v1/security/incidents", reportBody()).status, 201);
        QString token = f.tokens.value(role);
        if (role == QLatin1String("invalid"))
            token = QStringLiteral("wpt_notarealtokenatall");
        if (role == QLatin1String("expired")) {
            token = TokenService(f.store, f.clock)
                        .create(QStringLiteral("old"), QStringLiteral("admin"), f.clock->now().addSecs(60))
                        ->token;
            f.clock->advance(61000);
        }
        const QString before = f.snapshot();
        TestHttp http(f.url);
        const HttpAnswer a = http.send(method, path, body, contentType, token);
        QCOMPARE(a.status, status);
        QCOMPARE(a.errorCode(), code);
        QVERIFY2(!a.json().value("error").toObject().value("message").toString().isEmpty(), a.body.constData());
        for (const QString& field : fields)
            QVERIFY2(a.errorFields().contains(field), a.body.constData());
        QCOMPARE(f.snapshot(), before);
    }

    void consoleIsToldAboutApiWrites()
    {
        ApiFixture f;
        QList<qint64> changed;
        connect(&f.notifier, &ChangeNotifier::incidentChanged, this, [&](qint64 id) { changed << id; });
        TestHttp http = f.client();
        QCOMPARE(http.post("/api/v1/security/incidents", reportBody()).status, 201);
        QTRY_COMPARE(changed, QList<qint64>{1});
    }
};

QTEST_GUILESS_MAIN(TestIncidentApi)
#include "TestIncidentApi.moc"
