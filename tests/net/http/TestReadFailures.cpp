// A read the store refuses is an error that reaches the caller — an API 500 with the error envelope — and never an
// empty list, a zero count or a "not found". Each case breaks one table of the real SQLite file from a second
// connection (the listener's statements then fail to prepare or run), asks the API, and checks the answer and that
// the other tables were left as they were.
#include "models/webhooks/WebhookSignature.h"
#include "tests/support/net/ApiFixture.h"

#include <QTest>

using namespace watchpost;

namespace {
void checkStorageError(const HttpAnswer& a)
{
    QCOMPARE(a.status, 500);
    QCOMPARE(a.errorCode(), QStringLiteral("storage_error"));
    QVERIFY2(!a.json().value("error").toObject().value("message").toString().isEmpty(), a.body.constData());
    QCOMPARE(a.header("x-content-type-options"), QByteArray("nosniff"));
}

QJsonObject reportBody()
{
    return QJsonObject{{"title", "Credential stuffing"},
                       {"severity", "high"},
                       {"summary", "40k failed logins a minute"},
                       {"source", QJsonObject{{"kind", "automated_signal"}, {"signal", "waf"}}}};
}
// Reports an incident and answers its path (/api/v1/security/incidents/ID); empty when the report was refused.
QString reportedIncident(TestHttp& http)
{
    const HttpAnswer created = http.post("/api/v1/security/incidents", reportBody());
    return created.status == 201
               ? QStringLiteral("/api/v1/security/incidents/%1").arg(created.json().value("id").toInt())
               : QString();
}
} // namespace

class TestReadFailures : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void incidentListIsAnErrorNotEmpty()
    {
        ApiFixture f;
        TestHttp http = f.client();
        QVERIFY(!reportedIncident(http).isEmpty());
        f.breakTable(QStringLiteral("incidents"));
        checkStorageError(http.get("/api/v1/security/incidents"));
    }

    void incidentWithUnreadableFollowUpsIsAnError()
    {
        ApiFixture f;
        TestHttp http = f.client();
        const QString base = reportedIncident(http);
        QVERIFY(!base.isEmpty());
        QCOMPARE(http.post(base + "/follow-ups",
                           {{"action", "rate-limit login"}, {"owner", "sam"}, {"due_at", "2026-03-10T00:00:00Z"}})
                     .status,
                 201);
        f.breakTable(QStringLiteral("follow_ups"));
        checkStorageError(http.get(base)); // not the incident with its follow-ups silently missing
    }

    void unreadableIncidentIsNotNotFound()
    {
        ApiFixture f;
        TestHttp http = f.client();
        const QString base = reportedIncident(http);
        QVERIFY(!base.isEmpty());
        f.breakTable(QStringLiteral("incident_iocs"));
        checkStorageError(http.post(base + "/acknowledge", {{"note", "on it"}}));
        checkStorageError(http.get(base));
    }

    void timelineIsAnErrorNotEmpty()
    {
        ApiFixture f;
        TestHttp http = f.client();
        const QString base = reportedIncident(http);
        QVERIFY(!base.isEmpty());
        f.breakTable(QStringLiteral("timeline_entries"));
        checkStorageError(http.get(base + "/timeline"));
    }

    void metricsAreAnErrorNotZero()
    {
        ApiFixture f;
        TestHttp http = f.client();
        QVERIFY(!reportedIncident(http).isEmpty());
        f.breakTable(QStringLiteral("incidents"));
        checkStorageError(http.get("/api/v1/security/metrics"));
    }

    void webhookListsAreAnErrorNotEmpty()
    {
        ApiFixture f;
        TestHttp http = f.client(QStringLiteral("admin"));
        f.breakTable(QStringLiteral("webhook_deliveries"));
        checkStorageError(http.get("/api/v1/security/webhooks/deliveries"));
        f.breakTable(QStringLiteral("webhook_refusals"));
        checkStorageError(http.get("/api/v1/security/webhooks/sources"));
    }

    void securityListsAreAnErrorNotEmpty()
    {
        ApiFixture f;
        TestHttp http = f.client(QStringLiteral("admin"));
        f.breakTable(QStringLiteral("audit_log"));
        checkStorageError(http.get("/api/v1/security/audit"));
        f.breakTable(QStringLiteral("secret_versions"));
        checkStorageError(http.get("/api/v1/security/secrets"));
        f.breakTable(QStringLiteral("sessions"));
        checkStorageError(http.get("/api/v1/security/sessions"));
    }

    // Fails closed: a delivery that cannot be checked against the ones stored (replay, duplicate) is refused with
    // 503 — GitHub redelivers it later — and never accepted unchecked.
    void webhookThatCannotBeCheckedIsRefused()
    {
        ApiFixture f;
        f.webhooks.secrets->setHook(QStringLiteral("default"), "It's a Secret to Everybody", {}, 0, 0);
        const QByteArray body = R"({"zen":"Keep it logically awesome.","hook_id":1})";
        const QList<std::pair<QByteArray, QByteArray>> headers{
            {"X-GitHub-Event", "ping"},
            {"X-GitHub-Delivery", "d-1"},
            {"X-Hub-Signature-256", WebhookSignature::sign(body, "It's a Secret to Everybody")}};
        f.breakTable(QStringLiteral("webhook_deliveries"));
        const HttpAnswer a =
            TestHttp(f.url).send("POST", "/api/github/webhooks", body, "application/json", QString(), headers);
        QCOMPARE(a.status, 503);
        QCOMPARE(a.errorCode(), QStringLiteral("storage_error"));
        QCOMPARE(f.count("webhook_deliveries_gone"), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestReadFailures)
#include "TestReadFailures.moc"
