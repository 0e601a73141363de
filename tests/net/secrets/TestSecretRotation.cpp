// Secret rotation runbooks over the REST API against a fake GitHub (a real HTTP server on loopback that records
// the calls and sends the ping back signed with what it was given): completed, and incomplete with the old version
// kept current when set or test fails; the session signing key; a generic secret with a health check.
#include "models/secrets/ManagedSecretService.h"
#include "models/secrets/SecretRotation.h"
#include "models/webhooks/WebhookHookService.h"
#include "models/webhooks/WebhookSignature.h"
#include "tests/support/net/ApiFixture.h"
#include "tests/support/net/FakeGitHub.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QTest>

using namespace watchpost;

namespace {
const QByteArray kOldSecret("the-old-webhook-secret");

// A listener whose webhook secrets live in the fixture's secrets/ directory, hook 'default' on kOldSecret.
void withHookSecret(ApiFixture& f)
{
    f.webhooks.secretStore = f.secrets.get();
    auto set = WebhookHookService(f.store, f.clock, *f.secrets, f.webhooks.secrets)
                   .setSecret(QStringLiteral("default"), kOldSecret);
    if (!set)
        qFatal("%s", qPrintable(set.error().message));
}

HttpAnswer deliver(ApiFixture& f, const QByteArray& secret, const QByteArray& id)
{
    const QByteArray body = "{\"zen\":\"probe\",\"id\":\"" + id + "\"}";
    return TestHttp(f.url).send("POST", "/api/github/webhooks", body, "application/json", QString(),
                                {{"X-GitHub-Event", "ping"},
                                 {"X-GitHub-Delivery", id},
                                 {"X-Hub-Signature-256", WebhookSignature::sign(body, secret)}});
}

HttpAnswer createGitHubSecret(ApiFixture& f, FakeGitHub& github, int pingTimeout = 5)
{
    return f.client(QStringLiteral("admin"))
        .post("/api/v1/security/secrets", {{"name", "github-hook"},
                                           {"kind", "github_webhook"},
                                           {"hook", "default"},
                                           {"repository", "acme/app"},
                                           {"github_hook_id", 42},
                                           {"api_base_url", github.url()},
                                           {"api_token", "ghp_fake_token"},
                                           {"ping_timeout_s", pingTimeout}});
}

QStringList stepStatuses(const QJsonObject& rotation)
{
    QStringList out;
    for (const auto& s : rotation.value("steps").toArray())
        out << s.toObject().value("name").toString() + QLatin1Char('=') + s.toObject().value("status").toString();
    return out;
}
} // namespace

class TestSecretRotation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void githubWebhookSecretRotates()
    {
        ApiFixture f({}, withHookSecret);
        FakeGitHub github;
        github.receiverUrl = f.url + QStringLiteral("/api/github/webhooks");
        const HttpAnswer created = createGitHubSecret(f, github);
        QVERIFY2(created.status == 201, created.body.constData());
        QCOMPARE(deliver(f, kOldSecret, "before").status, 202);
        github.alsoSignWith =
            kOldSecret; // while the ping is awaited, a delivery signed with the old secret arrives too

        const HttpAnswer a =
            f.client(QStringLiteral("admin")).post("/api/v1/security/secrets/github-hook/rotations", {});
        QVERIFY2(a.status == 201, a.body.constData());
        const QJsonObject rotation = a.json();
        QCOMPARE(rotation.value("status").toString(), QStringLiteral("completed"));
        QCOMPARE(stepStatuses(rotation),
                 (QStringList{"create=succeeded", "set=succeeded", "test=succeeded", "finish=succeeded"}));
        QVERIFY(rotation.value("steps").toArray().at(2).toObject().value("detail").toString().contains(
            QStringLiteral("verified with the new secret")));
        QCOMPARE(rotation.value("actor").toString(), QStringLiteral("admin-token"));

        // What GitHub was asked: the config PATCH with the token, then the ping.
        QCOMPARE(github.calls.size(), 2);
        QCOMPARE(github.calls[0].method, QByteArray("PATCH"));
        QCOMPARE(github.calls[0].path, QStringLiteral("/repos/acme/app/hooks/42/config"));
        QCOMPARE(github.calls[0].authorization, QByteArray("Bearer ghp_fake_token"));
        QCOMPARE(github.calls[0].body.value("content_type").toString(), QStringLiteral("json"));
        QCOMPARE(github.calls[1].path, QStringLiteral("/repos/acme/app/hooks/42/pings"));
        QCOMPARE(github.secret.size(), 64);
        QVERIFY(github.secret != kOldSecret);

        // During the wait both secrets were accepted; only the new one could pass the test step.
        QTRY_COMPARE(github.deliveryStatuses.size(), 2);
        QCOMPARE(github.deliveryStatuses, (QList<int>{202, 202}));
        QSqlQuery during(f.store->connection());
        QVERIFY(during.exec(QStringLiteral(
            "SELECT verified_with FROM webhook_deliveries WHERE delivery_id LIKE 'fake-ping-%' ORDER BY id")));
        QStringList verifiedWith;
        while (during.next())
            verifiedWith << during.value(0).toString();
        QCOMPARE(verifiedWith, (QStringList{"previous", "current"}));
        // The old secret is revoked at once (no grace asked); the new one verifies.
        QCOMPARE(deliver(f, kOldSecret, "after-old").status, 401);
        const HttpAnswer fresh = deliver(f, github.secret, "after-new");
        QCOMPARE(fresh.status, 202);
        QCOMPARE(fresh.json().value("verified_with").toString(), QStringLiteral("current"));
        // The token never reaches the store.
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT config FROM managed_secrets")) && q.next());
        QVERIFY(!q.value(0).toString().contains(QStringLiteral("ghp_fake_token")));

        const HttpAnswer history =
            f.client(QStringLiteral("admin")).get("/api/v1/security/secrets/github-hook/rotations");
        QCOMPARE(history.json().value("total").toInt(), 1);
        const HttpAnswer listed = f.client(QStringLiteral("admin")).get("/api/v1/security/secrets");
        const QJsonObject secret = listed.json().value("secrets").toArray().first().toObject();
        QCOMPARE(secret.value("versions").toArray().first().toObject().value("stage").toString(),
                 QStringLiteral("current"));
        QCOMPARE(secret.value("last_rotation").toObject().value("status").toString(), QStringLiteral("completed"));
        QVERIFY(!listed.body.contains(github.secret));

        const HttpAnswer audit =
            f.client(QStringLiteral("admin")).get("/api/v1/security/audit?target=secret:github-hook");
        QStringList actions;
        for (const auto& r : audit.json().value("records").toArray())
            actions << r.toObject().value("action").toString();
        for (const char* expected : {"secret_version_created", "rotation_step_set", "rotation_step_test",
                                     "secret_version_activated", "secret_rotated"})
            QVERIFY2(actions.contains(QLatin1String(expected)), expected);
    }

    void aGraceWindowKeepsTheOldSecretValid()
    {
        ApiFixture f({}, withHookSecret);
        FakeGitHub github;
        github.receiverUrl = f.url + QStringLiteral("/api/github/webhooks");
        createGitHubSecret(f, github);
        const HttpAnswer a = f.client(QStringLiteral("admin"))
                                 .post("/api/v1/security/secrets/github-hook/rotations", {{"grace_seconds", 600}});
        QCOMPARE(a.json().value("status").toString(), QStringLiteral("completed"));
        const HttpAnswer old = deliver(f, kOldSecret, "old-in-grace");
        QCOMPARE(old.status, 202);
        QCOMPARE(old.json().value("verified_with").toString(), QStringLiteral("previous"));
        f.clock->advance(601'000);
        QCOMPARE(deliver(f, kOldSecret, "old-after-grace").status, 401);
    }

    void aPingThatNeverComesLeavesTheOldSecretCurrent()
    {
        ApiFixture f({}, withHookSecret);
        FakeGitHub github;
        github.receiverUrl = f.url + QStringLiteral("/api/github/webhooks");
        github.deliverPings = false;
        createGitHubSecret(f, github, 1);
        const HttpAnswer a =
            f.client(QStringLiteral("admin")).post("/api/v1/security/secrets/github-hook/rotations", {});
        QCOMPARE(a.status, 201);
        const QJsonObject rotation = a.json();
        QCOMPARE(rotation.value("status").toString(), QStringLiteral("incomplete"));
        QCOMPARE(stepStatuses(rotation), (QStringList{"create=succeeded", "set=succeeded", "test=failed"}));
        const QString remediation = rotation.value("remediation").toVariant().toStringList().join('\n');
        QVERIFY2(remediation.contains(QStringLiteral("Roll back GitHub")) &&
                     remediation.contains(QStringLiteral("/repos/acme/app/hooks/42/config")),
                 qPrintable(remediation));
        // The old version stays current: the old secret verifies, the abandoned new one does not.
        QCOMPARE(deliver(f, kOldSecret, "old").status, 202);
        QCOMPARE(deliver(f, github.secret, "new").status, 401);
        const HttpAnswer listed = f.client(QStringLiteral("admin")).get("/api/v1/security/secrets");
        QCOMPARE(listed.json()
                     .value("secrets")
                     .toArray()
                     .first()
                     .toObject()
                     .value("versions")
                     .toArray()
                     .first()
                     .toObject()
                     .value("stage")
                     .toString(),
                 QStringLiteral("abandoned"));
        // The listed rollback, as an action: GitHub gets the old secret back.
        QCOMPARE(f.client(QStringLiteral("admin")).post("/api/v1/security/secrets/github-hook/rollback", {}).status,
                 422);
        const HttpAnswer rolled =
            f.client(QStringLiteral("admin"))
                .post("/api/v1/security/secrets/github-hook/rollback", {{"reason", "ping never came"}});
        QVERIFY2(rolled.status == 200, rolled.body.constData());
        QCOMPARE(rolled.json().value("status").toString(), QStringLiteral("rolled_back"));
        QCOMPARE(github.secret, kOldSecret);
        QCOMPARE(github.calls.last().method, QByteArray("PATCH"));
    }

    void githubRefusingTheConfigChangeIsIncompleteAtSet()
    {
        ApiFixture f({}, withHookSecret);
        FakeGitHub github;
        github.patchStatus = 404;
        createGitHubSecret(f, github);
        const QJsonObject rotation =
            f.client(QStringLiteral("admin")).post("/api/v1/security/secrets/github-hook/rotations", {}).json();
        QCOMPARE(rotation.value("status").toString(), QStringLiteral("incomplete"));
        QCOMPARE(stepStatuses(rotation), (QStringList{"create=succeeded", "set=failed"}));
        QVERIFY(rotation.value("steps").toArray().at(1).toObject().value("detail").toString().contains(
            QStringLiteral("HTTP 404")));
        QVERIFY(rotation.value("remediation")
                    .toVariant()
                    .toStringList()
                    .join(' ')
                    .contains(QStringLiteral("was not changed")));
        QCOMPARE(deliver(f, kOldSecret, "old").status, 202);
    }

    void signingKeyRotates()
    {
        ApiFixture f;
        TestHttp admin = f.client(QStringLiteral("admin"));
        const HttpAnswer key = admin.post("/api/v1/security/credentials", {{"name", "bot"}, {"role", "automation"}});
        const QString apiKey = key.json().value("token").toString();
        const QString before = TestHttp(f.url)
                                   .send("POST", "/api/v1/auth/sessions", {}, {}, apiKey)
                                   .json()
                                   .value("session_token")
                                   .toString();
        const HttpAnswer created =
            admin.post("/api/v1/security/secrets", {{"name", "session-signing"}, {"kind", "signing_key"}});
        QCOMPARE(created.status, 201);
        // The key already in use is version 1.
        QCOMPARE(created.json().value("versions").toArray().first().toObject().value("stage").toString(),
                 QStringLiteral("current"));
        const HttpAnswer a = admin.post("/api/v1/security/secrets/session-signing/rotations", {});
        QCOMPARE(a.json().value("from_version").toInt(), 1);
        QCOMPARE(a.json().value("to_version").toInt(), 2);
        QCOMPARE(admin.get("/api/v1/security/audit?action=key_rotated").json().value("total").toInt(), 1);
        QCOMPARE(a.json().value("status").toString(), QStringLiteral("completed"));
        QVERIFY(a.json().value("steps").toArray().at(2).toObject().value("detail").toString().contains(
            QStringLiteral("probe token")));
        HttpAnswer probe = TestHttp(f.url).send("GET", "/api/v1/security/incidents", {}, {}, before);
        QCOMPARE(probe.status, 401);
        QCOMPARE(probe.errorCode(), QStringLiteral("retired_key"));
        const QString after = TestHttp(f.url)
                                  .send("POST", "/api/v1/auth/sessions", {}, {}, apiKey)
                                  .json()
                                  .value("session_token")
                                  .toString();
        QCOMPARE(TestHttp(f.url).send("GET", "/api/v1/security/incidents", {}, {}, after).status, 200);
        QCOMPARE(admin.post("/api/v1/security/secrets", {{"name", "second"}, {"kind", "signing_key"}}).status, 422);
    }

    void genericSecretIsTestedAgainstItsHealthCheck()
    {
        ApiFixture f;
        FakeGitHub service;
        TestHttp admin = f.client(QStringLiteral("admin"));
        QCOMPARE(
            admin
                .post("/api/v1/security/secrets",
                      {{"name", "billing-api"}, {"kind", "generic"}, {"health_check_url", service.url() + "/health"}})
                .status,
            201);
        service.healthAccepts = "entered-value-0123456789";
        HttpAnswer a =
            admin.post("/api/v1/security/secrets/billing-api/rotations", {{"value", "entered-value-0123456789"}});
        QVERIFY2(a.json().value("status").toString() == QStringLiteral("completed"), a.body.constData());
        QCOMPARE(service.calls.last().authorization, QByteArray("Bearer entered-value-0123456789"));
        // The service refuses the next value: incomplete, version 1 stays current.
        service.healthAccepts = "something-else-entirely";
        a = admin.post("/api/v1/security/secrets/billing-api/rotations", {});
        QCOMPARE(a.json().value("status").toString(), QStringLiteral("incomplete"));
        QVERIFY(a.json().value("steps").toArray().at(2).toObject().value("detail").toString().contains(
            QStringLiteral("HTTP 401")));
        const QJsonArray versions = admin.get("/api/v1/security/secrets")
                                        .json()
                                        .value("secrets")
                                        .toArray()
                                        .first()
                                        .toObject()
                                        .value("versions")
                                        .toArray();
        QCOMPARE(versions.at(0).toObject().value("stage").toString(), QStringLiteral("abandoned"));
        QCOMPARE(versions.at(1).toObject().value("stage").toString(), QStringLiteral("current"));
        const HttpAnswer nothing = admin.post("/api/v1/security/secrets/billing-api/rollback", {{"reason", "x"}});
        QCOMPARE(nothing.status, 502);
        QVERIFY(nothing.json().value("detail").toString().contains(QStringLiteral("nothing outside Watchpost")));
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("field");
        QTest::newRow("unknown kind") << QByteArray("/api/v1/security/secrets")
                                      << QJsonObject{{"name", "x"}, {"kind", "ssh"}} << 422 << "kind";
        QTest::newRow("bad name") << QByteArray("/api/v1/security/secrets")
                                  << QJsonObject{{"name", "Has Spaces"}, {"kind", "signing_key"}} << 422 << "name";
        QTest::newRow("generic without url")
            << QByteArray("/api/v1/security/secrets") << QJsonObject{{"name", "x"}, {"kind", "generic"}} << 422
            << "health_check_url";
        QTest::newRow("generic with ftp url")
            << QByteArray("/api/v1/security/secrets")
            << QJsonObject{{"name", "x"}, {"kind", "generic"}, {"health_check_url", "ftp://h/x"}} << 422
            << "health_check_url";
        QTest::newRow("github without token")
            << QByteArray("/api/v1/security/secrets")
            << QJsonObject{{"name", "x"}, {"kind", "github_webhook"}, {"repository", "a/b"}, {"github_hook_id", 1}}
            << 422 << "api_token";
        QTest::newRow("github with both owners")
            << QByteArray("/api/v1/security/secrets")
            << QJsonObject{{"name", "x"},         {"kind", "github_webhook"}, {"repository", "a/b"},
                           {"organization", "a"}, {"github_hook_id", 1},      {"api_token", "t"}}
            << 422 << "repository";
        QTest::newRow("rotate unknown secret")
            << QByteArray("/api/v1/security/secrets/nope/rotations") << QJsonObject{} << 404 << "";
        QTest::newRow("negative grace") << QByteArray("/api/v1/security/secrets/known/rotations")
                                        << QJsonObject{{"grace_seconds", -1}} << 422 << "grace_seconds";
        QTest::newRow("grace over 7 days") << QByteArray("/api/v1/security/secrets/known/rotations")
                                           << QJsonObject{{"grace_seconds", 604801}} << 422 << "grace_seconds";
        QTest::newRow("short entered value")
            << QByteArray("/api/v1/security/secrets/known/rotations") << QJsonObject{{"value", "short"}} << 201 << "";
    }
    void refusals()
    {
        QFETCH(QByteArray, path);
        QFETCH(QJsonObject, body);
        QFETCH(int, status);
        QFETCH(QString, field);
        ApiFixture f;
        FakeGitHub service;
        TestHttp admin = f.client(QStringLiteral("admin"));
        QCOMPARE(admin
                     .post("/api/v1/security/secrets",
                           {{"name", "known"}, {"kind", "generic"}, {"health_check_url", service.url() + "/health"}})
                     .status,
                 201);
        const HttpAnswer a = admin.post(QString::fromLatin1(path), body);
        QCOMPARE(a.status, status);
        if (!field.isEmpty())
            QVERIFY2(a.errorFields().contains(field), a.body.constData());
        if (status == 201) // an entered value that is too short fails the create step: nothing changes
            QCOMPARE(a.json().value("status").toString(), QStringLiteral("incomplete"));
        QCOMPARE(f.client(QStringLiteral("responder")).get("/api/v1/security/secrets").status, 403);
    }

    void aSecondRotationWaitsForTheFirst()
    {
        StoreFixture f;
        auto audit = std::make_shared<AuditLog>(f.store, f.clock);
        ManagedSecretService secrets(f.store, f.clock, nullptr, audit);
        QVERIFY(secrets.create(QStringLiteral("signing"), QStringLiteral("signing_key"), {}, {}, QStringLiteral("lead"))
                    .ok());
        QVERIFY(SecretRotation::canStart(secrets, QStringLiteral("signing")).ok());
        QVERIFY(secrets.addPending(QStringLiteral("signing"), {}, QStringLiteral("k1"), QStringLiteral("lead")).ok());
        const auto busy = SecretRotation::canStart(secrets, QStringLiteral("signing"));
        QCOMPARE(busy.error().kind, Error::Kind::WrongState);
        QCOMPARE(SecretRotation::canStart(secrets, QStringLiteral("nope")).error().kind, Error::Kind::NotFound);
    }

    void anOrganizationHookIsPatchedUnderOrgs()
    {
        ApiFixture f({}, withHookSecret);
        FakeGitHub github;
        github.receiverUrl = f.url + QStringLiteral("/api/github/webhooks");
        TestHttp admin = f.client(QStringLiteral("admin"));
        QCOMPARE(admin
                     .post("/api/v1/security/secrets", {{"name", "org-hook"},
                                                        {"kind", "github_webhook"},
                                                        {"organization", "acme"},
                                                        {"github_hook_id", 7},
                                                        {"api_base_url", github.url() + "/api/v3/"},
                                                        {"api_token", "ghp_org"},
                                                        {"ping_timeout_s", 5}})
                     .status,
                 201);
        const HttpAnswer a = admin.post("/api/v1/security/secrets/org-hook/rotations", {});
        QCOMPARE(a.json().value("status").toString(), QStringLiteral("completed"));
        QCOMPARE(github.calls[0].path, QStringLiteral("/api/v3/orgs/acme/hooks/7/config")); // GitHub Enterprise base
        QCOMPARE(github.calls[1].path, QStringLiteral("/api/v3/orgs/acme/hooks/7/pings"));
    }

    // No base URL or token of its own: the rotation talks to GitHub through the GitHub connection's (the one place
    // for them); a secret's own fields stay overrides.
    void aHookWithoutItsOwnTokenUsesTheGitHubConnection()
    {
        ApiFixture f({}, withHookSecret);
        FakeGitHub github;
        github.receiverUrl = f.url + QStringLiteral("/api/github/webhooks");
        TestHttp admin = f.client(QStringLiteral("admin"));
        const QJsonObject hook{{"name", "shared-hook"},
                               {"kind", "github_webhook"},
                               {"repository", "acme/app"},
                               {"github_hook_id", 42},
                               {"ping_timeout_s", 5}};
        const HttpAnswer refused = admin.post("/api/v1/security/secrets", hook);
        QCOMPARE(refused.status, 422); // no token anywhere yet
        QVERIFY(refused.errorFields().contains("api_token"));
        QCOMPARE(
            admin
                .send("PUT", "/api/v1/security/github-connection",
                      QJsonDocument(QJsonObject{{"api_base_url", github.url()}, {"token", "ghp_connection"}}).toJson())
                .status,
            200);
        QCOMPARE(admin.post("/api/v1/security/secrets", hook).status, 201);
        const HttpAnswer a = admin.post("/api/v1/security/secrets/shared-hook/rotations", {});
        QCOMPARE(a.json().value("status").toString(), QStringLiteral("completed"));
        QCOMPARE(github.calls[0].path, QStringLiteral("/repos/acme/app/hooks/42/config"));
        QCOMPARE(github.calls[0].authorization, QByteArray("Bearer ghp_connection"));
    }
};

QTEST_GUILESS_MAIN(TestSecretRotation)
#include "TestSecretRotation.moc"
