// bench_sync: the initial sync of team mode — a `watchpost serve` process over HTTPS holding 100k incidents and
// 1M timeline entries, and an empty replica filled from its change feed by the Replicator the console and
// `watchpost replicate` use. Prints wall time, bytes received, rows applied, the replicating process's peak memory
// and the server's; holds no thresholds.
#include "models/credentials/TokenService.h"
#include "models/sync/Replica.h"
#include "net/sync/Replicator.h"
#include "tests/bench/BenchData.h"
#include "tests/support/net/TestCertificate.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <cstdio>

using namespace watchpost;

namespace {
qint64 statusKb(const QString& file, const char* field)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    return -1;
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::printf("usage: bench_sync WATCHPOST_BINARY WORK_DIR\n");
        return 2;
    }
    const QString binary = QString::fromLocal8Bit(argv[1]);
    const QString work = QString::fromLocal8Bit(argv[2]);
    const QString serverPath = work + QStringLiteral("/sync-server.sqlite");
    const QString replicaPath = work + QStringLiteral("/sync-replica.sqlite");
    for (const QString& p : {replicaPath, replicaPath + "-wal", replicaPath + "-shm"})
        QFile::remove(p);
    auto clock = std::make_shared<SystemClock>();
    QString token;
    {
        auto store = Store::open(serverPath, *clock);
        if (!store) {
            std::printf("cannot open %s: %s\n", qPrintable(serverPath), qPrintable(store.error().message));
            return 1;
        }
        bench::populate(*store);
        token = TokenService(*store, clock).create(QStringLiteral("bench-replica"), QStringLiteral("admin"))->token;
        (*store)->connection().exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        QSqlQuery q((*store)->connection());
        q.exec(QStringLiteral("SELECT COUNT(*), MAX(seq) FROM sync_changes"));
        q.next();
        std::printf("server store: %.0f MB, %lld changes in its feed\n", QFileInfo(serverPath).size() / 1e6,
                    q.value(0).toLongLong());
    }
    QTemporaryDir certs;
    const TestCertificate cert = TestCertificate::make(certs.path());
    QProcess serve;
    serve.start(binary, {"serve", "--store", serverPath, "--listen", "127.0.0.1:0", "--tls-cert", cert.certificatePath,
                         "--tls-key", cert.keyPath});
    QByteArray line;
    for (int i = 0; i < 600 && !line.contains('\n'); ++i) {
        serve.waitForReadyRead(100);
        line += serve.readAllStandardOutput();
    }
    if (!line.startsWith("listening on https://")) {
        std::printf("serve did not start: %s %s\n", line.constData(), serve.readAllStandardError().constData());
        return 1;
    }
    const QUrl url(QString::fromLatin1(line.trimmed().mid(13)));

    auto replica = Replica::open(replicaPath, clock);
    if (!replica) {
        std::printf("cannot open the replica: %s\n", qPrintable(replica.error().message));
        return 1;
    }
    for (int pageLimit : {5000}) {
        Replicator replicator(**replica, {url, token, cert.fingerprint()}, {false, pageLimit});
        ReplicationOutcome outcome;
        bool done = false;
        QObject::connect(&replicator, &Replicator::finished, [&](const ReplicationOutcome& o) {
            outcome = o;
            done = true;
            app.quit();
        });
        QElapsedTimer t;
        t.start();
        replicator.catchUp();
        if (!done)
            app.exec();
        const double seconds = t.nsecsElapsed() / 1e9;
        if (outcome.failure != SyncFailure::None || !outcome.message.isEmpty()) {
            std::printf("initial sync failed: %s\n", qPrintable(outcome.message));
            return 1;
        }
        std::printf("initial sync (pages of %d): %.1f s, %lld rows applied in %d pages, %.1f MB received "
                    "(%.0f rows/s); replica %.0f MB\n",
                    pageLimit, seconds, outcome.applied, outcome.pages, outcome.bytes / 1e6, outcome.applied / seconds,
                    QFileInfo(replicaPath).size() / 1e6);
    }
    std::printf("peak memory: replicating process %lld MB (VmHWM), server process %lld MB\n",
                statusKb(QStringLiteral("/proc/self/status"), "VmHWM:") / 1024,
                statusKb(QStringLiteral("/proc/%1/status").arg(serve.processId()), "VmHWM:") / 1024);
    serve.terminate();
    serve.waitForFinished(10000);
    return 0;
}
