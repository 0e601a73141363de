#include "app/commands/ShipCheckCommand.h"

#include "models/sync/CertificatePin.h"
#include "net/sync/SyncClient.h"

#include <QEventLoop>
#include <QJsonObject>

namespace watchpost {

int ShipCheckCommand::run()
{
    const QString token = qEnvironmentVariable("WATCHPOST_TOKEN");
    if (token.isEmpty()) {
        say(stderr, QStringLiteral("watchpost: ship-check needs the automation's API key in WATCHPOST_TOKEN"));
        return 2;
    }
    QString server = m_options.serverUrl;
    if (server.isEmpty())
        server = qEnvironmentVariable("WATCHPOST_SERVER");
    if (server.isEmpty()) {
        say(stderr, QStringLiteral("watchpost: ship-check needs the server: --server URL or WATCHPOST_SERVER"));
        return 2;
    }
    if (const auto problem = serverUrlProblem(server, QStringLiteral("WATCHPOST_SERVER"))) {
        say(stderr, QStringLiteral("watchpost: %1").arg(*problem));
        return 2;
    }
    QString fingerprint = m_options.fingerprint;
    if (fingerprint.isEmpty() && !qEnvironmentVariableIsEmpty("WATCHPOST_FINGERPRINT")) {
        fingerprint = pin::normalize(qEnvironmentVariable("WATCHPOST_FINGERPRINT"));
        if (fingerprint.isEmpty()) {
            say(stderr, QStringLiteral("watchpost: WATCHPOST_FINGERPRINT must be a SHA-256 in hex (64 digits, colons "
                                       "allowed)"));
            return 2;
        }
    }
    QJsonObject request{{QStringLiteral("action"), m_options.shipAction},
                        {QStringLiteral("repository"), m_options.shipRepository}};
    if (!m_options.shipRef.isEmpty())
        request.insert(QStringLiteral("ref"), m_options.shipRef);
    if (!m_options.shipWorkflow.isEmpty())
        request.insert(QStringLiteral("workflow"), m_options.shipWorkflow);
    if (!m_options.shipDetail.isEmpty())
        request.insert(QStringLiteral("detail"), m_options.shipDetail);

    SyncClient client(SyncServer{QUrl(server), token, fingerprint});
    SyncAnswer answer;
    QEventLoop loop;
    client.send(
        "POST", QStringLiteral("/api/v1/shipping/decisions"), request,
        [&](SyncAnswer a) {
            answer = std::move(a);
            loop.quit();
        },
        kTimeoutMs);
    loop.exec();

    const QString what = QStringLiteral("%1 to %2").arg(m_options.shipAction, m_options.shipRepository);
    switch (answer.failure) {
    case SyncFailure::None:
        break;
    case SyncFailure::Unreachable:
    case SyncFailure::ServerError:
    case SyncFailure::Tls:
    case SyncFailure::Untrusted:
    case SyncFailure::CertificateChanged:
        say(stderr, QStringLiteral("watchpost: refused — %1 not allowed: Watchpost at %2 could not be asked (%3); "
                                   "nothing ships without its answer")
                        .arg(what, server, answer.message));
        return kUnreachable;
    default: {
        const QString why =
            answer.body.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
        say(stderr,
            QStringLiteral("watchpost: refused — %1 not allowed: %2").arg(what, why.isEmpty() ? answer.message : why));
        return kDenied;
    }
    }
    const QJsonValue allowed = answer.body.value(QStringLiteral("allowed"));
    if (!allowed.isBool()) {
        say(stderr,
            QStringLiteral("watchpost: refused — %1 not allowed: Watchpost's answer had no decision").arg(what));
        return kUnreachable;
    }
    const QString decision = answer.body.value(QStringLiteral("decision_id")).toString();
    if (allowed.toBool()) {
        say(stdout, QStringLiteral("allowed: %1 (decision %2)").arg(what, decision));
        return 0;
    }
    const QString incident = answer.body.value(QStringLiteral("incident")).toString();
    say(stderr, QStringLiteral("watchpost: denied — %1: %2%3 (decision %4)")
                    .arg(what, answer.body.value(QStringLiteral("reason")).toString(),
                         incident.isEmpty() ? QString() : QStringLiteral("; incident %1").arg(incident), decision));
    return kDenied;
}

} // namespace watchpost
