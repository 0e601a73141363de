#include "app/commands/ConsoleCommand.h"

#include "app/cli/TerminationSignals.h"
#include "app/console/AttachedConsole.h"
#include "app/console/ConsoleInstance.h"
#include "models/audit/AuditLog.h"
#include "models/credentials/OwnerAccount.h"
#include "net/desktop/FreedesktopSession.h"
#include "net/github/RotationTargets.h"
#include "net/http/ListenerThread.h"
#include "net/keychain/KeychainSecretStore.h"
#include "ui/remote/ConnectDialog.h"
#include "ui/shell/KeyringWaitDialog.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/Theme.h"

#include <QApplication>
#include <QFileInfo>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSettings>

namespace watchpost {
namespace {

std::optional<int> handToRunningConsole(const ConsoleInstance& instance, const QString& route)
{
    switch (instance.sendToRunning(route)) {
    case ConsoleInstance::Delivery::Shown:
        Command::say(stdout, QStringLiteral("watchpost: the running console for this store now shows %1").arg(route));
        return 0;
    case ConsoleInstance::Delivery::Refused:
        Command::say(stderr, QStringLiteral("watchpost: the running console has no page %1").arg(route));
        return 1;
    case ConsoleInstance::Delivery::NoConsole:
        break;
    }
    return std::nullopt;
}

constexpr const char* kLastServer = "servers/last"; // the server a console was last attached to

// Where the role a server gave a key is remembered (delivery bodies are asked for by role).
QString roleSetting(const QUrl& server)
{
    return QStringLiteral("servers/%1/role")
        .arg(QString::fromLatin1(AttachedConsole::keychainEntry(server).toUtf8().toHex()));
}

struct Connection
{
    QUrl url;
    QString key;
    QString pin; // the fingerprint the person accepted; empty: the system's trust store
};

// "Connect to a server": the URL and key, tried before anything is kept; the key then goes to the keychain only.
std::optional<Connection> askForServer(KeychainSecretStore& keychain, const QUrl& url)
{
    ConnectDialog dialog(
        [](const QString& u, const QString& k, const QString& p, std::function<void(const ServerProbe&)> done) {
            ServerLink::probe(SyncServer{QUrl(u), k, p}, std::move(done));
        },
        url.toString());
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    Connection c{QUrl(dialog.url()), dialog.key(), dialog.pin()};
    QSettings().setValue(roleSetting(c.url), dialog.role());
    if (auto saved = keychain.write(AttachedConsole::keychainEntry(c.url), c.key.toUtf8()); !saved)
        QMessageBox::warning(nullptr, QStringLiteral("Your key is not kept"),
                             QStringLiteral("Your keyring refused to keep the API key (%1): this console uses it "
                                            "until it closes, and asks again next time. It is never written to a "
                                            "file.")
                                 .arg(saved.error().message));
    return c;
}

} // namespace

int ConsoleCommand::run()
{
    QApplication app(m_argc, m_argv);
    TerminationSignals signals;
    MainWindow* shown = nullptr; // a termination signal quits without asking the person at the window
    QObject::connect(&signals, &TerminationSignals::terminationRequested, &app, [&shown](int) {
        if (shown)
            shown->setAskBeforeQuit(false);
        QCoreApplication::quit();
    });
    QCoreApplication::setOrganizationName(QStringLiteral("Watchpost"));
    QCoreApplication::setApplicationName(QStringLiteral("watchpost"));
    QApplication::setDesktopFileName(QStringLiteral("watchpost"));
    // The theme chosen last time, unless WATCHPOST_THEME says otherwise.
    const QString themeName = qEnvironmentVariableIsSet("WATCHPOST_THEME")
                                  ? qEnvironmentVariable("WATCHPOST_THEME")
                                  : QSettings().value(QStringLiteral("view/theme")).toString();
    Theme::apply(app, Theme::modeFromName(themeName).value_or(Theme::Mode::Dark));
    if (!m_options.serverUrl.isEmpty())
        return runAttached(m_options.serverUrl, signals, shown);
    const QString route = m_options.route.isEmpty() ? QStringLiteral("/posture") : m_options.route;
    ConsoleInstance instance(QFileInfo(storePath()).absoluteFilePath());
    if (const auto handed = handToRunningConsole(instance, route))
        return *handed;
    std::shared_ptr<Store> store = openStore();
    if (!store) {
        QMessageBox::critical(nullptr, QStringLiteral("Watchpost cannot open its store"),
                              Store::open(storePath(), SystemClock()).error().message);
        return 1;
    }
    const auto tls = m_options.noListener ? Result<std::optional<QSslConfiguration>>(std::nullopt) : listenerTls();
    const auto proxy = tls ? applyTrustedProxy(*store) : Result<Done>(tls.error());
    if (!proxy) {
        say(stderr, QStringLiteral("watchpost: %1").arg(proxy.error().message));
        QMessageBox::critical(nullptr, QStringLiteral("Watchpost cannot start its listener"), proxy.error().message);
        return 1;
    }
    QString instanceError;
    if (!instance.listen(&instanceError))
        say(stderr, QStringLiteral("watchpost: cannot accept 'watchpost open' requests: %1").arg(instanceError));

    auto clock = std::make_shared<SystemClock>();
    auto owner = std::make_shared<OwnerAccount>(store, clock, std::make_shared<AuditLog>(store, clock));
    // A console that was attached to a server and never set up here opens attached again (an explicit --store,
    // or WATCHPOST_STORE, opens that store).
    if (const QString last = QSettings().value(QLatin1String(kLastServer)).toString();
        !last.isEmpty() && m_options.storePath.isEmpty() && !qEnvironmentVariableIsSet("WATCHPOST_STORE") &&
        !m_options.demo) {
        if (const auto name = owner->ownerName(); name && !name->has_value()) {
            return runAttached(last, signals, shown);
        }
    }
    ChangeNotifier notifier;
    fillDemo(store, &notifier);
    // A keychain call on the GUI thread that waits puts up "Waiting for your keyring…" with Cancel.
    KeychainSecretStore::setWaitIndicator(&KeyringWaitDialog::open);
    KeychainSecretStore keychain;
    // Signing keys and secret versions: the console keeps them in the OS keychain.
    const std::shared_ptr<SecretStore> keys = std::make_shared<KeychainSecretStore>();
    // A refused secrets file leaves the console running; every delivery is then refused with 503.
    WebhookSetup webhooks = webhookSetup(store, clock, keychain, false).value_or(WebhookSetup{});
    const JoinedThread hookSecrets = loadHookSecretsInBackground(store, clock, keychain, webhooks);
    webhooks.secretStore = &keychain; // the listener and the console share one setup
    const DomainDeps deps{store, clock, &notifier, keys, webhooks};
    std::unique_ptr<ListenerThread> listener;
    ListenerStatus status;
    if (!m_options.noListener) {
        listener = std::make_unique<ListenerThread>(deps);
        status = listener->start(m_options.listenAddress, m_options.listenPort, *tls);
        if (status.listening)
            say(stdout, QStringLiteral("listening on %1").arg(status.url));
        else
            say(stderr, QStringLiteral("watchpost: the REST API is off: %1").arg(status.error));
    }

    ConsoleContext ctx;
    ctx.services = std::make_shared<DomainServices>(deps);
    ctx.setActor(qEnvironmentVariable("USER", QStringLiteral("console")));
    ctx.owner = owner;
    // First start: "Connect to a server instead…" — the console then starts again attached to it.
    ctx.connectToServer = [&keychain, &shown] {
        const auto connection = askForServer(keychain, QUrl());
        if (!connection)
            return;
        QSettings().setValue(QLatin1String(kLastServer), connection->url.toString());
        QStringList args{QStringLiteral("--server"), connection->url.toString()};
        if (!connection->pin.isEmpty())
            args << QStringLiteral("--fingerprint") << connection->pin;
        if (!QProcess::startDetached(QCoreApplication::applicationFilePath(), args)) {
            QMessageBox::critical(nullptr, QStringLiteral("Watchpost cannot start attached"),
                                  QStringLiteral("Run: watchpost %1").arg(args.join(QLatin1Char(' '))));
            return;
        }
        if (shown)
            shown->setAskBeforeQuit(false);
        QCoreApplication::quit();
    };
    QNetworkAccessManager network;
    ctx.rotationTargets = [store, clock, webhooks, &network](const ManagedSecret& secret, ManagedSecretService& secrets,
                                                             SessionService& sessions) {
        auto github = std::make_shared<GitHubConnectionService>(store, clock, secrets.secretStore(),
                                                                std::make_shared<AuditLog>(store, clock));
        return makeRotationTarget(secret, RotationDeps{store, clock, &secrets, &sessions, webhooks.secretStore,
                                                       webhooks.secrets, &network, github});
    };
    const bool enabled = !m_options.noListener;
    ctx.listener = [enabled, status] {
        return ListenerInfo{enabled, status.listening, status.url,
                            status.listening ? QStringLiteral("REST API and health at %1/api/v1/health").arg(status.url)
                                             : status.error};
    };
    ctx.desktop = std::make_shared<FreedesktopSession>();
    MainWindow window(ctx);
    shown = &window;
    // No route asked for: the page shown when the console last closed.
    if (!window.openRoute(m_options.route.isEmpty() ? window.lastRoute() : route))
        window.openRoute(QStringLiteral("/posture"));
    window.show();
    instance.setRouteHandler([&window](const QString& r) {
        if (!window.openRoute(r))
            return false;
        window.showNormal();
        window.raise();
        window.activateWindow();
        return true;
    });
    const int code = QApplication::exec();
    shown = nullptr;
    if (listener)
        listener->stop();
    return code;
}

int ConsoleCommand::runAttached(const QString& server, TerminationSignals& signals, MainWindow*& shown)
{
    KeychainSecretStore::setWaitIndicator(&KeyringWaitDialog::open);
    ServerLink::setWaitIndicator(&KeyringWaitDialog::openForServer);
    KeychainSecretStore keychain;
    QUrl url = QUrl(server).adjusted(QUrl::StripTrailingSlash);
    QSettings settings;
    const auto kept = keychain.read(AttachedConsole::keychainEntry(url));
    if (!kept) {
        QMessageBox::critical(nullptr, QStringLiteral("Watchpost cannot read your keyring"),
                              QStringLiteral("The API key for %1 is kept in your keyring, which refused: %2")
                                  .arg(url.toString(), kept.error().message));
        return 1;
    }
    QString key = kept->has_value() ? QString::fromUtf8(**kept) : QString();
    QString pin = m_options.fingerprint;
    // First time with this server: its URL and the person's key, tried before anything is kept.
    if (key.isEmpty()) {
        const auto connection = askForServer(keychain, url);
        if (!connection)
            return 0;
        url = connection->url;
        key = connection->key;
        if (!connection->pin.isEmpty())
            pin = connection->pin;
    }
    const QString rolesKey = roleSetting(url);
    const QString role = settings.value(rolesKey).toString();
    settings.setValue(kLastServer, url.toString());
    AttachedConsole::Options options;
    options.server = SyncServer{url, key, pin};
    options.replicaPath = m_options.replicaPath;
    options.bodies = role == QLatin1String("admin") || role == QLatin1String("responder");
    auto clock = std::make_shared<SystemClock>();
    auto console = AttachedConsole::open(options, clock);
    if (!console) {
        QMessageBox::critical(nullptr, QStringLiteral("Watchpost cannot keep a replica of %1").arg(url.toString()),
                              console.error().message);
        say(stderr, QStringLiteral("watchpost: %1").arg(console.error().message));
        return 1;
    }
    ConsoleContext ctx = (*console)->context();
    ctx.desktop = std::make_shared<FreedesktopSession>();
    // The role the server gave this key, remembered for the next start (delivery bodies are asked for by role).
    QObject::connect(&(*console)->link(), &RemoteLink::stateChanged, &(*console)->link(),
                     [&settings, rolesKey, &console] {
                         if (const QString r = (*console)->link().state().role; !r.isEmpty())
                             settings.setValue(rolesKey, r);
                     });
    say(stdout, QStringLiteral("attached to %1; replica %2").arg(url.toString(), (*console)->link().store()->path()));
    MainWindow window(ctx);
    shown = &window;
    if (!window.openRoute(m_options.route.isEmpty() ? window.lastRoute() : m_options.route))
        window.openRoute(QStringLiteral("/posture"));
    window.show();
    (*console)->link().start();
    Q_UNUSED(signals);
    const int code = QApplication::exec();
    shown = nullptr;
    return code;
}

} // namespace watchpost
