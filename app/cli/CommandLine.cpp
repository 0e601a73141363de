#include "app/cli/CommandLine.h"

#include "models/killswitch/KillSwitchRules.h"
#include "models/secrets/GracePeriod.h"
#include "models/sync/CertificatePin.h"
#include "ui/shell/ConsoleRoutes.h"

#include <QUrl>

namespace watchpost {

QString usageText()
{
    return QStringLiteral(
               "Usage:\n"
               "  watchpost [--store PATH] [--listen HOST:PORT] [--no-listener] [--demo]\n"
               "      Open the console. The REST API listens on 127.0.0.1:8787 unless told otherwise.\n"
               "  watchpost --server URL [--fingerprint SHA256] [--replica PATH]\n"
               "      Open the console attached to a Watchpost server (team mode): pages read a local replica\n"
               "      that follows the server; actions go to its API. The API key is asked for once and kept\n"
               "      in the OS keychain. A self-signed certificate is shown by fingerprint to accept once.\n"
               "  watchpost serve [--store PATH] [--listen HOST:PORT] [--tls-cert PEM --tls-key PEM]\n"
               "                  [--insecure-http --trusted-proxy IP]\n"
               "      Run headless: the REST API only. Prints 'listening on http(s)://HOST:PORT' once it accepts\n"
               "      connections; port 0 picks a free port. Stops cleanly on SIGTERM or SIGINT.\n"
               "  watchpost replicate --server URL --replica PATH [--fingerprint SHA256] [--once] [--bodies]\n"
               "      Copy a server's store into a replica file, following its change feed (key in\n"
               "      $WATCHPOST_TOKEN). --once catches up and exits 0; 1: the server's history changed\n"
               "      (named); 3: the server is unreachable, refuses the key or the certificate; 4: the\n"
               "      replica cannot be used.\n"
               "  watchpost ship-check --action ACTION --repository OWNER/REPO [--ref REF] [--workflow PATH]\n"
               "                       [--detail TEXT] [--server URL] [--fingerprint SHA256]\n"
               "      Ask Watchpost before shipping (automation's key in $WATCHPOST_TOKEN; the server from\n"
               "      --server or $WATCHPOST_SERVER, a pin from --fingerprint or $WATCHPOST_FINGERPRINT).\n"
               "      ACTION: commit, push, pull_request, merge, release, deploy or diagnostic. Exit 0 allowed;\n"
               "      1 denied or refused (the reason on stderr); 3 Watchpost cannot be reached or cannot\n"
               "      decide — also a refusal: do not ship.\n"
               "  watchpost token create --name NAME --role admin|responder|viewer|automation\n"
               "                         [--expires-in-days N] [--store PATH]\n"
               "      Print a new API key once on stdout; only its SHA-256 hash is stored (audited).\n"
               "  watchpost audit verify [--store PATH]\n"
               "      Check the audit log's SHA-256 chain: exit 0 when intact, 1 naming the first broken record.\n"
               "  watchpost webhook-secret set --hook ID [--grace-seconds N] [--store PATH]\n"
               "      Read a webhook secret from standard input into the OS keychain (replacing the hook's secret;\n"
               "      with --grace-seconds the replaced one stays valid that long). Hook 'default' receives\n"
               "      /api/github/webhooks; other hooks /api/github/webhooks/ID.\n"
               "  watchpost webhook-secret remove --hook ID [--store PATH]\n"
               "  watchpost open ROUTE [--store PATH]\n"
               "      Bring a running console to ROUTE, starting one if none runs for the store.\n"
               "      Routes: %1\n"
               "\n"
               "Options:\n"
               "  --store PATH         the SQLite store (default: $WATCHPOST_STORE, else the user's data folder)\n"
               "  --listen HOST:PORT   where the listener binds (default 127.0.0.1:8787)\n"
               "  --no-listener        console only, no REST API\n"
               "  --tls-cert PEM, --tls-key PEM  serve HTTPS (TLS 1.2 and later) with this certificate chain and\n"
               "                       its unencrypted RSA or EC key. Any address but loopback needs them …\n"
               "  --insecure-http      … or this: plain HTTP behind a TLS-terminating reverse proxy, which\n"
               "                       --trusted-proxy names\n"
               "  --trusted-proxy IP   the proxy whose X-Forwarded-For is believed (stored in the webhook policy)\n"
               "  --webhook-secret-file PATH  headless secret for hooks without their own (also\n"
               "                       $WATCHPOST_WEBHOOK_SECRET_FILE); must be readable by its owner only\n"
               "  --demo               fill an empty store with a demo dataset first\n"
               "  -h, --help           show this help\n"
               "  --version            show the version\n"
               "\n"
               "Exit codes: 0 success, 1 failure (message on stderr), 2 bad command line.\n")
        .arg(ConsoleRoutes::examples());
}

std::optional<QString> listenProblem(const Options& o)
{
    if (o.mode != Options::Mode::Console && o.mode != Options::Mode::Serve && o.mode != Options::Mode::Open)
        return std::nullopt;
    const bool tls = !o.tlsCertificatePath.isEmpty() || !o.tlsKeyPath.isEmpty();
    if (tls && (o.tlsCertificatePath.isEmpty() || o.tlsKeyPath.isEmpty()))
        return QStringLiteral("--tls-cert and --tls-key go together: the certificate chain and its private key");
    if (tls && o.insecureHttp)
        return QStringLiteral("--insecure-http contradicts --tls-cert: choose HTTPS in the listener or plain HTTP "
                              "behind a proxy");
    if (tls && o.noListener)
        return QStringLiteral("--tls-cert is for the listener, and --no-listener turns it off");
    if (o.noListener || tls || o.listenAddress.isLoopback())
        return std::nullopt;
    const QString where = QStringLiteral("%1:%2").arg(o.listenAddress.toString()).arg(o.listenPort);
    if (!o.insecureHttp)
        return QStringLiteral("refusing to listen on %1 in plain HTTP: API keys and webhook secrets would cross the "
                              "network readable. Give --tls-cert and --tls-key, or — behind a reverse proxy that "
                              "terminates TLS — --insecure-http with --trusted-proxy IP")
            .arg(where);
    if (o.trustedProxy.isEmpty())
        return QStringLiteral("--insecure-http on %1 is for a TLS-terminating reverse proxy: name it with "
                              "--trusted-proxy IP, so only its X-Forwarded-For is believed")
            .arg(where);
    return std::nullopt;
}

bool parseListen(const QString& text, QHostAddress* address, quint16* port, QString* error)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0) {
        *error = QStringLiteral("--listen needs HOST:PORT, got '%1'").arg(text);
        return false;
    }
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535) {
        *error = QStringLiteral("--listen port must be 0 to 65535, got '%1'").arg(text.mid(colon + 1));
        return false;
    }
    QHostAddress a;
    if (host == QLatin1String("localhost"))
        a = QHostAddress(QHostAddress::LocalHost);
    else if (!a.setAddress(host)) {
        *error = QStringLiteral("--listen host must be an IP address or localhost, got '%1'").arg(host);
        return false;
    }
    *address = a;
    *port = quint16(p);
    return true;
}

std::optional<QString> serverUrlProblem(const QString& text, const QString& source)
{
    const QUrl url(text, QUrl::StrictMode);
    const bool https = url.scheme() == QLatin1String("https");
    const bool loopback = QHostAddress(url.host()).isLoopback() || url.host() == QLatin1String("localhost");
    if (!url.isValid() || url.host().isEmpty() || (!https && url.scheme() != QLatin1String("http")) ||
        (url.path() != QString() && url.path() != QLatin1String("/")) || url.hasQuery())
        return QStringLiteral("%1 must be https://HOST[:PORT], got '%2'").arg(source, text);
    if (!https && !loopback)
        return QStringLiteral("%1 %2 is plain HTTP beyond loopback: the API key would cross the network readable — "
                              "use https://")
            .arg(source, text);
    return std::nullopt;
}

ParseOutcome parseCommandLine(const QStringList& arguments)
{
    Options o;
    QStringList args = arguments.mid(1);
    auto fail = [](const QString& message) { return ParseOutcome{std::nullopt, message}; };
    // A watchpost:// link (from the desktop entry or a notification) is `open ROUTE`.
    if (!args.isEmpty() && args.first().startsWith(QLatin1String("watchpost://")))
        args.prepend(QStringLiteral("open"));
    if (!args.isEmpty() && args.first() == QLatin1String("serve")) {
        o.mode = Options::Mode::Serve;
        args.removeFirst();
    } else if (!args.isEmpty() && args.first() == QLatin1String("token")) {
        if (args.value(1) != QLatin1String("create"))
            return fail(QStringLiteral("unknown token command '%1' (expected: token create)").arg(args.value(1)));
        o.mode = Options::Mode::TokenCreate;
        args = args.mid(2);
    } else if (!args.isEmpty() && args.first() == QLatin1String("audit")) {
        if (args.value(1) != QLatin1String("verify"))
            return fail(QStringLiteral("unknown audit command '%1' (expected: audit verify)").arg(args.value(1)));
        o.mode = Options::Mode::AuditVerify;
        args = args.mid(2);
    } else if (!args.isEmpty() && args.first() == QLatin1String("webhook-secret")) {
        if (args.value(1) == QLatin1String("set"))
            o.mode = Options::Mode::WebhookSecretSet;
        else if (args.value(1) == QLatin1String("remove"))
            o.mode = Options::Mode::WebhookSecretRemove;
        else
            return fail(
                QStringLiteral("unknown webhook-secret command '%1' (expected: set or remove)").arg(args.value(1)));
        args = args.mid(2);
    } else if (!args.isEmpty() && args.first() == QLatin1String("replicate")) {
        o.mode = Options::Mode::Replicate;
        args.removeFirst();
    } else if (!args.isEmpty() && args.first() == QLatin1String("ship-check")) {
        o.mode = Options::Mode::ShipCheck;
        args.removeFirst();
    } else if (!args.isEmpty() && args.first() == QLatin1String("open")) {
        o.mode = Options::Mode::Open;
        if (args.size() < 2 || args.at(1).startsWith(QLatin1String("--")))
            return fail(QStringLiteral("open needs a ROUTE, e.g. watchpost open /incidents"));
        o.route = args.at(1);
        if (o.route.startsWith(QLatin1String("watchpost://")))
            o.route = o.route.mid(11);
        if (!o.route.startsWith(QLatin1Char('/')))
            return fail(QStringLiteral("ROUTE must start with '/', got '%1'").arg(o.route));
        args = args.mid(2);
    } else if (!args.isEmpty() && !args.first().startsWith(QLatin1Char('-')))
        return fail(QStringLiteral("unknown command '%1'").arg(args.first()));

    for (int i = 0; i < args.size(); ++i) {
        const QString a = args.at(i);
        QString flag = a;
        QString inlineValue;
        bool hasInline = false;
        if (a.startsWith(QLatin1String("--")) && a.contains(QLatin1Char('='))) {
            flag = a.section(QLatin1Char('='), 0, 0);
            inlineValue = a.section(QLatin1Char('='), 1);
            hasInline = true;
        }
        auto value = [&](QString* out) -> bool {
            if (hasInline)
                *out = inlineValue;
            else if (i + 1 < args.size())
                *out = args.at(++i);
            else
                return false;
            return true;
        };
        // `open` may start a console, so it takes the console's flags.
        const bool console = o.mode == Options::Mode::Console || o.mode == Options::Mode::Open;
        const bool serve = o.mode == Options::Mode::Serve;
        if (flag == QLatin1String("-h") || flag == QLatin1String("--help"))
            o.mode = Options::Mode::Help;
        else if (flag == QLatin1String("--version"))
            o.mode = Options::Mode::Version;
        else if (flag == QLatin1String("--store")) {
            if (!value(&o.storePath) || o.storePath.isEmpty())
                return fail(QStringLiteral("--store needs a PATH"));
        } else if (flag == QLatin1String("--listen") && (console || serve)) {
            QString v;
            if (!value(&v))
                return fail(QStringLiteral("--listen needs HOST:PORT"));
            QString error;
            if (!parseListen(v, &o.listenAddress, &o.listenPort, &error))
                return fail(error);
        } else if ((flag == QLatin1String("--tls-cert") || flag == QLatin1String("--tls-key")) && (console || serve)) {
            QString* path = flag == QLatin1String("--tls-cert") ? &o.tlsCertificatePath : &o.tlsKeyPath;
            if (!value(path) || path->isEmpty())
                return fail(QStringLiteral("%1 needs a PEM file's PATH").arg(flag));
        } else if (flag == QLatin1String("--insecure-http") && (console || serve) && !hasInline)
            o.insecureHttp = true;
        else if (flag == QLatin1String("--trusted-proxy") && (console || serve)) {
            if (!value(&o.trustedProxy) || QHostAddress(o.trustedProxy).isNull())
                return fail(
                    QStringLiteral("--trusted-proxy needs the proxy's IP address, got '%1'").arg(o.trustedProxy));
        } else if (flag == QLatin1String("--server") &&
                   (o.mode == Options::Mode::Replicate || o.mode == Options::Mode::ShipCheck || console)) {
            if (!value(&o.serverUrl))
                return fail(QStringLiteral("--server needs the server's URL, e.g. https://watchpost.example.com:8443"));
            if (const auto problem = serverUrlProblem(o.serverUrl))
                return fail(*problem);
        } else if (flag == QLatin1String("--replica") && (o.mode == Options::Mode::Replicate || console)) {
            if (!value(&o.replicaPath) || o.replicaPath.isEmpty())
                return fail(QStringLiteral("--replica needs the replica file's PATH"));
        } else if (flag == QLatin1String("--fingerprint") &&
                   (o.mode == Options::Mode::Replicate || o.mode == Options::Mode::ShipCheck || console)) {
            QString v;
            if (!value(&v))
                return fail(QStringLiteral("--fingerprint needs the server certificate's SHA-256"));
            o.fingerprint = pin::normalize(v);
            if (o.fingerprint.isEmpty())
                return fail(QStringLiteral("--fingerprint must be a SHA-256 in hex (64 digits, colons allowed, as "
                                           "openssl x509 -fingerprint -sha256 prints it), got '%1'")
                                .arg(v));
        } else if (flag == QLatin1String("--once") && o.mode == Options::Mode::Replicate && !hasInline)
            o.once = true;
        else if (flag == QLatin1String("--bodies") && o.mode == Options::Mode::Replicate && !hasInline)
            o.bodies = true;
        else if (flag == QLatin1String("--no-listener") && console && !hasInline)
            o.noListener = true;
        else if (flag == QLatin1String("--demo") && (console || serve) && !hasInline)
            o.demo = true;
        else if (flag == QLatin1String("--webhook-secret-file") && (console || serve)) {
            if (!value(&o.webhookSecretFile) || o.webhookSecretFile.isEmpty())
                return fail(QStringLiteral("--webhook-secret-file needs a PATH"));
        } else if (flag == QLatin1String("--hook") &&
                   (o.mode == Options::Mode::WebhookSecretSet || o.mode == Options::Mode::WebhookSecretRemove)) {
            if (!value(&o.hookId) || o.hookId.isEmpty())
                return fail(QStringLiteral("--hook needs an ID"));
        } else if (flag == QLatin1String("--grace-seconds") && o.mode == Options::Mode::WebhookSecretSet) {
            QString v;
            bool ok = false;
            if (!value(&v) || (o.graceSeconds = v.toInt(&ok), !ok))
                return fail(QStringLiteral("--grace-seconds needs a whole number of seconds, got '%1'").arg(v));
            if (const auto problem = GracePeriod::problem(o.graceSeconds))
                return fail(QStringLiteral("--grace-seconds: %1").arg(*problem));
        } else if (o.mode == Options::Mode::ShipCheck &&
                   QStringList{"--action", "--repository", "--ref", "--workflow", "--detail"}.contains(flag)) {
            QString* field = flag == QLatin1String("--action")       ? &o.shipAction
                             : flag == QLatin1String("--repository") ? &o.shipRepository
                             : flag == QLatin1String("--ref")        ? &o.shipRef
                             : flag == QLatin1String("--workflow")   ? &o.shipWorkflow
                                                                     : &o.shipDetail;
            if (!value(field) || field->isEmpty())
                return fail(QStringLiteral("%1 needs a value").arg(flag));
        } else if (flag == QLatin1String("--name") && o.mode == Options::Mode::TokenCreate) {
            if (!value(&o.tokenName))
                return fail(QStringLiteral("--name needs a NAME"));
        } else if (flag == QLatin1String("--role") && o.mode == Options::Mode::TokenCreate) {
            if (!value(&o.tokenRole))
                return fail(QStringLiteral("--role needs admin, responder, viewer or automation"));
            if (!QStringList{"admin", "responder", "viewer", "automation"}.contains(o.tokenRole))
                return fail(
                    QStringLiteral("--role must be admin, responder, viewer or automation, got '%1'").arg(o.tokenRole));
        } else if (flag == QLatin1String("--expires-in-days") && o.mode == Options::Mode::TokenCreate) {
            QString v;
            bool ok = false;
            if (!value(&v) || v.toInt(&ok) <= 0 || !ok || v.toInt() > 3650)
                return fail(QStringLiteral("--expires-in-days needs a whole number from 1 to 3650"));
            o.tokenExpiresInDays = v.toInt();
        } else
            return fail(QStringLiteral("unknown option '%1'").arg(a));
    }
    if ((o.mode == Options::Mode::WebhookSecretSet || o.mode == Options::Mode::WebhookSecretRemove) &&
        o.hookId.isEmpty())
        return fail(QStringLiteral("webhook-secret needs --hook ID"));
    if (o.mode == Options::Mode::TokenCreate && (o.tokenName.isEmpty() || o.tokenRole.isEmpty()))
        return fail(QStringLiteral("token create needs --name NAME and --role ROLE"));
    if (o.mode == Options::Mode::Replicate && (o.serverUrl.isEmpty() || o.replicaPath.isEmpty()))
        return fail(QStringLiteral("replicate needs --server URL and --replica PATH"));
    if (o.mode == Options::Mode::ShipCheck) {
        if (o.shipAction.isEmpty() || o.shipRepository.isEmpty())
            return fail(QStringLiteral("ship-check needs --action ACTION and --repository OWNER/REPO"));
        if (!shipping::isKnown(o.shipAction))
            return fail(QStringLiteral("--action must be one of %1, got '%2'")
                            .arg(shipping::actionNames().join(QStringLiteral(", ")), o.shipAction));
        if (!KillSwitchScope::validRepository(o.shipRepository))
            return fail(QStringLiteral("--repository must be OWNER/REPO, got '%1'").arg(o.shipRepository));
        if (!o.shipWorkflow.isEmpty() &&
            !KillSwitchScope::validWorkflow(o.shipRepository + QLatin1Char(':') + o.shipWorkflow))
            return fail(QStringLiteral("--workflow must be .github/workflows/NAME.yml, got '%1'").arg(o.shipWorkflow));
    }
    if (o.mode == Options::Mode::Console && o.serverUrl.isEmpty() &&
        (!o.replicaPath.isEmpty() || !o.fingerprint.isEmpty()))
        return fail(QStringLiteral("--replica and --fingerprint go with --server URL"));
    if (o.mode == Options::Mode::Console && !o.serverUrl.isEmpty()) {
        // Attached to a server: the replica is the store, and the server listens.
        if (o.demo || !o.storePath.isEmpty() || !o.tlsCertificatePath.isEmpty() || !o.tlsKeyPath.isEmpty() ||
            o.insecureHttp || !o.trustedProxy.isEmpty() || !o.webhookSecretFile.isEmpty())
            return fail(QStringLiteral("a console attached to --server has no store or listener of its own: --store, "
                                       "--demo, --tls-cert/--tls-key, --insecure-http, --trusted-proxy and "
                                       "--webhook-secret-file are for the server"));
        o.noListener = true;
    }
    if (const auto problem = listenProblem(o))
        return fail(*problem);
    return {o, {}};
}

} // namespace watchpost
