// Credentials benchmark (issue 4): how fast a revocation cuts a key off, and what a session token costs per
// request against an API key. A real listener on loopback over a real SQLite file and a real secrets/ directory;
// raw keep-alive HTTP/1.1 connections so the client adds as little as possible. Prints figures; no thresholds.
#include "models/credentials/CredentialService.h"
#include "models/secrets/FileSecretStore.h"
#include "net/http/ListenerThread.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>

using namespace watchpost;

namespace {
// One keep-alive connection; request() sends and waits for one complete answer (Content-Length framed).
class Connection
{
public:
    explicit Connection(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.waitForConnected(5000);
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }
    void send(const QByteArray& method, const QByteArray& path, const QByteArray& token, const QByteArray& body = {})
    {
        QByteArray r = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n";
        if (!body.isEmpty())
            r += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        m_socket.write(r + "\r\n" + body);
        m_socket.flush();
    }
    // Waits for one answer; returns its status and leaves the body in `body`.
    int receive(QByteArray* body = nullptr)
    {
        QByteArray buffer;
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end >= 0) {
                const QByteArray head = buffer.left(end);
                const qsizetype cl = head.toLower().indexOf("content-length:");
                const int length = cl < 0 ? 0 : head.mid(cl + 15, head.indexOf('\r', cl) - cl - 15).trimmed().toInt();
                while (buffer.size() < end + 4 + length && m_socket.waitForReadyRead(5000))
                    buffer += m_socket.readAll();
                if (body)
                    *body = buffer.mid(end + 4, length);
                return head.mid(9, 3).toInt();
            }
            if (!m_socket.waitForReadyRead(5000))
                return 0;
            buffer += m_socket.readAll();
        }
    }
    int request(const QByteArray& method, const QByteArray& path, const QByteArray& token, const QByteArray& body = {},
                QByteArray* answer = nullptr)
    {
        send(method, path, token, body);
        return receive(answer);
    }

private:
    QTcpSocket m_socket;
};

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

void report(const char* what, const std::vector<double>& us)
{
    std::printf("%-58s median %8.1f us  p99 %8.1f us  max %8.1f us  (n=%zu)\n", what, percentile(us, 0.5),
                percentile(us, 0.99), *std::max_element(us.begin(), us.end()), us.size());
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    auto store = Store::open(dir.filePath(QStringLiteral("bench.sqlite")), SystemClock()).value();
    auto clock = std::make_shared<SystemClock>();
    auto secrets = std::make_shared<FileSecretStore>(FileSecretStore::besideStore(store->path()));
    CredentialService credentials(store, clock, secrets, std::make_shared<AuditLog>(store, clock));
    const QByteArray admin =
        credentials
            .create(QStringLiteral("bench-admin"), QStringLiteral("admin"), {}, std::nullopt, QStringLiteral("bench"))
            ->token.toLatin1();
    ListenerThread listener(DomainDeps{store, clock, nullptr, secrets, {}});
    const ListenerStatus status = listener.start(QHostAddress(QHostAddress::LocalHost), 0);
    const quint16 port = QUrl(status.url).port();
    std::printf("machine: %d cores; listener %s; store %s\n", QThread::idealThreadCount(), qPrintable(status.url),
                qPrintable(store->path()));

    // 1. Revoke → first refused request. Connection A revokes; connection B, already open and authenticated, sends
    // the next request with the revoked key the moment A's answer arrives.
    const int trials = argc > 1 ? QByteArray(argv[1]).toInt() : 300;
    std::vector<double> revokeToRefused, answerToRefused;
    Connection a(port), b(port);
    for (int i = 0; i < trials; ++i) {
        QByteArray created;
        a.request("POST", "/api/v1/security/credentials", admin,
                  QJsonDocument(QJsonObject{{"name", QStringLiteral("victim-%1").arg(i)}, {"role", "automation"}})
                      .toJson(QJsonDocument::Compact),
                  &created);
        const QJsonObject c = QJsonDocument::fromJson(created).object();
        const QByteArray key = c.value("token").toString().toLatin1();
        if (b.request("GET", "/api/v1/security/incidents?limit=1", key) != 200) {
            std::printf("warm-up request refused; stopping\n");
            return 1;
        }
        QElapsedTimer t;
        t.start();
        a.request("POST", "/api/v1/security/credentials/" + QByteArray::number(c.value("id").toInt()) + "/revoke",
                  admin, R"({"reason":"bench","sessions":"immediate"})");
        const qint64 answered = t.nsecsElapsed();
        const int refused = b.request("GET", "/api/v1/security/incidents?limit=1", key);
        const qint64 done = t.nsecsElapsed();
        if (refused != 401) {
            std::printf("the revoked key was not refused (HTTP %d)\n", refused);
            return 1;
        }
        revokeToRefused.push_back(double(done) / 1000.0);
        answerToRefused.push_back(double(done - answered) / 1000.0);
    }
    report("revoke request sent -> first refused answer (401)", revokeToRefused);
    report("  of which: revoke answered -> refused answer", answerToRefused);

    // 2. Per-request cost of each kind of credential, the same authenticated GET over one keep-alive connection.
    const QByteArray apiKey =
        credentials
            .create(QStringLiteral("reader"), QStringLiteral("viewer"), {}, std::nullopt, QStringLiteral("bench"))
            ->token.toLatin1();
    QByteArray sessionAnswer;
    a.request("POST", "/api/v1/auth/sessions", apiKey, {}, &sessionAnswer);
    const QByteArray session =
        QJsonDocument::fromJson(sessionAnswer).object().value("session_token").toString().toLatin1();
    const int requests = argc > 2 ? QByteArray(argv[2]).toInt() : 5000;
    for (const auto& [label, token] :
         {std::pair("GET /incidents?limit=1 with an API key (SHA-256 lookup)", apiKey),
          std::pair("GET /incidents?limit=1 with a session token (Ed25519 verify)", session)}) {
        std::vector<double> us;
        for (int i = 0; i < requests; ++i) {
            QElapsedTimer t;
            t.start();
            if (b.request("GET", "/api/v1/security/incidents?limit=1", token) != 200)
                return 1;
            us.push_back(double(t.nsecsElapsed()) / 1000.0);
        }
        report(label, us);
    }
    // 3. The verification alone, in process (no HTTP): what authenticating costs on the listener thread.
    for (const auto& [label, token] : {std::pair("authenticate(API key) in process", apiKey),
                                       std::pair("authenticate(session token) in process", session)}) {
        std::vector<double> us;
        for (int i = 0; i < requests; ++i) {
            QElapsedTimer t;
            t.start();
            if (!credentials.authenticate(QString::fromLatin1(token)))
                return 1;
            us.push_back(double(t.nsecsElapsed()) / 1000.0);
        }
        report(label, us);
    }
    // 4. A session token seen for the first time: the Ed25519 verification itself (nothing remembered yet).
    {
        auto reader = credentials.tokens().authenticate(QString::fromLatin1(apiKey)).value();
        std::vector<QString> fresh;
        for (int i = 0; i < 500; ++i)
            fresh.push_back(credentials.sessions().issue(reader)->token);
        std::vector<double> us;
        for (const QString& token : fresh) {
            QElapsedTimer t;
            t.start();
            if (!credentials.authenticate(token))
                return 1;
            us.push_back(double(t.nsecsElapsed()) / 1000.0);
        }
        report("authenticate(session token) first time (Ed25519 verify)", us);
    }
    listener.stop();
    return 0;
}
