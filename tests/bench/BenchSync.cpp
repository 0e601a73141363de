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
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

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
    // 2. Commit to replica: a steady 200 writes a second committed on the server's store (from this process, as
    //    any writer of that file), each a timeline entry stamped with its commit time, while the replica follows
    //    the feed by long-polling; the latency is the time from the commit to the entry being applied here.
    {
        constexpr int kRate = 200;
        constexpr int kSeconds = 20;
        Replicator::Options options;
        options.follow = true;
        options.pageLimit = 5000;
        Replicator follower(**replica, {url, token, cert.fingerprint()}, options);
        QList<qint64> latencies;
        qint64 lastSeen = 0;
        {
            QSqlQuery q((*replica)->store()->connection());
            q.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM timeline_entries"));
            q.next();
            lastSeen = q.value(0).toLongLong();
        }
        std::atomic<bool> writing{false};
        std::atomic<int> written{0};
        QObject::connect(&follower, &Replicator::caughtUp, [&](const ReplicationOutcome&) {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            QSqlQuery q((*replica)->store()->connection());
            q.prepare(QStringLiteral(
                "SELECT id, at FROM timeline_entries WHERE id > ? AND actor = 'bench-live' ORDER BY id"));
            q.addBindValue(lastSeen);
            q.exec();
            while (q.next()) {
                lastSeen = q.value(0).toLongLong();
                latencies << now - q.value(1).toLongLong();
            }
            if (!writing && written == kRate * kSeconds && latencies.size() >= written)
                app.quit();
        });
        QObject::connect(&follower, &Replicator::finished, [&](const ReplicationOutcome& o) {
            std::printf("following ended: %s\n", qPrintable(o.message));
            app.quit();
        });
        follower.catchUp();
        std::thread writer([&] {
            auto store = Store::open(serverPath, *clock);
            QSqlDatabase db = (*store)->connection();
            QSqlQuery insert(db);
            insert.prepare(QStringLiteral("INSERT INTO timeline_entries (incident_id, kind, actor, at, text) VALUES "
                                          "(1, 'note', 'bench-live', ?, 'live write')"));
            writing = true;
            const auto start = std::chrono::steady_clock::now();
            for (int n = 0; n < kRate * kSeconds; ++n) {
                std::this_thread::sleep_until(start + std::chrono::microseconds(n * 1'000'000 / kRate));
                WriteTransaction tx(db);
                insert.addBindValue(QDateTime::currentMSecsSinceEpoch());
                insert.exec();
                tx.commit();
                ++written;
            }
            insert.finish();
            writing = false;
            (*store)->closeThreadConnection();
        });
        QTimer::singleShot((kSeconds + 30) * 1000, &app, &QCoreApplication::quit); // a stuck follower ends the run
        app.exec();
        writer.join();
        std::sort(latencies.begin(), latencies.end());
        auto at = [&](double p) {
            return latencies.isEmpty() ? -1 : latencies.at(qMin(latencies.size() - 1, qsizetype(p * latencies.size())));
        };
        std::printf("commit to replica under %d writes/s for %d s: %lld of %d writes applied; p50 %lld ms, p99 %lld "
                    "ms, max %lld ms\n",
                    kRate, kSeconds, qint64(latencies.size()), int(written), at(0.50), at(0.99),
                    latencies.isEmpty() ? -1 : latencies.last());
    }
    std::printf("peak memory: replicating process %lld MB (VmHWM), server process %lld MB\n",
                statusKb(QStringLiteral("/proc/self/status"), "VmHWM:") / 1024,
                statusKb(QStringLiteral("/proc/%1/status").arg(serve.processId()), "VmHWM:") / 1024);
    serve.terminate();
    serve.waitForFinished(10000);
    return 0;
}
