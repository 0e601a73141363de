// bench_sync: team mode — a `watchpost serve` process over HTTPS holding 100k incidents and 1M timeline entries.
// 1. The initial sync of an empty replica from its change feed by the Replicator the console and `watchpost
//    replicate` use: wall time, bytes received, rows applied. 2. Commit to replica under 200 writes/s. 3. Commit to
//    the attached console's repaint under 200 writes/s (the console `watchpost --server` builds, offscreen, over the
//    same replica). Peak memory of this process and the server's. Holds no thresholds.
#include "app/console/AttachedConsole.h"
#include "models/credentials/TokenService.h"
#include "models/incidents/IncidentTableModel.h"
#include "models/sync/Replica.h"
#include "net/sync/Replicator.h"
#include "tests/bench/BenchData.h"
#include "tests/support/net/TestCertificate.h"
#include "ui/incidents/IncidentsPage.h"
#include "ui/shell/MainWindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
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
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
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
    std::printf("peak memory after the initial sync: replicating process %lld MB (VmHWM), server process %lld MB\n",
                statusKb(QStringLiteral("/proc/self/status"), "VmHWM:") / 1024,
                statusKb(QStringLiteral("/proc/%1/status").arg(serve.processId()), "VmHWM:") / 1024);
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
    replica->reset(); // part 3 opens the same file as the attached console's replica
    // 3. Commit to the attached console's repaint: the console `watchpost --server` builds, attached over HTTPS to the
    //    same server and replica, shows the incident list newest first; a steady 200 incidents a second are reported
    //    on the server's store (through IncidentService, from this process, as any writer of that file). The latency
    //    of an incident is from its report (the commit, stamped reported_at) to the first paint of the list's
    //    viewport that shows it.
    {
        constexpr int kRate = 200;
        constexpr int kSeconds = 20;
        AttachedConsole::Options options;
        options.server = SyncServer{url, token, cert.fingerprint()};
        options.replicaPath = replicaPath;
        auto console = AttachedConsole::open(options, clock);
        if (!console) {
            std::printf("cannot attach: %s\n", qPrintable(console.error().message));
            return 1;
        }
        QTemporaryDir settings;
        ConsoleContext ctx = (*console)->context();
        ctx.settingsFile = settings.filePath(QStringLiteral("watchpost.ini"));
        MainWindow window(ctx);
        window.resize(1280, 2400); // tall: every incident a refresh brings is inside the viewport
        window.openRoute(QStringLiteral("/incidents"));
        window.show();
        QTableView* list = window.incidentsPage()->view();
        list->sortByColumn(IncidentTableModel::PublicIdColumn, Qt::DescendingOrder);
        (*console)->link().start();
        QElapsedTimer waited;
        waited.start();
        while (!(*console)->link().state().live() && waited.elapsed() < 120000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        // The incident list of 100k incidents read off the replica, side by side with a local console reading the
        // server's own store file the same way.
        auto timeList = [](MainWindow& w) {
            QList<double> ms;
            for (int i = 0; i < 10; ++i) {
                QElapsedTimer t;
                t.start();
                w.incidentsPage()->refresh();
                ms << t.nsecsElapsed() / 1e6;
            }
            std::sort(ms.begin(), ms.end());
            return std::pair(ms.at(5), ms.last());
        };
        {
            const auto [median, worst] = timeList(window);
            QSqlQuery count((*console)->link().store()->connection());
            count.exec(QStringLiteral("SELECT COUNT(*) FROM incidents"));
            count.next();
            std::printf("incident list (open, newest first), 10 reads: attached console over a replica of %lld "
                        "incidents median %.1f ms, max %.1f ms",
                        count.value(0).toLongLong(), median, worst);
            auto local = Store::open(serverPath, *clock);
            ConsoleContext here;
            here.services = std::make_shared<DomainServices>(DomainDeps{*local, clock, nullptr, nullptr, {}});
            here.settingsFile = settings.filePath(QStringLiteral("local.ini"));
            MainWindow localWindow(here);
            localWindow.resize(1280, 2400);
            localWindow.openRoute(QStringLiteral("/incidents"));
            localWindow.show();
            localWindow.incidentsPage()->view()->sortByColumn(IncidentTableModel::PublicIdColumn, Qt::DescendingOrder);
            const auto [localMedian, localWorst] = timeList(localWindow);
            std::printf("; local console over the server's own store median %.1f ms, max %.1f ms\n", localMedian,
                        localWorst);
        }
        std::mutex lock;
        QHash<QString, qint64> reportedAt; // title → commit time
        QHash<QString, qint64> painted;    // title → latency
        struct PaintWatch : QObject
        {
            std::function<void()> onPaint;
            bool eventFilter(QObject*, QEvent* e) override
            {
                if (e->type() == QEvent::Paint)
                    onPaint();
                return false;
            }
        } watch;
        watch.onPaint = [&] {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            const int last = list->rowAt(list->viewport()->height() - 1);
            const int rows = last < 0 ? list->model()->rowCount() : last + 1;
            const std::lock_guard<std::mutex> held(lock);
            for (int r = 0; r < rows; ++r) {
                const QString title = list->model()->index(r, IncidentTableModel::TitleColumn).data().toString();
                if (!title.startsWith(QLatin1String("bench-live ")) || painted.contains(title) ||
                    !reportedAt.contains(title))
                    continue;
                painted.insert(title, now - reportedAt.value(title));
            }
        };
        list->viewport()->installEventFilter(&watch);
        std::atomic<bool> writing{true};
        std::thread writer([&] {
            auto store = Store::open(serverPath, *clock);
            IncidentService incidents(*store, clock);
            const auto start = std::chrono::steady_clock::now();
            for (int n = 0; n < kRate * kSeconds; ++n) {
                std::this_thread::sleep_until(start + std::chrono::microseconds(n * 1'000'000 / kRate));
                IncidentReport r;
                r.title = QStringLiteral("bench-live %1").arg(n);
                r.severity = QStringLiteral("high");
                r.summary = QStringLiteral("live write");
                r.source.kind = QStringLiteral("staff_report");
                auto made = incidents.report(r, QStringLiteral("bench-live"));
                if (made) {
                    const std::lock_guard<std::mutex> held(lock);
                    reportedAt.insert(made->title, made->reportedAt.toMSecsSinceEpoch());
                }
            }
            writing = false;
            (*store)->closeThreadConnection();
        });
        QElapsedTimer run;
        run.start();
        while ((writing || run.elapsed() < (kSeconds + 5) * 1000) && run.elapsed() < (kSeconds + 60) * 1000) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            const std::lock_guard<std::mutex> held(lock);
            if (!writing && painted.size() >= reportedAt.size())
                break;
        }
        writer.join();
        QList<qint64> latencies = painted.values();
        std::sort(latencies.begin(), latencies.end());
        auto at = [&](double p) {
            return latencies.isEmpty() ? -1 : latencies.at(qMin(latencies.size() - 1, qsizetype(p * latencies.size())));
        };
        std::printf("commit to the attached console's repaint under %d writes/s for %d s: %lld of %lld incidents "
                    "painted; p50 %lld ms, p99 %lld ms, max %lld ms\n",
                    kRate, kSeconds, qint64(latencies.size()), qint64(reportedAt.size()), at(0.50), at(0.99),
                    latencies.isEmpty() ? -1 : latencies.last());
        list->viewport()->removeEventFilter(&watch);
    }
    std::printf("peak memory at the end (the attached console included): this process %lld MB (VmHWM), server "
                "process %lld MB\n",
                statusKb(QStringLiteral("/proc/self/status"), "VmHWM:") / 1024,
                statusKb(QStringLiteral("/proc/%1/status").arg(serve.processId()), "VmHWM:") / 1024);
    serve.terminate();
    serve.waitForFinished(10000);
    return 0;
}
