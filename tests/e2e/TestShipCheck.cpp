// `watchpost ship-check`, the git pre-push hook and the CI step, run as a person or a bot runs them: the built
// binary against a real `watchpost serve` (plain HTTP on loopback, and HTTPS with a pinned self-signed
// certificate), real `git push` to a local bare repository, the shipped scripts from packaging/.
#include "tests/support/net/ServeProcess.h"
#include "tests/support/net/TestCertificate.h"
#include "tests/support/net/TestHttp.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace testsupport;

namespace {
struct Server
{
    QTemporaryDir dir;
    QProcess process;
    QString url;
    QString bot, lead, admin;

    explicit Server(const QStringList& extra = {})
    {
        const QString store = dir.filePath(QStringLiteral("ship.sqlite"));
        auto token = [&](const char* name, const char* role) {
            const CommandRun r = runWatchpost({"token", "create", "--store", store, "--name", name, "--role", role});
            return QString::fromLatin1(r.out.trimmed());
        };
        bot = token("release-bot", "automation");
        lead = token("lead", "responder");
        admin = token("admin", "admin");
        url = startListening(process, QStringList{"serve", "--store", store, "--listen", "127.0.0.1:0"} + extra);
    }
    ~Server()
    {
        process.terminate();
        process.waitForFinished(10000);
    }
    TestHttp as(const QString& token) const
    {
        TestHttp http(url);
        http.setToken(token);
        return http;
    }
    int engage(const QJsonObject& scope) const
    {
        return as(lead)
            .post("/api/v1/security/kill-switch/engage", {{"reason", "release-bot pushing malware"}, {"scope", scope}})
            .status;
    }
    int release() const
    {
        return as(admin).post("/api/v1/security/kill-switch/release", {{"reason", "bot contained"}}).status;
    }
    QProcessEnvironment env(const QString& token) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert("WATCHPOST_TOKEN", token);
        e.insert("WATCHPOST_SERVER", url);
        e.insert("WATCHPOST_BIN", QStringLiteral(WATCHPOST_BINARY));
        e.remove("WATCHPOST_REPOSITORY");
        e.remove("WATCHPOST_FINGERPRINT");
        return e;
    }
};

CommandRun shell(const QString& program, const QStringList& args, const QProcessEnvironment& env,
                 const QString& workingDirectory = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    if (!workingDirectory.isEmpty())
        p.setWorkingDirectory(workingDirectory);
    p.start(program, args);
    CommandRun r;
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit)
        return r;
    r.code = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

const QString kHook = QStringLiteral(WATCHPOST_SOURCE_DIR "/packaging/hooks/pre-push");
const QString kCiStep = QStringLiteral(WATCHPOST_SOURCE_DIR "/packaging/ci/ship-check.sh");
} // namespace

class TestShipCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exitCodes()
    {
        Server s;
        QVERIFY(!s.url.isEmpty());
        const QStringList push{"ship-check", "--action", "push",           "--repository",
                               "acme/api",   "--ref",    "refs/heads/main"};
        CommandRun r = runWatchpost(push, s.env(s.bot));
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("allowed: push to acme/api"), r.out.constData());

        QCOMPARE(s.engage({{"credentials", "all_automation"}, {"repositories", QJsonArray{"acme/api"}}}), 201);
        r = runWatchpost(push, s.env(s.bot));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("denied — push to acme/api: abuse response"), r.err.constData());
        QVERIFY2(r.err.contains("incident INC-"), r.err.constData());
        QVERIFY(r.out.isEmpty());
        // Diagnostics run; another repository is out of scope.
        QCOMPARE(runWatchpost({"ship-check", "--action", "diagnostic", "--repository", "acme/api"}, s.env(s.bot)).code,
                 0);
        QCOMPARE(runWatchpost({"ship-check", "--action", "release", "--repository", "acme/web"}, s.env(s.bot)).code, 0);
        // --server wins over WATCHPOST_SERVER.
        QProcessEnvironment wrong = s.env(s.bot);
        wrong.insert("WATCHPOST_SERVER", "http://127.0.0.1:1");
        QCOMPARE(runWatchpost(push + QStringList{"--server", s.url}, wrong).code, 1);
        // A key Watchpost does not know: refused (1), saying so.
        r = runWatchpost(push, s.env(QStringLiteral("wpt_not-a-key")));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("refused") && r.err.contains("not known"), r.err.constData());
        // Misuse: 2, naming the problem.
        struct Misuse
        {
            QStringList args;
            QString token;
            const char* says;
        };
        const Misuse misuse[] = {
            {{"ship-check", "--action", "shove", "--repository", "acme/api"}, s.bot, "--action must be one of"},
            {{"ship-check", "--action", "push", "--repository", "api"}, s.bot, "--repository must be OWNER/REPO"},
            {{"ship-check", "--action", "push"}, s.bot, "needs --action ACTION and --repository"},
            {{"ship-check", "--action", "push", "--repository", "acme/api", "--workflow", "deploy.sh"},
             s.bot,
             "--workflow must be .github/workflows/NAME.yml"},
            {push, QString(), "WATCHPOST_TOKEN"},
        };
        for (const Misuse& m : misuse) {
            QProcessEnvironment e = s.env(m.token);
            if (m.token.isEmpty())
                e.remove("WATCHPOST_TOKEN");
            r = runWatchpost(m.args, e);
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains(m.says), r.err.constData());
        }
        QProcessEnvironment beyond = s.env(s.bot);
        beyond.insert("WATCHPOST_SERVER", "http://192.0.2.1:8787");
        r = runWatchpost(push, beyond);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("plain HTTP beyond loopback"), r.err.constData());

        QCOMPARE(s.release(), 200);
        QCOMPARE(runWatchpost(push, s.env(s.bot)).code, 0);
        // Watchpost cannot be reached: 3, a refusal that says so.
        s.process.terminate();
        QVERIFY(s.process.waitForFinished(10000));
        r = runWatchpost(push, s.env(s.bot));
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains("could not be asked") && r.err.contains("nothing ships"), r.err.constData());
    }

    void overHttpsWithAPinnedCertificate()
    {
        QTemporaryDir certs;
        const TestCertificate cert = TestCertificate::make(certs.path());
        Server s({"--tls-cert", cert.certificatePath, "--tls-key", cert.keyPath});
        QVERIFY2(s.url.startsWith("https://"), qPrintable(s.url));
        const QStringList push{"ship-check", "--action", "push", "--repository", "acme/api"};
        // Self-signed and not pinned: cannot be asked (3).
        CommandRun r = runWatchpost(push, s.env(s.bot));
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains("not trusted") && r.err.contains(cert.fingerprint().toLatin1()), r.err.constData());
        QProcessEnvironment pinned = s.env(s.bot);
        pinned.insert("WATCHPOST_FINGERPRINT", cert.fingerprint());
        r = runWatchpost(push, pinned);
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(runWatchpost(push + QStringList{"--fingerprint", cert.fingerprint()}, s.env(s.bot)).code, 0);
        // Another certificate's pin: refused (3), naming both fingerprints.
        const TestCertificate other = TestCertificate::make(certs.path(), QStringLiteral("other"));
        r = runWatchpost(push + QStringList{"--fingerprint", other.fingerprint()}, s.env(s.bot));
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains("pinned SHA-256 " + other.fingerprint().toLatin1()), r.err.constData());
        QVERIFY2(r.err.contains("presented " + cert.fingerprint().toLatin1()), r.err.constData());
    }

    void prePushHookStopsARealGitPushWhileEngaged()
    {
        Server s;
        QTemporaryDir git;
        const QString bare = git.filePath("remotes/acme/api.git");
        const QString work = git.filePath("work");
        QProcessEnvironment env = s.env(s.bot);
        env.insert("GIT_AUTHOR_NAME", "release-bot");
        env.insert("GIT_AUTHOR_EMAIL", "bot@example.com");
        env.insert("GIT_COMMITTER_NAME", "release-bot");
        env.insert("GIT_COMMITTER_EMAIL", "bot@example.com");
        env.insert("GIT_CONFIG_NOSYSTEM", "1");
        env.insert("HOME", git.path());
        QVERIFY(QDir().mkpath(bare));
        QCOMPARE(shell("git", {"init", "-q", "--bare", bare}, env).code, 0);
        QCOMPARE(shell("git", {"init", "-q", "-b", "main", work}, env).code, 0);
        QFile file(work + "/README");
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("payload\n");
        file.close();
        QCOMPARE(shell("git", {"add", "README"}, env, work).code, 0);
        QCOMPARE(shell("git", {"commit", "-q", "-m", "bot change"}, env, work).code, 0);
        QCOMPARE(shell("git", {"remote", "add", "origin", bare}, env, work).code, 0);
        QVERIFY(QFile::copy(kHook, work + "/.git/hooks/pre-push"));
        QVERIFY(QFile::setPermissions(work + "/.git/hooks/pre-push",
                                      QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::WriteOwner));
        auto remoteHasMain = [&] {
            return shell("git", {"rev-parse", "--verify", "-q", "refs/heads/main"}, env, bare);
        };

        // Engaged for acme/api: the repository is taken from the remote's URL (…/acme/api.git), the push refused.
        QCOMPARE(s.engage({{"credentials", "all_automation"}, {"repositories", QJsonArray{"acme/api"}}}), 201);
        CommandRun r = shell("git", {"push", "origin", "main"}, env, work);
        QVERIFY2(r.code != 0, r.err.constData());
        QVERIFY2(r.err.contains("denied — push to acme/api"), r.err.constData());
        QVERIFY2(r.err.contains("pre-push: push to acme/api stopped"), r.err.constData());
        QVERIFY(remoteHasMain().code != 0); // nothing arrived
        // WATCHPOST_REPOSITORY names another repository: out of scope, and it pushes.
        QProcessEnvironment elsewhere = env;
        elsewhere.insert("WATCHPOST_REPOSITORY", "acme/web");
        r = shell("git", {"push", "--dry-run", "origin", "main"}, elsewhere, work);
        QVERIFY2(r.code == 0, r.err.constData());
        // Watchpost cannot answer (bad key): refused too.
        QProcessEnvironment badKey = env;
        badKey.insert("WATCHPOST_TOKEN", "wpt_unknown");
        QVERIFY(shell("git", {"push", "origin", "main"}, badKey, work).code != 0);

        // Released: the same push goes through.
        QCOMPARE(s.release(), 200);
        r = shell("git", {"push", "origin", "main"}, env, work);
        QVERIFY2(r.code == 0, r.err.constData());
        const CommandRun head = remoteHasMain();
        QCOMPARE(head.code, 0);
        QCOMPARE(head.out.trimmed(), shell("git", {"rev-parse", "HEAD"}, env, work).out.trimmed());

        // The denial is in the decision log with the remote ref.
        const QJsonArray denied = s.as(s.lead)
                                      .get("/api/v1/security/kill-switch/decisions?result=denied")
                                      .json()
                                      .value("decisions")
                                      .toArray();
        QVERIFY(!denied.isEmpty());
        QCOMPARE(denied.first().toObject().value("action").toString(), QStringLiteral("push"));
        QCOMPARE(denied.first().toObject().value("samples").toArray().first().toObject().value("ref").toString(),
                 QStringLiteral("refs/heads/main"));
    }

    void ciStepFailsTheJobForAFrozenWorkflow()
    {
        Server s;
        QProcessEnvironment env = s.env(s.bot);
        env.insert("GITHUB_REPOSITORY", "acme/api");
        env.insert("GITHUB_REF", "refs/tags/v1.2.0");
        env.insert("GITHUB_RUN_ID", "4242");
        env.insert("GITHUB_WORKFLOW_REF", "acme/api/.github/workflows/release.yml@refs/heads/main");
        env.insert("WATCHPOST_ACTION", "release");
        QCOMPARE(shell("sh", {kCiStep}, env).code, 0);
        QCOMPARE(s.engage({{"credentials", "all_automation"},
                           {"workflows", QJsonArray{"acme/api:.github/workflows/release.yml"}}}),
                 201);
        CommandRun r = shell("sh", {kCiStep}, env);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("denied — release to acme/api"), r.err.constData());
        QVERIFY2(r.err.contains("ci: release for acme/api stopped"), r.err.constData());
        // Another workflow of the same repository is not frozen.
        env.insert("GITHUB_WORKFLOW_REF", "acme/api/.github/workflows/nightly.yml@refs/heads/main");
        QCOMPARE(shell("sh", {kCiStep}, env).code, 0);
        env.remove("GITHUB_REPOSITORY");
        r = shell("sh", {kCiStep}, env);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("set WATCHPOST_REPOSITORY"), r.err.constData());
    }
};

QTEST_MAIN(TestShipCheck)
#include "TestShipCheck.moc"
