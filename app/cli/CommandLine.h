#pragma once
// CommandLine: the watchpost command-line contract (modes, flags, exit code 2 on misuse).

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <optional>

namespace watchpost {

struct Options
{
    enum class Mode
    {
        Console,
        Serve,
        TokenCreate,
        AuditVerify,
        Open,
        WebhookSecretSet,
        WebhookSecretRemove,
        Replicate,
        ShipCheck,
        Help,
        Version
    };
    Mode mode = Mode::Console;
    QString storePath; // empty: WATCHPOST_STORE or the default
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 listenPort = 8787;
    bool noListener = false;
    QString tlsCertificatePath; // --tls-cert and --tls-key: HTTPS in the listener itself
    QString tlsKeyPath;
    bool insecureHttp = false; // plain HTTP on an address other than loopback, behind a TLS-terminating proxy
    QString trustedProxy;      // --trusted-proxy: stored as the webhook policy's trusted proxy
    bool demo = false;
    QString route;
    QString tokenName;
    QString tokenRole;
    std::optional<int> tokenExpiresInDays;
    QString webhookSecretFile; // empty: WATCHPOST_WEBHOOK_SECRET_FILE or none
    QString hookId;
    int graceSeconds = 0;
    // replicate: the server (https://HOST:PORT; http:// on loopback only), the replica file, an optional pin
    QString serverUrl;
    QString replicaPath;
    QString fingerprint; // normalised: 64 lower-case hex digits
    bool once = false;
    bool bodies = false;
    // ship-check: what automation is about to do (the server from --server or WATCHPOST_SERVER)
    QString shipAction;
    QString shipRepository;
    QString shipRef;
    QString shipWorkflow;
    QString shipDetail;
};

struct ParseOutcome
{
    std::optional<Options> options;
    QString error; // set when options is empty: names the flag or value
};

ParseOutcome parseCommandLine(const QStringList& arguments);
QString usageText();
// "127.0.0.1:8787", "[::1]:0", "localhost:9000".
bool parseListen(const QString& text, QHostAddress* address, quint16* port, QString* error);
// Why `url` cannot name a Watchpost server (--server, WATCHPOST_SERVER): https://HOST[:PORT], plain http only on
// loopback; nothing when it can.
std::optional<QString> serverUrlProblem(const QString& url, const QString& source = QStringLiteral("--server"));
// Why the listener must not bind as asked: plain HTTP beyond loopback without --insecure-http (and its
// --trusted-proxy), half a TLS pair, or contradicting flags. Nothing for commands without a listener.
std::optional<QString> listenProblem(const Options& options);

} // namespace watchpost
