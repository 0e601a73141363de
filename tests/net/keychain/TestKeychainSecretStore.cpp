// The real OS keychain through qtkeychain. Run twice by ctest: inside a D-Bus session with an unlocked
// gnome-keyring (WATCHPOST_KEYCHAIN_EXPECT=available), and with no secret service at all (=absent).
#include "models/credentials/CredentialService.h"
#include "models/credentials/OwnerAccount.h"
#include "models/webhooks/WebhookHookService.h"
#include "models/webhooks/WebhookSignature.h"
#include "net/keychain/KeychainSecretStore.h"
#include "tests/support/models/StoreFixture.h"
#include "tests/support/net/KeyringSession.h"
#include "tests/support/net/TestHttp.h"

#include <QEventLoop>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace watchpost;

namespace {
bool expectAvailable()
{
    return qEnvironmentVariable("WATCHPOST_KEYCHAIN_EXPECT") == QLatin1String("available");
}

} // namespace

class TestKeychainSecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("WATCHPOST_KEYCHAIN_EXPECT"))
            QSKIP("run through ctest, which provides the keyring session (tests/support/with-keyring.sh)");
    }

    void writeReadRemove()
    {
        KeychainSecretStore keychain(QStringLiteral("watchpost-test"));
        const QString key = QStringLiteral("webhook/t%1/current").arg(QCoreApplication::applicationPid());
        auto written = keychain.write(key, "s3cr3t\x01\xff");
        if (!expectAvailable()) {
            QVERIFY(!written.ok());
            QVERIFY2(written.error().message.contains(QStringLiteral("keychain could not store")),
                     qPrintable(written.error().message));
            QVERIFY(!keychain.read(key).ok());
            return;
        }
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
        auto read = keychain.read(key);
        QVERIFY(read.ok());
        QCOMPARE(read.value().value_or(QByteArray()), QByteArray("s3cr3t\x01\xff"));
        QVERIFY(keychain.remove(key).ok());
        QVERIFY(keychain.read(key).ok());
        QVERIFY(!keychain.read(key).value().has_value());
    }

    // The Secret Service answers after the job's timeout (a locked keyring whose prompt is answered late): the
    // read fails closed at the timeout, the late reply is ignored, and the process lives on — a job given up
    // and destroyed while its D-Bus call was pending used to take the whole process down when the reply came.
    void aLateKeyringAnswerIsIgnored()
    {
        if (!expectAvailable())
            QSKIP("this run has no secret service (WATCHPOST_KEYCHAIN_EXPECT=absent): the late-answer test needs the "
                  "keyring session");
        KeychainSecretStore keychain(QStringLiteral("watchpost-test"), std::chrono::milliseconds(300));
        const QString key = QStringLiteral("late/%1").arg(QCoreApplication::applicationPid());
        QVERIFY(keychain.write(key, "before").ok());
        for (int round = 0; round < 3; ++round) {
            // The daemon stops answering for longer than the timeout, then answers.
            StoppedKeyring stopped;
            QVERIFY2(stopped.ok(), "the session bus names no process for org.freedesktop.secrets to stop");
            auto read = keychain.read(key);
            auto written = keychain.write(key, "during");
            stopped.resume();
            QVERIFY(!read.ok());
            QVERIFY2(read.error().message.contains(QStringLiteral("did not answer")), qPrintable(read.error().message));
            QVERIFY(!written.ok());
            // The late replies arrive now, on the keychain thread.
            QTest::qWait(1500);
        }
        auto after = keychain.read(key);
        QVERIFY2(after.ok(), qPrintable(after.ok() ? QString() : after.error().message));
        QVERIFY(after.value().has_value()); // "before", or a late "during": either way a value, and no crash
        QVERIFY(keychain.remove(key).ok());
    }

    // On the application's main thread (the console's GUI thread) a keychain that does not answer does not freeze
    // the event loop: timers keep firing while the job waits for its timeout.
    void theMainThreadKeepsItsEventLoopWhileTheKeychainWaits()
    {
        if (!expectAvailable())
            QSKIP("this run has no secret service (WATCHPOST_KEYCHAIN_EXPECT=absent): the test stops the keyring");
        KeychainSecretStore keychain(QStringLiteral("watchpost-test"), std::chrono::milliseconds(300));
        int ticks = 0;
        QTimer timer;
        QObject::connect(&timer, &QTimer::timeout, [&ticks] { ++ticks; });
        timer.start(10);
        StoppedKeyring stopped;
        QVERIFY2(stopped.ok(), "the session bus names no process for org.freedesktop.secrets to stop");
        const auto read = keychain.read(QStringLiteral("gui/%1").arg(QCoreApplication::applicationPid()));
        const int during = ticks;
        stopped.resume();
        QVERIFY(!read.ok()); // failed closed at its timeout
        QVERIFY2(during > 0, "the main thread's event loop stood still while the keychain did not answer");
        QTest::qWait(1500); // the late reply arrives and is ignored
    }

    // The console reads on its GUI thread, the listener and writer on theirs: a process that used the keychain on
    // one thread must keep working from another (qtkeychain's executor crashed the process here once).
    void usableFromEveryThread()
    {
        if (!expectAvailable())
            QSKIP("needs the keyring session");
        KeychainSecretStore keychain(QStringLiteral("watchpost-test"));
        const QString key = QStringLiteral("threads/t%1").arg(QCoreApplication::applicationPid());
        QVERIFY(keychain.write(key, "main").ok());
        for (int i = 0; i < 3; ++i) {
            QByteArray seen;
            std::unique_ptr<QThread> worker(QThread::create([&] {
                QEventLoop loop; // a listener thread has an event loop; the read must not depend on it
                seen = keychain.read(key).value().value_or(QByteArray());
                keychain.write(key, "worker");
            }));
            worker->start();
            QVERIFY(worker->wait(20000));
            QCOMPARE(seen, i == 0 ? QByteArray("main") : QByteArray("worker"));
            QCOMPARE(keychain.read(key).value().value_or(QByteArray()), QByteArray("worker"));
        }
        QVERIFY(keychain.remove(key).ok());
    }

    void hookSecretsRotateAndFailClosed()
    {
        StoreFixture f;
        KeychainSecretStore keychain(QStringLiteral("watchpost-test"));
        auto cache = std::make_shared<WebhookSecrets>();
        WebhookHookService hooks(f.store, f.clock, keychain, cache);
        auto first = hooks.setSecret(QStringLiteral("gh"), "first-secret");
        if (!expectAvailable()) {
            QVERIFY(!first.ok());
            QVERIFY(cache->candidates(QStringLiteral("gh"), f.clock->nowMs())
                        .isEmpty()); // fails closed: nothing to verify with
            QCOMPARE(f.count("webhook_hooks"), qint64(0));
            return;
        }
        QVERIFY(first.ok());
        QVERIFY(hooks.setSecret(QStringLiteral("gh"), "second-secret", 3600).ok());
        const auto candidates = cache->candidates(QStringLiteral("gh"), f.clock->nowMs());
        QCOMPARE(candidates.size(), 2);
        QCOMPARE(candidates.at(0).secret, QByteArray("second-secret"));
        QCOMPARE(candidates.at(1).secret, QByteArray("first-secret"));
        // A fresh cache loads the same from the keychain; the store holds no secret bytes.
        auto fresh = std::make_shared<WebhookSecrets>();
        QVERIFY(WebhookHookService(f.store, f.clock, keychain, fresh).loadAll().isEmpty());
        QCOMPARE(fresh->candidates(QStringLiteral("gh"), f.clock->nowMs()).size(), 2);
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM webhook_hooks WHERE id || name LIKE '%secret%'")) &&
                q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        QVERIFY(hooks.removeSecret(QStringLiteral("gh")).ok());
        QVERIFY(cache->candidates(QStringLiteral("gh"), f.clock->nowMs()).isEmpty());
        QVERIFY(!keychain.read(WebhookSecrets::currentKey(QStringLiteral("gh"))).value().has_value());
    }

    // Session signing keys and "stay signed in" live in the keychain in the console: issued, verified, and
    // the private half readable from the keychain (never in the store); with no secret service, issuing fails
    // and says so — no session is signed with a key that could not be kept.
    void signingKeysAndOwnerSignInUseTheKeychain()
    {
        StoreFixture f;
        auto keychain = std::make_shared<KeychainSecretStore>(
            QStringLiteral("watchpost-test-%1").arg(QCoreApplication::applicationPid()));
        auto audit = std::make_shared<AuditLog>(f.store, f.clock);
        CredentialService credentials(f.store, f.clock, keychain, audit);
        const auto key = credentials.create(QStringLiteral("bot"), QStringLiteral("automation"), {}, std::nullopt,
                                            QStringLiteral("lead"));
        QVERIFY(key.ok());
        auto session = credentials.openSession(key->token);
        if (!expectAvailable()) {
            QVERIFY(!session);
            QVERIFY2(session.error().message.contains(QStringLiteral("keychain")), qPrintable(session.error().message));
            QCOMPARE(f.count("sessions"), qint64(0));
            return;
        }
        QVERIFY2(session.ok(), qPrintable(session.ok() ? QString() : session.error().message));
        QVERIFY(credentials.authenticate(session->token).ok());
        const auto stored = keychain->read(QStringLiteral("signing-key/") + session->keyId);
        QVERIFY(stored.ok() && stored.value() && stored.value()->size() == 32);
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT public_key FROM signing_keys")) && q.next());
        QVERIFY(q.value(0).toByteArray() != *stored.value());

        OwnerAccount owner(f.store, f.clock, audit);
        QVERIFY(owner
                    .setUp(QStringLiteral("Dana"), QStringLiteral("correct horse battery"),
                           QStringLiteral("correct horse battery"))
                    .ok());
        QVERIFY(owner.remember(*keychain).ok());
        QVERIFY(owner.remembered(*keychain));
        QVERIFY(owner.forget(keychain.get()).ok());
        QVERIFY(!owner.remembered(*keychain));
        QVERIFY(keychain->remove(QStringLiteral("signing-key/") + session->keyId).ok());
    }

    void cliSecretReachesRunningServe()
    {
        if (!expectAvailable())
            QSKIP("needs the keyring session");
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("s.sqlite"));
        QProcess serve;
        serve.start(QStringLiteral(WATCHPOST_BINARY), {"serve", "--store", store, "--listen", "127.0.0.1:0"});
        QVERIFY(serve.waitForReadyRead(5000));
        const QString url = QString::fromLatin1(serve.readAllStandardOutput().trimmed().mid(13));
        TestHttp http(url);
        auto post = [&](const QByteArray& delivery, const QByteArray& secret) {
            const QByteArray body = QByteArray("{\"zen\":\"cli\",\"delivery\":\"") + delivery + "\"}";
            return http.send("POST", "/api/github/webhooks/cli-hook", body, "application/json", QString(),
                             {{"X-GitHub-Event", "ping"},
                              {"X-GitHub-Delivery", delivery},
                              {"X-Hub-Signature-256", WebhookSignature::sign(body, secret)}});
        };
        QCOMPARE(post("d0", "from-stdin").status, 404); // the hook does not exist yet
        QProcess set;
        set.start(QStringLiteral(WATCHPOST_BINARY), {"webhook-secret", "set", "--hook", "cli-hook", "--store", store});
        set.write("from-stdin\n");
        set.closeWriteChannel();
        QVERIFY(set.waitForFinished(20000));
        QCOMPARE(set.exitCode(), 0);
        QTest::qWait(1100); // the receiver re-reads a hook's row at most once a second
        const HttpAnswer accepted = post("d1", "from-stdin");
        QVERIFY2(accepted.status == 202, accepted.body.constData());
        QCOMPARE(post("d2", "wrong").status, 401);
        serve.terminate();
        QVERIFY(serve.waitForFinished(5000));
        // Clean up the keyring entry.
        QProcess remove;
        remove.start(QStringLiteral(WATCHPOST_BINARY),
                     {"webhook-secret", "remove", "--hook", "cli-hook", "--store", store});
        QVERIFY(remove.waitForFinished(20000));
        QCOMPARE(remove.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "TestKeychainSecretStore.moc"
