// Kill-switch benchmark (issue 12): time from the engage answer to the first denied shipping decision — asked of
// the same `watchpost serve` that engaged, and of a second `watchpost serve` sharing its SQLite file (another
// process) — over raw keep-alive HTTP/1.1 connections on loopback. Each round engages (responder), asks one
// decision the moment the engage answer is read, then releases (admin); the decision's own round trip with
// nothing changed is measured beside it. Prints figures; no thresholds.
#include "models/credentials/CredentialService.h"
#include "models/secrets/FileSecretStore.h"
#include "tests/bench/BenchHttp.h"
#include "tests/support/net/ServeProcess.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUrl>

using namespace watchpost;
using namespace bench;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.sqlite"));
    QByteArray bot, lead, admin;
    {
        auto store = Store::open(path, SystemClock()).value();
        auto clock = std::make_shared<SystemClock>();
        auto secrets = std::make_shared<FileSecretStore>(FileSecretStore::besideStore(path));
        CredentialService credentials(store, clock, secrets, std::make_shared<AuditLog>(store, clock));
        auto make = [&](const char* name, const char* role) {
            return credentials
                .create(QString::fromLatin1(name), QString::fromLatin1(role), {}, std::nullopt, QStringLiteral("bench"))
                ->token.toLatin1();
        };
        bot = make("ci-bot", "automation");
        lead = make("lead", "responder");
        admin = make("admin", "admin");
        store->closeThreadConnection();
    }
    QProcess first, second;
    const QStringList args{QStringLiteral("serve"), QStringLiteral("--store"), path, QStringLiteral("--listen"),
                           QStringLiteral("127.0.0.1:0")};
    const QString urlA = testsupport::startListening(first, args);
    const QString urlB = testsupport::startListening(second, args);
    if (urlA.isEmpty() || urlB.isEmpty()) {
        std::fprintf(stderr, "bench_killswitch: serve did not start\n");
        return 1;
    }
    const auto port = [](const QString& url) { return quint16(QUrl(url).port()); };
    Connection control(port(urlA)), askA(port(urlA)), askB(port(urlB));
    const QByteArray decision = R"({"action":"push","repository":"acme/api","ref":"refs/heads/main"})";
    const QByteArray engage = R"({"reason":"bench: runaway bot","scope":{"credentials":"all_automation"}})";
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 50;
    std::vector<double> same, other, baseline;
    auto denied = [](const QByteArray& body) {
        return !QJsonDocument::fromJson(body).object().value(QStringLiteral("allowed")).toBool(true);
    };
    QElapsedTimer t;
    for (int i = 0; i < rounds * 2; ++i) {
        Connection& ask = i % 2 ? askB : askA;
        QByteArray body;
        // Warm: both listeners have the released state cached.
        askA.request("POST", "/api/v1/shipping/decisions", bot, decision, &body);
        askB.request("POST", "/api/v1/shipping/decisions", bot, decision, &body);
        t.start();
        ask.request("POST", "/api/v1/shipping/decisions", bot, decision, &body);
        baseline.push_back(double(t.nsecsElapsed()) / 1000.0);
        if (control.request("POST", "/api/v1/security/kill-switch/engage", lead, engage, &body) != 201) {
            std::fprintf(stderr, "engage refused: %s\n", body.constData());
            return 1;
        }
        t.start(); // the engage answer has been read
        const int status = ask.request("POST", "/api/v1/shipping/decisions", bot, decision, &body);
        const double us = double(t.nsecsElapsed()) / 1000.0;
        if (status != 200 || !denied(body)) {
            std::fprintf(stderr, "round %d: the first decision after the engage answer was not denied: %s\n", i,
                         body.constData());
            return 1;
        }
        (i % 2 ? other : same).push_back(us);
        if (control.request("POST", "/api/v1/security/kill-switch/release", admin, R"({"reason":"bench round"})",
                            &body) != 200) {
            std::fprintf(stderr, "release refused: %s\n", body.constData());
            return 1;
        }
    }
    std::printf("%d rounds each; every first decision after the engage answer was denied\n", rounds);
    report("engage answer -> first denied decision, same serve", same);
    report("engage answer -> first denied decision, other serve, same file", other);
    report("one decision's round trip, nothing changed", baseline);
    first.terminate();
    second.terminate();
    first.waitForFinished(5000);
    second.waitForFinished(5000);
    return 0;
}
