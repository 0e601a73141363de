// Attack benchmarks against the built `watchpost serve` (a real process, default limits), each while a good
// client works beside the attackers and is timed:
//   slowloris — 600 connections from ten loopback addresses, each sending one header byte every 5 s;
//   body budget — 25 MB webhook bodies (GitHub's headers, forged signatures) and 1 MiB API bodies from ten
//                 addresses, each sent but for its last byte and held open, reconnecting when refused or cut;
//   multiplier — one 25 MB body sent at full speed, forged and then signed: how much memory the process holds
//                at its peak per body byte.
// The good client (its own address) opens a new connection for every request — GET the incident list, POST a
// new incident — one every 50 ms, and counts its 503s. The server's peak RSS comes from /proc (VmHWM, reset
// between scenarios through clear_refs).
// Usage: bench_attacks WATCHPOST_BINARY [seconds per scenario, default 30]
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QPointer>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

namespace {

qint64 statusKb(qint64 pid, const char* field)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qsizetype(qstrlen(field))).trimmed().split(' ').first().toLongLong();
    return -1;
}
void resetPeak(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/clear_refs").arg(pid));
    if (f.open(QIODevice::WriteOnly))
        f.write("5");
}

void spin(int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

struct Target
{
    quint16 port = 0;
    QByteArray token;
};

// A connection that sends `head`, then `trickle` bytes every `everyMs`, and starts again when it is cut.
class Attacker : public QObject
{
public:
    // `burst` bytes of body go out at once after the head (a body held open one byte short of its end).
    Attacker(const Target& target, QString from, QByteArray head, qint64 trickle, int everyMs, QObject* parent,
             qint64 burst = 0)
        : QObject(parent), m_target(target), m_from(std::move(from)), m_head(std::move(head)), m_trickle(trickle),
          m_burst(burst)
    {
        m_timer.setInterval(everyMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
                m_socket->write(QByteArray(m_trickle, 'a'));
        });
        open();
    }
    int reconnects = 0;

private:
    void open()
    {
        m_socket = new QTcpSocket(this);
        m_socket->bind(QHostAddress(m_from), 0);
        connect(m_socket, &QTcpSocket::connected, this, [this] {
            m_socket->write(m_head);
            if (m_burst > 0)
                m_socket->write(QByteArray(m_burst, 'b'));
            m_timer.start();
        });
        connect(m_socket, &QTcpSocket::readyRead, this, [this] { m_socket->readAll(); });
        connect(m_socket, &QTcpSocket::disconnected, this, &Attacker::again);
        connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) { again(); });
        m_socket->connectToHost(QHostAddress(QStringLiteral("127.0.0.1")), m_target.port);
    }
    void again()
    {
        if (!m_socket)
            return;
        m_timer.stop();
        m_socket->deleteLater();
        m_socket = nullptr;
        ++reconnects;
        QTimer::singleShot(200, this, [this] { open(); });
    }

    Target m_target;
    QString m_from;
    QByteArray m_head;
    qint64 m_trickle;
    qint64 m_burst;
    QTimer m_timer;
    QPointer<QTcpSocket> m_socket;
};

// One request per new connection, one every intervalMs; latencies from connect to the last byte of the answer.
class GoodClient : public QObject
{
public:
    GoodClient(const Target& target, QString from, QObject* parent)
        : QObject(parent), m_target(target), m_from(std::move(from))
    {
        QTimer::singleShot(0, this, [this] { next(); });
    }
    std::vector<double> latenciesMs;
    int unavailable = 0; // 503
    int failed = 0;      // no answer, or not the expected status
    void stop() { m_stopped = true; }

private:
    void next()
    {
        if (m_stopped)
            return;
        const bool post = (m_count++ % 2) == 1;
        const QByteArray body = R"({"title":"Benchmark incident","severity":"low","summary":"a good client at work",)"
                                R"("source":{"kind":"automated_signal","signal":"waf"}})";
        const QByteArray request =
            post ? "POST /api/v1/security/incidents HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " +
                       m_target.token + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                       QByteArray::number(body.size()) + "\r\n\r\n" + body
                 : "GET /api/v1/security/incidents?limit=20 HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " +
                       m_target.token + "\r\nConnection: close\r\n\r\n";
        const int expected = post ? 201 : 200;
        auto* socket = new QTcpSocket(this);
        socket->bind(QHostAddress(m_from), 0);
        auto answer = std::make_shared<QByteArray>();
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        auto done = std::make_shared<bool>(false);
        auto finish = [this, socket, answer, clock, done, expected] {
            if (*done)
                return;
            *done = true;
            const int status = answer->mid(9, 3).toInt();
            if (status == expected)
                latenciesMs.push_back(double(clock->nsecsElapsed()) / 1e6);
            else if (status == 503)
                ++unavailable;
            else
                ++failed;
            socket->deleteLater();
            QTimer::singleShot(50, this, [this] { next(); });
        };
        connect(socket, &QTcpSocket::connected, socket, [socket, request] { socket->write(request); });
        connect(socket, &QTcpSocket::readyRead, socket, [socket, answer] { *answer += socket->readAll(); });
        connect(socket, &QTcpSocket::disconnected, socket, finish);
        connect(socket, &QTcpSocket::errorOccurred, socket, [finish](QAbstractSocket::SocketError) { finish(); });
        QTimer::singleShot(5000, socket, finish);
        socket->connectToHost(QHostAddress(QStringLiteral("127.0.0.1")), m_target.port);
    }

    Target m_target;
    QString m_from;
    int m_count = 0;
    bool m_stopped = false;
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return -1;
    std::sort(v.begin(), v.end());
    return v[size_t(std::min<double>(double(v.size() - 1), p * double(v.size() - 1) + 0.5))];
}

void report(const char* name, GoodClient& good, qint64 pid, qint64 baseKb, const QString& attackers)
{
    const qint64 peakKb = statusKb(pid, "VmHWM:");
    std::printf("%s: %s\n  good client: %zu answered, p50 %.1f ms, p99 %.1f ms, max %.1f ms, 503: %d, other "
                "failures: %d\n  server: RSS at start %.1f MB, peak %.1f MB (target < 96 MB budget + 64 MB = 160 MB)\n",
                name, qPrintable(attackers), good.latenciesMs.size(), percentile(good.latenciesMs, 0.5),
                percentile(good.latenciesMs, 0.99),
                good.latenciesMs.empty() ? -1.0 : *std::max_element(good.latenciesMs.begin(), good.latenciesMs.end()),
                good.unavailable, good.failed, double(baseKb) / 1024, double(peakKb) / 1024);
    std::fflush(stdout);
}

QByteArray run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(30000);
    return p.readAllStandardOutput().trimmed();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_attacks WATCHPOST_BINARY [seconds]\n");
        return 2;
    }
    const QString binary = QString::fromLocal8Bit(argv[1]);
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 30;
    QTemporaryDir dir;
    const QString store = dir.filePath(QStringLiteral("attack.sqlite"));
    const QString secretFile = dir.filePath(QStringLiteral("secret"));
    {
        QFile f(secretFile);
        f.open(QIODevice::WriteOnly);
        f.write("bench attack secret");
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    }
    Target target;
    target.token = run(binary, {QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--name"),
                                QStringLiteral("good-client"), QStringLiteral("--role"), QStringLiteral("responder"),
                                QStringLiteral("--store"), store});
    QProcess serve;
    serve.setProcessChannelMode(QProcess::MergedChannels);
    serve.start(binary, {QStringLiteral("serve"), QStringLiteral("--store"), store, QStringLiteral("--listen"),
                         QStringLiteral("127.0.0.1:0"), QStringLiteral("--webhook-secret-file"), secretFile});
    QByteArray out;
    for (int i = 0; i < 100 && !out.contains("listening on"); ++i) {
        serve.waitForReadyRead(100);
        out += serve.readAll();
    }
    const qsizetype at = out.indexOf("127.0.0.1:");
    if (at < 0) {
        std::fprintf(stderr, "serve did not start: %s\n", out.constData());
        return 1;
    }
    target.port = quint16(out.mid(at + 10).split('\n').first().trimmed().toUInt());
    const qint64 pid = serve.processId();
    std::printf("watchpost serve pid %lld on port %u, default limits; %d s per scenario\n", pid, target.port, seconds);

    auto scenario = [&](const char* name, const QString& attackers, auto&& makeAttackers) {
        spin(500);
        resetPeak(pid);
        const qint64 base = statusKb(pid, "VmRSS:");
        auto* holder = new QObject;
        makeAttackers(holder);
        spin(3000); // the attack is established before the good client starts
        // The good client has a thread and event loop of its own, so the attackers' writes never delay it here.
        QThread thread;
        QObject context;
        context.moveToThread(&thread);
        thread.start();
        GoodClient* good = nullptr;
        QMetaObject::invokeMethod(
            &context, [&] { good = new GoodClient(target, QStringLiteral("127.0.0.200"), nullptr); },
            Qt::BlockingQueuedConnection);
        spin(seconds * 1000);
        QMetaObject::invokeMethod(
            &context, [good] { good->stop(); }, Qt::BlockingQueuedConnection);
        spin(300);
        QMetaObject::invokeMethod(
            &context,
            [&] {
                report(name, *good, pid, base, attackers);
                delete good;
            },
            Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
        delete holder;
        spin(1000);
    };

    // Slowloris: 600 connections, ten addresses, one header byte every 5 s each.
    scenario("slowloris", QStringLiteral("600 connections from 127.0.0.2-11, one header byte every 5 s"),
             [&](QObject* holder) {
                 for (int i = 0; i < 600; ++i)
                     new Attacker(target, QStringLiteral("127.0.0.%1").arg(2 + i % 10),
                                  "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ", 1, 5000, holder);
             });

    // Body budget: forged 25 MB deliveries and 1 MiB API bodies, each sent at once but for its last byte and
    // then held open (its average rate stays far above the 8 KiB/s floor), reconnecting when refused or cut.
    const QByteArray forged = "POST /api/github/webhooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                              "X-GitHub-Event: push\r\nX-GitHub-Delivery: forged\r\nX-Hub-Signature-256: sha256=" +
                              QByteArray(64, '0') + "\r\nContent-Length: 26214400\r\n\r\n";
    const QByteArray apiBody = "POST /api/v1/security/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                               "wpt_forged\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n";
    scenario("body budget",
             QStringLiteral("20 forged 25 MB webhook bodies and 100 1 MiB API bodies from 127.0.0.2-11, each sent "
                            "but for its last byte and held open"),
             [&](QObject* holder) {
                 for (int i = 0; i < 120; ++i) {
                     const bool webhook = i % 6 == 0;
                     new Attacker(target, QStringLiteral("127.0.0.%1").arg(2 + i % 10), webhook ? forged : apiBody, 0,
                                  1000, holder, webhook ? 26214400 - 1 : 1048576 - 1);
                 }
             });

    // Multiplier: one 25 MB body at full speed — forged (refused once read), then signed (read, verified,
    // parsed and stored) — and what the process held at its peak per body byte.
    auto oneBody = [&](const char* what, const QByteArray& head, const QByteArray& body) {
        spin(500);
        resetPeak(pid);
        const qint64 base = statusKb(pid, "VmRSS:");
        QTcpSocket s;
        s.bind(QHostAddress(QStringLiteral("127.0.0.250")), 0);
        s.connectToHost(QHostAddress(QStringLiteral("127.0.0.1")), target.port);
        s.waitForConnected(3000);
        s.write(head);
        for (qsizetype at = 0; at < body.size(); at += 1024 * 1024) {
            s.write(body.mid(at, 1024 * 1024));
            while (s.bytesToWrite() > 0)
                s.waitForBytesWritten(1000);
        }
        QByteArray answer;
        for (int i = 0; i < 300 && !answer.contains("\r\n\r\n{"); ++i) {
            s.waitForReadyRead(100);
            answer += s.readAll();
        }
        const qint64 peak = statusKb(pid, "VmHWM:");
        std::printf("multiplier, %s: one %lld-byte body at full speed -> %s; server RSS %.1f MB before, peak %.1f "
                    "MB: %.2f bytes held per body byte\n",
                    what, qint64(body.size()), answer.left(12).constData(), double(base) / 1024, double(peak) / 1024,
                    double(peak - base) * 1024 / double(body.size()));
        std::fflush(stdout);
    };
    oneBody("forged", forged, QByteArray(26214400, 'a'));
    const QByteArray signedBody = "{\"zen\":\"" + QByteArray(26214400 - 10, 'z') + "\"}";
    const QByteArray signature =
        QMessageAuthenticationCode::hash(signedBody, "bench attack secret", QCryptographicHash::Sha256).toHex();
    oneBody("signed",
            "POST /api/github/webhooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "X-GitHub-Event: push\r\nX-GitHub-Delivery: signed-25mb\r\nX-Hub-Signature-256: sha256=" +
                signature + "\r\nContent-Length: " + QByteArray::number(signedBody.size()) + "\r\n\r\n",
            signedBody);
    serve.terminate();
    serve.waitForFinished(5000);
    return 0;
}
