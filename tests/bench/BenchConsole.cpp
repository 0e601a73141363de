// bench_console: with 100k incidents and 1M timeline entries in the store, measures
//   1. opening the console to a usable incident list,
//   2. opening the largest incident's page,
//   3. GET list latency over HTTP,
//   4. the longest GUI-thread stall while the API writes at full speed.
// Prints figures; holds no thresholds.
#include "models/credentials/TokenService.h"
#include "net/http/ListenerThread.h"
#include "tests/bench/BenchData.h"
#include "ui/incidents/IncidentPage.h"
#include "ui/incidents/IncidentsPage.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/Theme.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cstdio>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace watchpost;

namespace {

using bench::kEntries;
using bench::kIncidents;
using bench::kLargest;

void out(const char* fmt, auto... args)
{
    std::printf(fmt, args...);
    std::fflush(stdout);
}

// A minimal blocking HTTP/1.1 keep-alive client for the load threads.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
            m_fd = -1;
    }
    ~RawClient()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    // Returns the status code, or 0 on a transport failure.
    int request(const QByteArray& method, const QByteArray& path, const QByteArray& token, const QByteArray& body = {})
    {
        QByteArray r = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n";
        if (!body.isEmpty())
            r += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        r += "\r\n" + body;
        if (::send(m_fd, r.constData(), size_t(r.size()), MSG_NOSIGNAL) != r.size())
            return 0;
        QByteArray in;
        char buf[65536];
        qsizetype headerEnd = -1;
        qint64 length = -1;
        for (;;) {
            const ssize_t got = ::recv(m_fd, buf, sizeof buf, 0);
            if (got <= 0)
                return 0;
            in.append(buf, got);
            if (headerEnd < 0 && (headerEnd = in.indexOf("\r\n\r\n")) >= 0) {
                const QByteArray head = in.left(headerEnd).toLower();
                const qsizetype at = head.indexOf("content-length:");
                length = at >= 0 ? head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toLongLong() : 0;
            }
            if (headerEnd >= 0 && in.size() >= headerEnd + 4 + length)
                return in.mid(9, 3).toInt();
        }
    }
    bool ok() const { return m_fd >= 0; }

private:
    int m_fd = -1;
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

} // namespace

int main(int argc, char** argv)
{
    QElapsedTimer startup;
    startup.start();
    QApplication app(argc, argv);
    Theme::apply(app, Theme::Mode::Dark);
    const double appMs = startup.nsecsElapsed() / 1e6;
    const QString path = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("bench.sqlite");
    {
        auto store = Store::open(path, SystemClock());
        if (!store) {
            out("cannot open %s: %s\n", qPrintable(path), qPrintable(store.error().message));
            return 1;
        }
        bench::populate(store.value());
        store.value()->connection().exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    out("store: %s, %.0f MB\n", qPrintable(path), QFileInfo(path).size() / 1e6);

    // 1. Console to a usable incident list: store open (with its integrity check) + window + first page painted.
    QElapsedTimer t;
    t.start();
    auto store = Store::open(path, SystemClock()).value();
    const double openStoreMs = t.nsecsElapsed() / 1e6;
    auto clock = std::make_shared<SystemClock>();
    ChangeNotifier notifier;
    ConsoleContext ctx;
    const DomainDeps deps{store, clock, &notifier, nullptr, {}};
    ctx.services = std::make_shared<DomainServices>(deps);
    ctx.setActor(QStringLiteral("bench"));
    MainWindow window(ctx);
    window.openRoute(QStringLiteral("/incidents"));
    window.show();
    auto* table = window.findChild<QTableView*>(QStringLiteral("incidentTable"));
    QCoreApplication::processEvents();
    table->repaint();
    const double usableMs = t.nsecsElapsed() / 1e6;
    out("console usable: %.1f ms after QApplication (+ %.1f ms to construct QApplication and palette): store open "
        "incl. quick_check %.1f ms, %d rows shown of %d\n",
        usableMs, appMs, openStoreMs, table->model()->rowCount(), window.incidentsPage()->model()->matchingCount());

    // 2. The largest incident's page.
    std::vector<double> pageMs;
    for (int run = 0; run < 5; ++run) {
        window.openRoute(QStringLiteral("/incidents"));
        QCoreApplication::processEvents();
        t.restart();
        window.openRoute(QStringLiteral("/incidents/%1").arg(kIncidents));
        QCoreApplication::processEvents();
        window.repaint();
        pageMs.push_back(t.nsecsElapsed() / 1e6);
    }
    out("largest incident page (%d timeline entries): median %.1f ms, max %.1f ms over %zu opens\n",
        window.incidentPage()->timeline()->totalEntries(), percentile(pageMs, 0.5),
        *std::max_element(pageMs.begin(), pageMs.end()), pageMs.size());

    // 3. GET list latency.
    ListenerThread listener(deps);
    const ListenerStatus status = listener.start(QHostAddress(QHostAddress::LocalHost), 0);
    const quint16 port = quint16(status.url.section(QLatin1Char(':'), -1).toUInt());
    const QByteArray token =
        TokenService(store, clock).create(QStringLiteral("bench"), QStringLiteral("responder"))->token.toLatin1();
    for (const char* query : {"/api/v1/security/incidents?limit=50",
                              "/api/v1/security/incidents?limit=50&severity=critical&state=reported"}) {
        std::vector<double> latencies;
        RawClient client(port);
        for (int n = 0; n < 300; ++n) {
            QElapsedTimer r;
            r.start();
            if (client.request("GET", query, token) != 200)
                out("GET %s failed\n", query);
            latencies.push_back(r.nsecsElapsed() / 1e6);
        }
        out("GET %s: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (%zu requests)\n", query, percentile(latencies, 0.5),
            percentile(latencies, 0.95), percentile(latencies, 0.99), latencies.size());
    }

    // 4. GUI-thread stalls while two clients write through the API as fast as they can for 10 s.
    window.openRoute(QStringLiteral("/incidents"));
    std::atomic<bool> stop{false};
    std::atomic<int> writes{0}, failures{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < 2; ++w)
        writers.emplace_back([&, w] {
            RawClient client(port);
            int n = 0;
            while (!stop) {
                const QByteArray body =
                    n % 2
                        ? QByteArray(R"({"kind":"note","text":"load note"})")
                        : QByteArray(
                              R"({"title":"Load incident","severity":"high","summary":"bench","source":{"kind":"bug_bounty"}})");
                const int code = client.request("POST",
                                                n % 2 ? QByteArray("/api/v1/security/incidents/") +
                                                            QByteArray::number(kIncidents) + "/timeline"
                                                      : QByteArray("/api/v1/security/incidents"),
                                                token, body);
                (code == 201 ? writes : failures)++;
                ++n;
                (void)w;
            }
        });
    std::vector<double> gaps;
    QElapsedTimer gap;
    gap.start();
    QTimer probe;
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        gaps.push_back(gap.nsecsElapsed() / 1e6 - 5.0);
        gap.restart();
    });
    probe.start();
    window.openRoute(QStringLiteral("/incidents/%1").arg(kIncidents)); // its timeline grows live during the load
    QElapsedTimer load;
    load.start();
    while (load.elapsed() < 10'000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    stop = true;
    for (auto& w : writers)
        w.join();
    probe.stop();
    out("under API write load: %d writes committed (%.0f/s), %d failed; GUI stall beyond a 5 ms timer: max %.1f ms, "
        "p99 %.1f ms\n",
        writes.load(), writes.load() / 10.0, failures.load(), *std::max_element(gaps.begin(), gaps.end()),
        percentile(gaps, 0.99));
    listener.stop();
    return 0;
}
