// /api/v1/auth/sessions and /api/v1/security/{credentials,sessions,recovery,audit} over real HTTP on loopback:
// keys shown once, sessions, revocation cutting access on the next request, recovery, the audit log, and a row
// for every credential that must be refused.
#include "tests/support/net/ApiFixture.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QTest>

using namespace watchpost;

namespace {
QJsonObject createKey(ApiFixture& f, const QString& name, const QString& role = QStringLiteral("automation"))
{
    const HttpAnswer a =
        f.client(QStringLiteral("admin")).post("/api/v1/security/credentials", {{"name", name}, {"role", role}});
    if (a.status != 201)
        qFatal("create credential: %d %s", a.status, a.body.constData());
    return a.json();
}

QString openSession(ApiFixture& f, const QString& key)
{
    const HttpAnswer a = TestHttp(f.url).send("POST", "/api/v1/auth/sessions", {}, {}, key);
    if (a.status != 201)
        qFatal("open session: %d %s", a.status, a.body.constData());
    return a.json().value("session_token").toString();
}

int probe(ApiFixture& f, const QString& token, HttpAnswer* answer = nullptr)
{
    const HttpAnswer a = TestHttp(f.url).send("GET", "/api/v1/security/incidents", {}, {}, token);
    if (answer)
        *answer = a;
    return a.status;
}
} // namespace

class TestSecurityApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keysAreShownOnceAndSessionsAuthenticate()
    {
        ApiFixture f;
        const QJsonObject created = createKey(f, QStringLiteral("ci-bot"));
        const QString key = created.value("token").toString();
        QVERIFY(key.startsWith(QStringLiteral("wpt_")));
        QCOMPARE(created.value("role").toString(), QStringLiteral("automation"));
        QCOMPARE(created.value("owner").toString(), QStringLiteral("admin-token"));
        const HttpAnswer list = f.client(QStringLiteral("admin")).get("/api/v1/security/credentials");
        QCOMPARE(list.status, 200);
        QVERIFY(!list.body.contains(key.toLatin1()));
        QVERIFY(!list.body.contains("token_hash"));
        QCOMPARE(list.json().value("total").toInt(), 5);

        const HttpAnswer session = TestHttp(f.url).send("POST", "/api/v1/auth/sessions", {}, {}, key);
        QCOMPARE(session.status, 201);
        const QString token = session.json().value("session_token").toString();
        QVERIFY(token.startsWith(QStringLiteral("wps_")));
        QCOMPARE(QDateTime::fromString(session.json().value("expires_at").toString(), Qt::ISODateWithMs),
                 f.clock->now().addSecs(3600));
        QCOMPARE(probe(f, token), 200);
        // a session token does not open another session
        QCOMPARE(TestHttp(f.url).send("POST", "/api/v1/auth/sessions", {}, {}, token).status, 401);
        const HttpAnswer sessions =
            f.client(QStringLiteral("admin"))
                .get(QStringLiteral("/api/v1/security/sessions?credential_id=%1").arg(created.value("id").toInt()));
        QCOMPARE(sessions.json().value("total").toInt(), 1);
    }

    void revocationCutsTheKeyAndItsSessionsOnTheNextRequest()
    {
        ApiFixture f;
        const QJsonObject created = createKey(f, QStringLiteral("support-agent"));
        const QString key = created.value("token").toString();
        const QString s1 = openSession(f, key);
        const QString s2 = openSession(f, key);
        QCOMPARE(probe(f, key), 200);
        const HttpAnswer revoked =
            f.client(QStringLiteral("admin"))
                .post(QStringLiteral("/api/v1/security/credentials/%1/revoke").arg(created.value("id").toInt()),
                      {{"reason", "token pasted in a support ticket"}, {"sessions", "immediate"}});
        QCOMPARE(revoked.status, 200);
        const QJsonObject report = revoked.json();
        QCOMPARE(report.value("containment").toString(), QStringLiteral("complete"));
        QCOMPARE(report.value("revoked_credential_ids").toArray().first().toInt(), created.value("id").toInt());
        QCOMPARE(report.value("sessions_invalidated").toArray().size(), 2);
        QVERIFY(!report.value("sessions_invalidated")
                     .toArray()
                     .first()
                     .toObject()
                     .value("invalidated_at")
                     .toString()
                     .isEmpty());
        HttpAnswer refused;
        QCOMPARE(probe(f, key, &refused), 401);
        QCOMPARE(refused.errorCode(), QStringLiteral("revoked_token"));
        QVERIFY2(refused.wwwAuthenticate.contains("error=\"invalid_token\"") &&
                     refused.wwwAuthenticate.contains("revoked"),
                 refused.wwwAuthenticate.constData());
        QCOMPARE(probe(f, s1), 401);
        QCOMPARE(probe(f, s2), 401);
        const HttpAnswer audit =
            f.client(QStringLiteral("admin"))
                .get(QStringLiteral("/api/v1/security/audit?target=credential:%1").arg(created.value("id").toInt()));
        QCOMPARE(audit.status, 200);
        QStringList actions;
        for (const auto& r : audit.json().value("records").toArray())
            actions << r.toObject().value("action").toString();
        QVERIFY2(actions.contains(QStringLiteral("credential_revoked")) &&
                     actions.contains(QStringLiteral("session_invalidated")) &&
                     actions.contains(QStringLiteral("credential_created")),
                 qPrintable(actions.join(',')));
    }

    void aFailedInvalidationAnswersIncompleteWithManualSteps()
    {
        ApiFixture f;
        const QJsonObject created = createKey(f, QStringLiteral("ci-bot"));
        openSession(f, created.value("token").toString());
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER refuse_session_writes BEFORE UPDATE ON sessions BEGIN "
                                      "SELECT RAISE(ABORT, 'database or disk is full'); END")));
        const HttpAnswer revoked =
            f.client(QStringLiteral("admin"))
                .post(QStringLiteral("/api/v1/security/credentials/%1/revoke").arg(created.value("id").toInt()),
                      {{"reason", "leaked"}});
        QCOMPARE(revoked.status, 200);
        QCOMPARE(revoked.json().value("containment").toString(), QStringLiteral("incomplete"));
        QVERIFY(revoked.json().value("failures").toArray().first().toString().contains(QStringLiteral("disk is full")));
        QVERIFY(!revoked.json().value("manual_steps").toArray().isEmpty());
    }

    void tokenCompromiseRecoveryOverTheApi()
    {
        ApiFixture f;
        const HttpAnswer incident =
            f.client().post("/api/v1/security/incidents",
                            {{"title", "Leaked deploy token"},
                             {"summary", "found in a public gist"},
                             {"severity", "critical"},
                             {"source", QJsonObject{{"kind", "automated_signal"}, {"signal", "github"}}}});
        QVERIFY2(incident.status == 201, incident.body.constData());
        const QJsonObject leaked = createKey(f, QStringLiteral("deploy-bot"));
        const QJsonObject other = createKey(f, QStringLiteral("backup-bot"));
        const QString leakedSession = openSession(f, leaked.value("token").toString());
        const QString otherSession = openSession(f, other.value("token").toString());
        f.clock->advance(1000);
        const HttpAnswer a =
            f.client(QStringLiteral("admin"))
                .post("/api/v1/security/recovery/token-compromise", {{"credential_ids", QJsonArray{leaked.value("id")}},
                                                                     {"rotate_signing_key", true},
                                                                     {"reason", "deploy token in a public gist"},
                                                                     {"incident_id", incident.json().value("id")}});
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value("status").toString(), QStringLiteral("contained"));
        QVERIFY(!a.json().value("new_signing_key").toString().isEmpty());
        QCOMPARE(probe(f, leakedSession), 401);
        HttpAnswer refused;
        QCOMPARE(probe(f, otherSession, &refused), 401);
        QCOMPARE(refused.errorCode(), QStringLiteral("retired_key"));
        f.clock->advance(1000);
        QCOMPARE(probe(f, openSession(f, other.value("token").toString())), 200); // re-authenticated
        const HttpAnswer state = f.client(QStringLiteral("admin")).get("/api/v1/security/recovery/token-compromise");
        QCOMPARE(state.json().value("reauthenticated").toArray().first().toObject().value("credential").toString(),
                 QStringLiteral("backup-bot"));
        const HttpAnswer timeline = f.client().get(
            QStringLiteral("/api/v1/security/incidents/%1/timeline").arg(incident.json().value("id").toInt()));
        QVERIFY2(timeline.body.contains("Token-compromise recovery: contained"), timeline.body.left(400).constData());
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("no token") << "none" << 401 << "missing_token";
        QTest::newRow("unknown key") << "unknown" << 401 << "invalid_token";
        QTest::newRow("expired key") << "expired" << 401 << "expired_token";
        QTest::newRow("revoked key") << "revoked" << 401 << "revoked_token";
        QTest::newRow("session of a revoked key") << "revoked-session" << 401 << "revoked_token";
        QTest::newRow("session signed by a retired key") << "retired" << 401 << "retired_key";
        QTest::newRow("tampered session token") << "tampered" << 401 << "invalid_token";
        QTest::newRow("expired session") << "expired-session" << 401 << "session_expired";
        QTest::newRow("session before forced re-authentication") << "reauth" << 401 << "reauthentication_required";
        QTest::newRow("viewer creates a credential") << "viewer-create" << 403 << "forbidden";
        QTest::newRow("responder revokes") << "responder-revoke" << 403 << "forbidden";
        QTest::newRow("automation runs recovery") << "automation-recover" << 403 << "forbidden";
        QTest::newRow("viewer reads the audit log") << "viewer-audit" << 403 << "forbidden";
        QTest::newRow("revoke without reason") << "no-reason" << 422 << "validation_failed";
        QTest::newRow("revoke with unknown policy") << "bad-policy" << 422 << "validation_failed";
        QTest::newRow("revoke unknown credential") << "unknown-credential" << 404 << "not_found";
        QTest::newRow("recovery without credentials") << "empty-recovery" << 422 << "validation_failed";
        QTest::newRow("recovery with ids of the wrong type") << "string-ids" << 422 << "validation_failed";
        QTest::newRow("credential with unknown role") << "bad-role" << 422 << "validation_failed";
        QTest::newRow("credential expiring in the past") << "past-expiry" << 422 << "validation_failed";
        QTest::newRow("audit cursor not ours") << "bad-cursor" << 400 << "invalid_parameter";
    }
    void refusals()
    {
        QFETCH(QString, kind);
        QFETCH(int, status);
        QFETCH(QString, code);
        ApiFixture f;
        const QJsonObject key = createKey(f, QStringLiteral("bot"));
        const QString token = key.value("token").toString();
        const int id = key.value("id").toInt();
        TestHttp admin = f.client(QStringLiteral("admin"));
        HttpAnswer a;
        if (kind == QLatin1String("none"))
            a = TestHttp(f.url).get("/api/v1/security/incidents");
        else if (kind == QLatin1String("unknown"))
            probe(f, QStringLiteral("wpt_") + QString(43, QLatin1Char('A')), &a);
        else if (kind == QLatin1String("expired")) {
            const HttpAnswer c = admin.post("/api/v1/security/credentials",
                                            {{"name", "short"},
                                             {"role", "viewer"},
                                             {"expires_at", f.clock->now().addSecs(60).toString(Qt::ISODate)}});
            f.clock->advance(61'000);
            probe(f, c.json().value("token").toString(), &a);
        } else if (kind == QLatin1String("revoked") || kind == QLatin1String("revoked-session")) {
            const QString session = openSession(f, token);
            admin.post(QStringLiteral("/api/v1/security/credentials/%1/revoke").arg(id), {{"reason", "x"}});
            probe(f, kind == QLatin1String("revoked") ? token : session, &a);
        } else if (kind == QLatin1String("retired")) {
            const QString session = openSession(f, token);
            const QJsonObject other = createKey(f, QStringLiteral("other"));
            admin.post(
                "/api/v1/security/recovery/token-compromise",
                {{"credential_ids", QJsonArray{other.value("id")}}, {"rotate_signing_key", true}, {"reason", "x"}});
            f.clock->advance(1);
            probe(f, session, &a);
        } else if (kind == QLatin1String("tampered")) {
            QString session = openSession(f, token);
            session[12] = session[12] == QLatin1Char('x') ? QLatin1Char('y') : QLatin1Char('x');
            probe(f, session, &a);
        } else if (kind == QLatin1String("expired-session")) {
            const QString session = openSession(f, token);
            f.clock->advance(3600 * 1000);
            probe(f, session, &a);
        } else if (kind == QLatin1String("reauth")) {
            const QString session = openSession(f, token);
            const QJsonObject other = createKey(f, QStringLiteral("other"));
            f.clock->advance(10);
            admin.post("/api/v1/security/recovery/token-compromise",
                       {{"credential_ids", QJsonArray{other.value("id")}}, {"reason", "x"}});
            probe(f, session, &a);
        } else if (kind == QLatin1String("viewer-create"))
            a = f.client(QStringLiteral("viewer"))
                    .post("/api/v1/security/credentials", {{"name", "x"}, {"role", "admin"}});
        else if (kind == QLatin1String("responder-revoke"))
            a = f.client(QStringLiteral("responder"))
                    .post(QStringLiteral("/api/v1/security/credentials/%1/revoke").arg(id), {{"reason", "x"}});
        else if (kind == QLatin1String("automation-recover"))
            a = f.client(QStringLiteral("automation"))
                    .post("/api/v1/security/recovery/token-compromise",
                          {{"credential_ids", QJsonArray{id}}, {"reason", "x"}});
        else if (kind == QLatin1String("viewer-audit"))
            a = f.client(QStringLiteral("viewer")).get("/api/v1/security/audit");
        else if (kind == QLatin1String("no-reason"))
            a = admin.post(QStringLiteral("/api/v1/security/credentials/%1/revoke").arg(id),
                           {{"sessions", "immediate"}});
        else if (kind == QLatin1String("bad-policy"))
            a = admin.post(QStringLiteral("/api/v1/security/credentials/%1/revoke").arg(id),
                           {{"reason", "x"}, {"sessions", "later"}});
        else if (kind == QLatin1String("unknown-credential"))
            a = admin.post("/api/v1/security/credentials/999/revoke", {{"reason", "x"}});
        else if (kind == QLatin1String("empty-recovery"))
            a = admin.post("/api/v1/security/recovery/token-compromise", {{"reason", "x"}});
        else if (kind == QLatin1String("string-ids"))
            a = admin.post("/api/v1/security/recovery/token-compromise",
                           {{"credential_ids", QJsonArray{"one"}}, {"reason", "x"}});
        else if (kind == QLatin1String("bad-role"))
            a = admin.post("/api/v1/security/credentials", {{"name", "x"}, {"role", "root"}});
        else if (kind == QLatin1String("past-expiry"))
            a = admin.post(
                "/api/v1/security/credentials",
                {{"name", "x"}, {"role", "viewer"}, {"expires_at", f.clock->now().addSecs(-5).toString(Qt::ISODate)}});
        else if (kind == QLatin1String("bad-cursor"))
            a = admin.get("/api/v1/security/audit?cursor=bm90LW91cnM");
        QCOMPARE(a.status, status);
        QCOMPARE(a.errorCode(), code);
        if (status == 401 && kind != QLatin1String("none"))
            QVERIFY2(a.wwwAuthenticate.startsWith("Bearer error=\"invalid_token\""), a.wwwAuthenticate.constData());
        if (status >= 403) // a refused change leaves the key working
            QCOMPARE(probe(f, token), 200);
    }

    void auditListIsPaginatedWithTotal()
    {
        ApiFixture f;
        for (int i = 0; i < 7; ++i)
            createKey(f, QStringLiteral("bot-%1").arg(i));
        TestHttp admin = f.client(QStringLiteral("admin"));
        const HttpAnswer first = admin.get("/api/v1/security/audit?action=credential_created&limit=5");
        QCOMPARE(first.json().value("total").toInt(), 7);
        QCOMPARE(first.json().value("records").toArray().size(), 5);
        const QString cursor = first.json().value("next_cursor").toString();
        QVERIFY(!cursor.isEmpty());
        const HttpAnswer second =
            admin.get(QStringLiteral("/api/v1/security/audit?action=credential_created&limit=5&cursor=%1").arg(cursor));
        QCOMPARE(second.json().value("records").toArray().size(), 2);
        QVERIFY(second.json().value("next_cursor").isNull());
    }
};

QTEST_GUILESS_MAIN(TestSecurityApi)
#include "TestSecurityApi.moc"
