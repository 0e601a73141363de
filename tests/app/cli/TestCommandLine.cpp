// The command-line contract: every mode, and every bad flag or value named in its refusal.
#include "app/cli/CommandLine.h"
#include "ui/shell/ConsoleRoutes.h"

#include <QTest>

using namespace watchpost;

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // `watchpost open`'s help lists the console's routes from the same table the console routes by.
    void helpListsEveryConsoleRoute()
    {
        const QString help = usageText();
        for (const char* route : {"/posture", "/incidents", "/incidents/INC-2026-0001", "/metrics", "/webhooks",
                                  "/settings/security", "/credentials"})
            QVERIFY2(help.contains(QLatin1String(route)), route);
        for (const ConsolePage& page : ConsoleRoutes::pages())
            QVERIFY2(help.contains(QString(page.route).replace(QLatin1String("{id}"), QLatin1String("INC-2026-0001"))),
                     qPrintable(page.route));
    }

    void accepted()
    {
        auto o = parseCommandLine({"watchpost"}).options;
        QVERIFY(o);
        QCOMPARE(o->mode, Options::Mode::Console);
        QCOMPARE(o->listenAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(o->listenPort, quint16(8787));
        o = parseCommandLine({"watchpost", "serve", "--store", "/tmp/x.db", "--listen", "[::1]:0"}).options;
        QVERIFY(o);
        QCOMPARE(o->mode, Options::Mode::Serve);
        QCOMPARE(o->storePath, QStringLiteral("/tmp/x.db"));
        QCOMPARE(o->listenAddress, QHostAddress(QHostAddress::LocalHostIPv6));
        QCOMPARE(o->listenPort, quint16(0));
        o = parseCommandLine(
                {"watchpost", "token", "create", "--name=ci", "--role", "viewer", "--expires-in-days", "30"})
                .options;
        QVERIFY(o);
        QCOMPARE(o->tokenName, QStringLiteral("ci"));
        QCOMPARE(*o->tokenExpiresInDays, 30);
        o = parseCommandLine({"watchpost", "open", "/incidents/INC-2026-0001"}).options;
        QCOMPARE(o->route, QStringLiteral("/incidents/INC-2026-0001"));
        QCOMPARE(parseCommandLine({"watchpost", "watchpost://incidents/INC-2026-0002"}).options->route,
                 QStringLiteral("/incidents/INC-2026-0002"));
        QCOMPARE(parseCommandLine({"watchpost", "--no-listener", "--demo"}).options->noListener, true);
        // The console attached to a server: no listener of its own.
        o = parseCommandLine({"watchpost", "--server", "https://w.example:8443", "--fingerprint",
                              QString(64, QLatin1Char('A')), "--replica", "/tmp/r.sqlite"})
                .options;
        QVERIFY(o);
        QCOMPARE(o->mode, Options::Mode::Console);
        QCOMPARE(o->serverUrl, QStringLiteral("https://w.example:8443"));
        QCOMPARE(o->fingerprint, QString(64, QLatin1Char('a')));
        QCOMPARE(o->replicaPath, QStringLiteral("/tmp/r.sqlite"));
        QVERIFY(o->noListener);
        QCOMPARE(parseCommandLine({"watchpost", "serve", "--help"}).options->mode, Options::Mode::Help);
        QCOMPARE(parseCommandLine({"watchpost", "--version"}).options->mode, Options::Mode::Version);
        // HTTPS anywhere; plain HTTP beyond loopback only behind a named proxy.
        o = parseCommandLine({"watchpost", "serve", "--listen", "0.0.0.0:8443", "--tls-cert", "/etc/wp/cert.pem",
                              "--tls-key=/etc/wp/key.pem"})
                .options;
        QVERIFY(o);
        QCOMPARE(o->tlsCertificatePath, QStringLiteral("/etc/wp/cert.pem"));
        QCOMPARE(o->tlsKeyPath, QStringLiteral("/etc/wp/key.pem"));
        o = parseCommandLine(
                {"watchpost", "serve", "--listen", "0.0.0.0:8080", "--insecure-http", "--trusted-proxy", "10.0.0.2"})
                .options;
        QVERIFY(o);
        QVERIFY(o->insecureHttp);
        QCOMPARE(o->trustedProxy, QStringLiteral("10.0.0.2"));
        QVERIFY(parseCommandLine({"watchpost", "serve", "--listen", "127.0.0.1:0", "--tls-cert", "c", "--tls-key", "k"})
                    .options);
        QVERIFY(parseCommandLine({"watchpost", "--listen", "[::1]:8787"}).options); // loopback: plain is fine
        o = parseCommandLine({"watchpost", "replicate", "--server", "https://w.example:8443", "--replica", "/tmp/r",
                              "--fingerprint", "AB:CD:" + QString(60, QLatin1Char('e')), "--once"})
                .options;
        QVERIFY(o);
        QCOMPARE(o->mode, Options::Mode::Replicate);
        QCOMPARE(o->fingerprint, QStringLiteral("abcd") + QString(60, QLatin1Char('e')));
        QVERIFY(o->once);
        const auto audit = parseCommandLine({"watchpost", "audit", "verify", "--store", "/tmp/a.db"});
        QCOMPARE(audit.options->mode, Options::Mode::AuditVerify);
        QCOMPARE(audit.options->storePath, QStringLiteral("/tmp/a.db"));
    }

    void refused_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("named");
        QTest::newRow("unknown flag") << QStringList{"watchpost", "--colour"} << "--colour";
        QTest::newRow("grace over 7 days")
            << QStringList{"watchpost", "webhook-secret", "set", "--hook", "h", "--grace-seconds", "604801"}
            << "0 to 604800 seconds (7 days)";
        QTest::newRow("grace not a number")
            << QStringList{"watchpost", "webhook-secret", "set", "--hook", "h", "--grace-seconds", "soon"} << "soon";
        QTest::newRow("unknown command") << QStringList{"watchpost", "start"} << "start";
        QTest::newRow("listen without port")
            << QStringList{"watchpost", "serve", "--listen", "127.0.0.1"} << "--listen";
        QTest::newRow("listen port too big")
            << QStringList{"watchpost", "serve", "--listen", "127.0.0.1:70000"} << "70000";
        QTest::newRow("listen host name")
            << QStringList{"watchpost", "serve", "--listen", "example.com:80"} << "example.com";
        QTest::newRow("store without path") << QStringList{"watchpost", "--store"} << "--store";
        QTest::newRow("token without role") << QStringList{"watchpost", "token", "create", "--name", "x"} << "--role";
        QTest::newRow("token bad role") << QStringList{"watchpost", "token", "create", "--name", "x", "--role", "root"}
                                        << "root";
        QTest::newRow("token bad expiry")
            << QStringList{"watchpost", "token", "create", "--name", "x", "--role", "admin", "--expires-in-days", "0"}
            << "--expires-in-days";
        QTest::newRow("token unknown sub-command") << QStringList{"watchpost", "token", "list"} << "list";
        QTest::newRow("audit without verify") << QStringList{"watchpost", "audit"} << "audit verify";
        QTest::newRow("audit unknown sub-command") << QStringList{"watchpost", "audit", "repair"} << "repair";
        QTest::newRow("audit verify with a console flag")
            << QStringList{"watchpost", "audit", "verify", "--demo"} << "--demo";
        QTest::newRow("open without route") << QStringList{"watchpost", "open"} << "ROUTE";
        QTest::newRow("open relative route") << QStringList{"watchpost", "open", "incidents"} << "incidents";
        QTest::newRow("serve has no --no-listener")
            << QStringList{"watchpost", "serve", "--no-listener"} << "--no-listener";
        // Where the listener may speak plain HTTP, and what TLS needs.
        QTest::newRow("all interfaces in plain HTTP")
            << QStringList{"watchpost", "serve", "--listen", "0.0.0.0:8443"} << "refusing to listen on 0.0.0.0:8443";
        QTest::newRow("a LAN address in plain HTTP")
            << QStringList{"watchpost", "--listen", "192.0.2.10:8787"} << "--tls-cert and --tls-key";
        QTest::newRow("IPv6 any in plain HTTP")
            << QStringList{"watchpost", "serve", "--listen", "[::]:8443"} << "refusing to listen on :::8443";
        QTest::newRow("insecure HTTP without its proxy")
            << QStringList{"watchpost", "serve", "--listen", "0.0.0.0:8080", "--insecure-http"} << "--trusted-proxy IP";
        QTest::newRow("certificate without key")
            << QStringList{"watchpost", "serve", "--listen", "0.0.0.0:8443", "--tls-cert", "c.pem"} << "go together";
        QTest::newRow("key without certificate")
            << QStringList{"watchpost", "serve", "--tls-key", "k.pem"} << "go together";
        QTest::newRow("TLS and insecure HTTP")
            << QStringList{"watchpost", "serve",           "--tls-cert",      "c.pem",   "--tls-key",
                           "k.pem",     "--insecure-http", "--trusted-proxy", "10.0.0.2"}
            << "contradicts";
        QTest::newRow("TLS with no listener")
            << QStringList{"watchpost", "--no-listener", "--tls-cert", "c.pem", "--tls-key", "k.pem"}
            << "--no-listener";
        QTest::newRow("empty certificate path") << QStringList{"watchpost", "serve", "--tls-cert="} << "--tls-cert";
        QTest::newRow("proxy not an address")
            << QStringList{"watchpost", "serve", "--trusted-proxy", "proxy.internal"} << "proxy.internal";
        QTest::newRow("attached console with a store")
            << QStringList{"watchpost", "--server", "https://w.example:8443", "--store", "x.sqlite"} << "--store";
        QTest::newRow("attached console with demo")
            << QStringList{"watchpost", "--server", "https://w.example:8443", "--demo"} << "no store or listener";
        QTest::newRow("attached console over plain HTTP")
            << QStringList{"watchpost", "--server", "http://w.example:8787"} << "plain HTTP beyond loopback";
        QTest::newRow("replica without server") << QStringList{"watchpost", "--replica", "r.sqlite"} << "--server URL";
        QTest::newRow("replicate without server")
            << QStringList{"watchpost", "replicate", "--replica", "r.sqlite"} << "--server URL";
        QTest::newRow("replicate fingerprint not SHA-256")
            << QStringList{"watchpost", "replicate", "--server",      "https://w.example:8443",
                           "--replica", "r",         "--fingerprint", "abc"}
            << "64 digits";
        QTest::newRow("replicate over plain HTTP")
            << QStringList{"watchpost", "replicate", "--server", "http://w.example:8787", "--replica", "r"}
            << "use https://";
        QTest::newRow("replicate server with a path")
            << QStringList{"watchpost", "replicate", "--server", "https://w.example/api", "--replica", "r"}
            << "https://HOST[:PORT]";
        QTest::newRow("TLS flags are not for token")
            << QStringList{"watchpost", "token", "create", "--name", "x", "--role", "viewer", "--tls-cert", "c.pem"}
            << "--tls-cert";
    }
    void refused()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, named);
        const ParseOutcome outcome = parseCommandLine(args);
        QVERIFY(!outcome.options);
        QVERIFY2(outcome.error.contains(named), qPrintable(outcome.error));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "TestCommandLine.moc"
