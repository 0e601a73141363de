// Credentials benchmark (issue 4): how fast a revocation cuts a key off, and what a session token costs per
// request against an API key. A real listener on loopback over a real SQLite file and a real secrets/ directory;
// raw keep-alive HTTP/1.1 connections so the client adds as little as possible. Prints figures; no thresholds.
#include "models/credentials/CredentialService.h"
#include "models/secrets/FileSecretStore.h"
#include "net/http/ListenerThread.h"
#include "tests/bench/BenchHttp.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <cstdio>

using namespace watchpost;
using namespace bench;

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
