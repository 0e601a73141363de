// Credentials, sessions, revocation, token-compromise recovery, the audit chain and the owner's passphrase,
// over a real SQLite store and a real secrets/ directory.
#include "models/credentials/CredentialService.h"
#include "models/credentials/OwnerAccount.h"
#include "models/credentials/RecoveryService.h"
#include "models/secrets/FileSecretStore.h"
#include "models/secrets/ManagedSecretService.h"
#include "tests/support/models/StoreFixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <sys/stat.h>

using namespace watchpost;

namespace {
struct Fixture : StoreFixture
{
    std::shared_ptr<FileSecretStore> secrets =
        std::make_shared<FileSecretStore>(FileSecretStore::besideStore(store->path()));
    std::shared_ptr<AuditLog> audit = std::make_shared<AuditLog>(store, clock);
    CredentialService credentials{store, clock, secrets, audit};
    RecoveryService recovery{credentials, service.get()};

    CreatedToken key(const QString& name, const QString& role = QStringLiteral("automation"))
    {
        auto c = credentials.create(name, role, QString(), std::nullopt, QStringLiteral("lead"));
        if (!c)
            qFatal("cannot create credential: %s", qPrintable(c.error().message));
        return c.value();
    }
    void execRaw(const QString& sql)
    {
        QSqlQuery q(store->connection());
        if (!q.exec(sql))
            qFatal("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    }
};

QString tamper(const QString& token, int index)
{
    QString t = token;
    t[index] = t[index] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
    return t;
}
} // namespace

class TestCredentialService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keysAreShownOnceAndListedWithoutSecrets()
    {
        Fixture f;
        const CreatedToken ci = f.key(QStringLiteral("ci-bot"));
        QVERIFY(ci.token.startsWith(QStringLiteral("wpt_")));
        const auto all = must(f.credentials.list());
        QCOMPARE(all.size(), 1);
        QCOMPARE(all[0].name, QStringLiteral("ci-bot"));
        QCOMPARE(all[0].owner, QStringLiteral("lead"));
        QVERIFY(!all[0].lastUsedAt);
        QVERIFY(f.credentials.authenticate(ci.token).ok());
        QVERIFY(must(f.credentials.list())[0].lastUsedAt);
        QCOMPARE(must(f.audit->count({QStringLiteral("credential:1"), QStringLiteral("credential_first_use")})),
                 qint64(1));
        f.clock->advance(120'000);
        QVERIFY(f.credentials.authenticate(ci.token).ok());
        QCOMPARE(must(f.audit->count({QString(), QStringLiteral("credential_first_use")})),
                 qint64(1)); // first use once
        // Refusals name the field.
        auto bad = f.credentials.create(QString(), QStringLiteral("root"), QString(), f.clock->now().addSecs(-1),
                                        QStringLiteral("lead"));
        QVERIFY(!bad);
        QCOMPARE(bad.error().fields, QStringList{QStringLiteral("expires_at")});
    }

    // A token has one spelling: the signature's last base64url character carries 4 unused bits, and a token
    // whose unused bits are set decodes to the same signature — it is refused, not accepted as the same token.
    void aSessionTokenHasExactlyOneSpelling()
    {
        Fixture f;
        const CreatedToken ci = f.key(QStringLiteral("ci-bot"));
        auto session = f.credentials.openSession(ci.token);
        QVERIFY(session.ok());
        QVERIFY(f.credentials.authenticate(session->token).ok());
        static const QString alphabet =
            QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
        QString other = session->token;
        const qsizetype last = alphabet.indexOf(other.back());
        QVERIFY(last >= 0);
        QCOMPARE(last & 0x0F, 0); // canonical: the unused bits are zero
        other.back() = alphabet.at(last | 0x01);
        QCOMPARE(QByteArray::fromBase64(other.section(QLatin1Char('.'), 1).toLatin1(), QByteArray::Base64UrlEncoding),
                 QByteArray::fromBase64(session->token.section(QLatin1Char('.'), 1).toLatin1(),
                                        QByteArray::Base64UrlEncoding)); // the same signature bytes
        const auto refused = f.credentials.authenticate(other);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("invalid_token"));
    }

    // A store that refuses the new signing key leaves nothing behind: no private key in secrets/ for a key the
    // store never recorded, however often a client retries.
    void aRefusedSigningKeyLeavesNoPrivateKeyBehind()
    {
        Fixture f;
        const CreatedToken ci = f.key(QStringLiteral("ci-bot"));
        f.execRaw(QStringLiteral("CREATE TRIGGER refuse_keys BEFORE INSERT ON signing_keys BEGIN "
                                 "SELECT RAISE(ABORT, 'the store is read-only'); END"));
        const auto filesIn = [&f] {
            return QDir(f.secrets->directory()).entryList(QDir::Files | QDir::NoDotAndDotDot).size();
        };
        const qsizetype before = filesIn();
        for (int attempt = 0; attempt < 3; ++attempt) {
            auto session = f.credentials.openSession(ci.token);
            QVERIFY(!session.ok());
            QVERIFY2(session.error().message.contains(QStringLiteral("read-only")),
                     qPrintable(session.error().message));
        }
        QCOMPARE(filesIn(), before);
    }

    void sessionsAreSignedAndRefusedForEveryReason()
    {
        Fixture f;
        const CreatedToken ci = f.key(QStringLiteral("ci-bot"));
        auto session = f.credentials.openSession(ci.token);
        QVERIFY2(session.ok(), qPrintable(session.error().message));
        QVERIFY(session->token.startsWith(QStringLiteral("wps_")));
        QCOMPARE(session->expiresAt, f.clock->now().addSecs(3600));
        auto who = f.credentials.authenticate(session->token);
        QVERIFY2(who.ok(), qPrintable(who.error().message));
        QCOMPARE(who->name, QStringLiteral("ci-bot"));
        QCOMPARE(who->sessionId, session->id);
        // the private key lives in secrets/, 0700 / 0600, never in the store
        struct stat st;
        QVERIFY(::stat(QFile::encodeName(f.secrets->directory()).constData(), &st) == 0);
        QCOMPARE(int(st.st_mode & 0777), 0700);
        QVERIFY(f.secrets->checkPermissions().ok());

        QCOMPARE(f.credentials.openSession(session->token).error().code, QStringLiteral("api_key_required"));
        // tampered: a changed payload byte, a changed signature byte
        QCOMPARE(f.credentials.authenticate(tamper(session->token, 10)).error().code, QStringLiteral("invalid_token"));
        QCOMPARE(f.credentials.authenticate(tamper(session->token, int(session->token.size()) - 5)).error().code,
                 QStringLiteral("invalid_token"));
        QCOMPARE(f.credentials.authenticate(QStringLiteral("wps_garbage")).error().code,
                 QStringLiteral("invalid_token"));
        // expired
        f.clock->advance(3600 * 1000);
        QCOMPARE(f.credentials.authenticate(session->token).error().code, QStringLiteral("session_expired"));
    }

    void revokeImmediateCutsKeyAndSessions()
    {
        Fixture f;
        const CreatedToken ci = f.key(QStringLiteral("ci-bot"));
        const CreatedToken other = f.key(QStringLiteral("support"));
        auto s1 = f.credentials.openSession(ci.token);
        auto s2 = f.credentials.openSession(ci.token);
        auto s3 = f.credentials.openSession(other.token);
        f.clock->advance(1000);
        auto report = f.credentials.revoke({ci.id}, QStringLiteral("leaked in a CI log"), SessionPolicy::Immediate,
                                           QStringLiteral("lead"));
        QVERIFY(report.ok());
        QVERIFY(report->complete());
        QCOMPARE(report->revoked, QList<qint64>{ci.id});
        QCOMPARE(report->sessionsInvalidated.size(), 2);
        QCOMPARE(report->sessionsInvalidated[0].second, f.clock->now());
        QVERIFY(report->complete()); // the API writes this as containment: complete (TestSecurityApi)
        QCOMPARE(f.credentials.authenticate(ci.token).error().code, QStringLiteral("revoked_token"));
        QCOMPARE(f.credentials.authenticate(s1->token).error().code, QStringLiteral("revoked_token"));
        QCOMPARE(f.credentials.authenticate(s2->token).error().code, QStringLiteral("revoked_token"));
        QVERIFY(f.credentials.authenticate(s3->token).ok()); // another credential's session is untouched
        QCOMPARE(must(f.audit->count({QString(), QStringLiteral("session_invalidated")})), qint64(2));
        QCOMPARE(
            must(f.audit->count({QStringLiteral("credential:%1").arg(ci.id), QStringLiteral("credential_revoked")})),
            qint64(1));
    }

    void revokeAtExpiryLetsSessionsRunOut()
    {
        Fixture f;
        const CreatedToken ci = f.key(QStringLiteral("ci-bot"));
        auto s1 = f.credentials.openSession(ci.token);
        auto report = f.credentials.revoke({ci.id}, QStringLiteral("rotating people"), SessionPolicy::AtExpiry,
                                           QStringLiteral("lead"));
        QVERIFY(report.ok() && report->complete());
        QCOMPARE(report->sessionsRunningOut.size(), 1);
        QCOMPARE(f.credentials.authenticate(ci.token).error().code, QStringLiteral("revoked_token"));
        QVERIFY(f.credentials.authenticate(s1->token).ok());
        QVERIFY(!f.credentials.openSession(ci.token)); // no new sessions
        f.clock->advance(3600 * 1000);
        QCOMPARE(f.credentials.authenticate(s1->token).error().code, QStringLiteral("session_expired"));
    }

    void revokeRefusals_data()
    {
        QTest::addColumn<QList<qint64>>("ids");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("field");
        QTest::newRow("no reason") << QList<qint64>{1} << QString() << QStringLiteral("reason");
        QTest::newRow("no ids") << QList<qint64>{} << QStringLiteral("x") << QStringLiteral("credential_ids");
        QTest::newRow("unknown id") << QList<qint64>{1, 99} << QStringLiteral("x") << QStringLiteral("credential_ids");
    }
    void revokeRefusals()
    {
        QFETCH(QList<qint64>, ids);
        QFETCH(QString, reason);
        QFETCH(QString, field);
        Fixture f;
        const CreatedToken ci = f.key(QStringLiteral("ci-bot"));
        auto report = f.credentials.revoke(ids, reason, SessionPolicy::Immediate, QStringLiteral("lead"));
        QVERIFY(!report);
        QVERIFY(report.error().fields.contains(field));
        QVERIFY(f.credentials.authenticate(ci.token).ok()); // nothing changed
    }

    void aFailedInvalidationReportsIncompleteContainment()
    {
        Fixture f;
        const CreatedToken ci = f.key(QStringLiteral("ci-bot"));
        auto s1 = f.credentials.openSession(ci.token);
        f.execRaw(QStringLiteral("CREATE TRIGGER refuse_session_writes BEFORE UPDATE ON sessions BEGIN "
                                 "SELECT RAISE(ABORT, 'disk quota exceeded'); END"));
        auto report =
            f.credentials.revoke({ci.id}, QStringLiteral("leaked"), SessionPolicy::Immediate, QStringLiteral("lead"));
        QVERIFY(report.ok());
        QVERIFY(!report->complete());
        QVERIFY(!report->complete()); // containment: incomplete
        QCOMPARE(report->revoked, QList<qint64>{ci.id});
        QCOMPARE(report->failures.size(), 1);
        QVERIFY(report->failures[0].contains(QStringLiteral("disk quota exceeded")));
        QVERIFY(report->manualSteps[0].contains(QStringLiteral("Rotate the session signing key")));
        // Fail closed anyway: the credential's revocation cuts the session on the next request.
        QCOMPARE(f.credentials.authenticate(s1->token).error().code, QStringLiteral("revoked_token"));
        QCOMPARE(must(f.audit->count({QString(), QStringLiteral("session_invalidated")})),
                 qint64(1)); // the failed attempt

        // The credential write itself refused: the key still works and the report says what to do by hand.
        const CreatedToken other = f.key(QStringLiteral("support"));
        f.execRaw(QStringLiteral("CREATE TRIGGER refuse_revocation BEFORE UPDATE OF revoked_at ON api_tokens BEGIN "
                                 "SELECT RAISE(ABORT, 'store is read-only'); END"));
        auto second = f.credentials.revoke({other.id}, QStringLiteral("leaked"), SessionPolicy::Immediate,
                                           QStringLiteral("lead"));
        QVERIFY(second.ok() && !second->complete());
        QVERIFY(second->revoked.isEmpty());
        QVERIFY(second->manualSteps[0].contains(QStringLiteral("still works")));
        QVERIFY(f.credentials.authenticate(other.token).ok());
    }

    void tokenCompromiseRecoveryRotatesKeyAndForcesReauthentication()
    {
        Fixture f;
        auto incident = f.service->report(StoreFixture::sampleReport(), QStringLiteral("lead"));
        QVERIFY(incident.ok());
        const CreatedToken leaked = f.key(QStringLiteral("leaky-bot"));
        const CreatedToken deploy = f.key(QStringLiteral("deploy-bot"));
        auto leakedSession = f.credentials.openSession(leaked.token);
        auto deploySession = f.credentials.openSession(deploy.token);
        const QString oldKey = *must(f.credentials.sessions().currentKeyId());
        f.clock->advance(5000);

        RecoveryRequest request;
        request.credentialIds = {leaked.id};
        request.rotateSigningKey = true;
        request.reason = QStringLiteral("token posted to a public gist");
        request.incidentId = incident->id;
        auto report = f.recovery.tokenCompromise(request, QStringLiteral("lead"));
        QVERIFY(report.ok());
        QCOMPARE(report->status(), QStringLiteral("contained"));
        QVERIFY(!report->newKeyId.isEmpty() && report->newKeyId != oldKey);
        QCOMPARE(report->retiredKeyIds, QStringList{oldKey});
        QCOMPARE(report->revocation.sessionsInvalidated.size(), 1);
        // the old key's tokens are refused: the untouched deploy-bot session was signed by it
        QCOMPARE(f.credentials.authenticate(deploySession->token).error().code, QStringLiteral("retired_key"));
        QCOMPARE(f.credentials.authenticate(leakedSession->token).error().code, QStringLiteral("retired_key"));
        QCOMPARE(f.credentials.authenticate(leaked.token).error().code, QStringLiteral("revoked_token"));
        // deploy-bot re-authenticates with its key and is listed with the time
        f.clock->advance(2000);
        auto fresh = f.credentials.openSession(deploy.token);
        QVERIFY(fresh.ok());
        QCOMPARE(fresh->keyId, report->newKeyId);
        QVERIFY(f.credentials.authenticate(fresh->token).ok());
        const auto back = must(f.recovery.reauthenticatedSinceLatest());
        QCOMPARE(back.size(), 1);
        QCOMPARE(back[0].first, QStringLiteral("deploy-bot"));
        QCOMPARE(back[0].second, f.clock->now());
        // evidence on the incident's timeline
        const auto timeline = must(f.service->timeline().timeline(incident->id, std::nullopt, 100));
        QVERIFY(std::any_of(timeline.cbegin(), timeline.cend(), [&](const TimelineEntry& e) {
            return e.text.contains(QStringLiteral("Session %1 invalidated at").arg(leakedSession->id)) &&
                   e.text.contains(QStringLiteral("Revoked credentials: %1").arg(leaked.id));
        }));
        QCOMPARE(must(f.recovery.latest())->status(), QStringLiteral("contained"));
        QVERIFY(f.audit->verify()->records > 5);
        QVERIFY(!f.audit->verify()->firstBroken);
    }

    void reauthenticationIsForcedWithoutRotation()
    {
        Fixture f;
        const CreatedToken bot = f.key(QStringLiteral("bot"));
        const CreatedToken leaked = f.key(QStringLiteral("leaked"));
        auto s = f.credentials.openSession(bot.token);
        f.clock->advance(1000);
        RecoveryRequest request{{leaked.id}, {}, false, QStringLiteral("key in a screenshot"), std::nullopt};
        auto report = f.recovery.tokenCompromise(request, QStringLiteral("lead"));
        QVERIFY(report.ok() && report->newKeyId.isEmpty());
        QCOMPARE(f.credentials.authenticate(s->token).error().code, QStringLiteral("reauthentication_required"));
        f.clock->advance(1000);
        QVERIFY(f.credentials.authenticate(f.credentials.openSession(bot.token)->token).ok());
    }

    void aLeakedSessionTokenForcesRotationAndAFailureDegrades()
    {
        Fixture f;
        const CreatedToken bot = f.key(QStringLiteral("bot"));
        auto s = f.credentials.openSession(bot.token);
        f.execRaw(QStringLiteral("CREATE TRIGGER refuse_session_writes BEFORE UPDATE ON sessions BEGIN "
                                 "SELECT RAISE(ABORT, 'disk I/O error'); END"));
        RecoveryRequest request{{}, {s->id}, false, QStringLiteral("session token in a bug report"), std::nullopt};
        auto report = f.recovery.tokenCompromise(request, QStringLiteral("lead"));
        QVERIFY(report.ok());
        QVERIFY(!report->newKeyId.isEmpty()); // rotated though not asked: a session token leaked
        QCOMPARE(report->revocation.revoked, QList<qint64>{bot.id});
        QCOMPARE(report->status(), QStringLiteral("degraded"));
        QVERIFY(!(report->revocation.manualSteps + report->manualSteps).isEmpty()); // the answer's manual_steps
        QCOMPARE(must(f.recovery.latest())->status(), QStringLiteral("degraded"));
        QCOMPARE(f.credentials.authenticate(s->token).error().code, QStringLiteral("retired_key"));
    }

    void auditChainNamesTheFirstEditedRecord()
    {
        Fixture f;
        for (int i = 0; i < 5; ++i)
            f.key(QStringLiteral("bot-%1").arg(i));
        auto clean = f.audit->verify();
        QVERIFY(clean.ok());
        QCOMPARE(clean->records, qint64(5));
        QVERIFY(!clean->firstBroken);
        // Append-only by trigger; an attacker with the file drops the trigger and edits record 3.
        {
            QSqlQuery q(f.store->connection());
            QVERIFY(!q.exec(QStringLiteral("UPDATE audit_log SET actor = 'nobody' WHERE id = 3")));
        }
        f.execRaw(QStringLiteral("DROP TRIGGER audit_log_no_update"));
        f.execRaw(QStringLiteral("UPDATE audit_log SET detail = 'bot-2 (viewer)' WHERE id = 3"));
        auto broken = f.audit->verify();
        QCOMPARE(broken->firstBroken, std::optional<qint64>(3));
        QVERIFY(broken->reason.contains(QStringLiteral("record 3")));
    }

    void auditChainNamesADeletedRecordsSuccessor()
    {
        Fixture f;
        for (int i = 0; i < 4; ++i)
            f.key(QStringLiteral("bot-%1").arg(i));
        f.execRaw(QStringLiteral("DROP TRIGGER audit_log_no_delete"));
        f.execRaw(QStringLiteral("DELETE FROM audit_log WHERE id = 2"));
        QCOMPARE(f.audit->verify()->firstBroken, std::optional<qint64>(3));
    }

    void auditListFiltersByTargetAndAction()
    {
        Fixture f;
        const CreatedToken a = f.key(QStringLiteral("a"));
        f.key(QStringLiteral("b"));
        f.credentials.revoke({a.id}, QStringLiteral("x"), SessionPolicy::Immediate, QStringLiteral("lead"));
        QCOMPARE(must(f.audit->list({QStringLiteral("credential:1"), {}}, std::nullopt, 50)).size(), 2);
        QCOMPARE(must(f.audit->list({{}, QStringLiteral("credential_revoked")}, std::nullopt, 50)).size(), 1);
        QCOMPARE(must(f.audit->list({QStringLiteral("credential:"), {}}, std::nullopt, 50)).size(),
                 0); // whole ids only
    }

    void secretsDirectoryWithLoosePermissionsIsRefused()
    {
        Fixture f;
        QVERIFY(f.secrets->write(QStringLiteral("probe"), "x").ok());
        QVERIFY(::chmod(QFile::encodeName(f.secrets->directory()).constData(), 0755) == 0);
        auto refused = f.secrets->checkPermissions();
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(f.secrets->directory()));
        QVERIFY(refused.error().message.contains(QStringLiteral("0755")));
        QVERIFY(!f.secrets->read(QStringLiteral("probe")));
        QVERIFY(::chmod(QFile::encodeName(f.secrets->directory()).constData(), 0700) == 0);
        QVERIFY(f.secrets->read(QStringLiteral("probe")).ok());
    }

    void ownerPassphrase()
    {
        Fixture f;
        OwnerAccount owner(f.store, f.clock, f.audit);
        QVERIFY(!must(owner.ownerName()));
        QCOMPARE(owner.setUp(QStringLiteral("Dana"), QStringLiteral("short"), QStringLiteral("short")).error().fields,
                 QStringList{QStringLiteral("passphrase")});
        QCOMPARE(owner.setUp(QStringLiteral("Dana"), QStringLiteral("correct horse battery"), QStringLiteral("x"))
                     .error()
                     .fields,
                 QStringList{QStringLiteral("confirmation")});
        QVERIFY(owner
                    .setUp(QStringLiteral("Dana"), QStringLiteral("correct horse battery"),
                           QStringLiteral("correct horse battery"))
                    .ok());
        QCOMPARE(must(owner.ownerName()), std::optional<QString>(QStringLiteral("Dana")));
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT scrypt_hash, scrypt_n FROM owner_account")) && q.next());
        QCOMPARE(q.value(0).toByteArray().size(), 32);
        QCOMPARE(q.value(1).toLongLong(), qint64(32768));
        QCOMPARE(owner.unlock(QStringLiteral("correct horse batterY")).error().code,
                 QStringLiteral("wrong_passphrase"));
        QVERIFY(owner.unlock(QStringLiteral("correct horse battery")).ok());
        QCOMPARE(must(f.audit->count({QStringLiteral("owner"), QStringLiteral("owner_unlock")})), qint64(2));
        QVERIFY(!owner.setUp(QStringLiteral("Eve"), QStringLiteral("another passphrase"),
                             QStringLiteral("another passphrase")));

        const QDateTime unlockedAt = f.clock->now();
        QVERIFY(owner.remember(*f.secrets).ok());
        QVERIFY(owner.remembered(*f.secrets));
        QVERIFY(!owner.mustReauthenticate(unlockedAt));
        f.clock->advance(1000);
        QVERIFY(f.credentials.sessions().forceReauthentication(QStringLiteral("lead"), QStringLiteral("drill")).ok());
        QVERIFY(owner.mustReauthenticate(unlockedAt));
        QVERIFY(owner.forget(f.secrets.get()).ok());
        QVERIFY(!owner.remembered(*f.secrets));
    }

    void aRecoveryKeyRotationBecomesTheManagedKeysNewVersion()
    {
        Fixture f;
        ManagedSecretService secrets(f.store, f.clock, f.secrets, f.audit);
        QVERIFY(secrets
                    .create(QStringLiteral("session-signing"), QStringLiteral("signing_key"), {}, {},
                            QStringLiteral("lead"))
                    .ok());
        RecoveryService recovery(f.credentials, f.service.get(), &secrets);
        const CreatedToken leaked = f.key(QStringLiteral("leaked"));
        f.credentials.openSession(leaked.token);
        auto report = recovery.tokenCompromise({{leaked.id}, {}, true, QStringLiteral("leak"), std::nullopt},
                                               QStringLiteral("lead"));
        QVERIFY(report.ok());
        QCOMPARE(report->status(), QStringLiteral("contained"));
        const auto current = must(secrets.current(QStringLiteral("session-signing")));
        QVERIFY(current);
        QCOMPARE(current->reference, report->newKeyId);
    }
};

QTEST_GUILESS_MAIN(TestCredentialService)
#include "TestCredentialService.moc"
