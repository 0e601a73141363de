// watchpost: the composition root — parses the command line, opens the store, starts the listener
// thread, and builds the console or runs headless.

#include "app/cli/CommandLine.h"
#include "app/cli/TerminationSignals.h"
#include "app/console/ConsoleInstance.h"
#include "models/credentials/CredentialService.h"
#include "models/credentials/TokenService.h"
#include "models/demo/DemoDataset.h"
#include "models/secrets/FileSecretStore.h"
#include "models/webhooks/WebhookHookService.h"
#include "net/github/RotationTargets.h"
#include "net/http/ListenerThread.h"
#include "net/keychain/KeychainSecretStore.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/Theme.h"

#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>

using namespace watchpost;

namespace {

void say(FILE* stream, const QString& text)
{
    std::fputs(qPrintable(text + QLatin1Char('\n')), stream);
    std::fflush(stream);
}

QString storePathFor(const Options& o)
{
    if (!o.storePath.isEmpty())
        return o.storePath;
    const QString fromEnv = qEnvironmentVariable("WATCHPOST_STORE");
    return fromEnv.isEmpty() ? Store::defaultPath() : fromEnv;
}

std::shared_ptr<Store> openStore(const Options& o)
{
    auto store = Store::open(storePathFor(o));
    if (!store) {
        say(stderr, QStringLiteral("watchpost: %1").arg(store.error().message));
        return nullptr;
    }
    return store.value();
}

void fillDemo(const std::shared_ptr<Store>& store, ChangeNotifier* notifier)
{
    auto demo = DemoDataset::populate(store, notifier);
    if (demo)
        say(stderr, QStringLiteral("watchpost: added %1 demo incidents to %2").arg(demo.value()).arg(store->path()));
    else
        say(stderr, QStringLiteral("watchpost: %1").arg(demo.error().message));
}

// The webhook receiver's secrets: each configured hook's from the keychain, and the headless secrets file.
// Returns nothing (after saying why) when the secrets file is refused.
std::optional<WebhookSetup> webhookSetup(const Options& o, const std::shared_ptr<Store>& store,
                                         const std::shared_ptr<const Clock>& clock, SecretStore& keychain)
{
    WebhookSetup setup;
    setup.secretStore = &keychain;
    const QString file =
        o.webhookSecretFile.isEmpty() ? qEnvironmentVariable("WATCHPOST_WEBHOOK_SECRET_FILE") : o.webhookSecretFile;
    if (!file.isEmpty()) {
        auto secret = WebhookSecrets::readSecretsFile(file);
        if (!secret) {
            say(stderr, QStringLiteral("watchpost: %1").arg(secret.error().message));
            return std::nullopt;
        }
        setup.secrets->setFileSecret(secret.value());
    }
    for (const QString& error : WebhookHookService(store, clock, keychain, setup.secrets).loadAll())
        say(stderr,
            QStringLiteral("watchpost: webhook secret unavailable, its deliveries will be refused: %1").arg(error));
    return setup;
}

// Where `serve` keeps the secret material it generates (signing keys, rotated secret versions): the OS keychain
// when a secret service answers, else secrets/ beside the store (0700/0600), refused when its permissions are looser.
std::shared_ptr<SecretStore> headlessSecretStore(const std::shared_ptr<Store>& store)
{
    auto files = std::make_shared<FileSecretStore>(FileSecretStore::besideStore(store->path()));
    if (QFileInfo::exists(files->directory())) {
        if (auto ok = files->checkPermissions(); !ok) {
            say(stderr, QStringLiteral("watchpost: %1").arg(ok.error().message));
            return nullptr;
        }
        return files;
    }
    auto keychain = std::make_shared<KeychainSecretStore>();
    if (keychain->read(QStringLiteral("watchpost/probe")).ok())
        return keychain;
    return files;
}

// The store and where headless commands keep secret material; nothing (after saying why) when either is refused.
struct Headless
{
    std::shared_ptr<Store> store;
    std::shared_ptr<SecretStore> secrets;
};
std::optional<Headless> openHeadless(const Options& o)
{
    std::shared_ptr<Store> store = openStore(o);
    if (!store)
        return std::nullopt;
    std::shared_ptr<SecretStore> secrets = headlessSecretStore(store);
    if (!secrets)
        return std::nullopt;
    return Headless{std::move(store), std::move(secrets)};
}

int runWebhookSecret(const Options& o)
{
    // The same place `serve` reads them from: the keychain, or secrets/ beside the store on a server.
    const auto headless = openHeadless(o);
    if (!headless)
        return 1;
    const auto& [store, secrets] = *headless;
    const auto* files = dynamic_cast<const FileSecretStore*>(secrets.get());
    const QString where = files ? files->directory() : QStringLiteral("the keychain");
    WebhookHookService hooks(store, std::make_shared<SystemClock>(), *secrets, std::make_shared<WebhookSecrets>());
    if (o.mode == Options::Mode::WebhookSecretRemove) {
        auto removed = hooks.removeSecret(o.hookId);
        if (!removed) {
            say(stderr, QStringLiteral("watchpost: %1").arg(removed.error().message));
            return 1;
        }
        say(stderr, QStringLiteral(
                        "watchpost: removed the secret of hook %1; its deliveries are refused until a new one is set")
                        .arg(o.hookId));
        return 0;
    }
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return 1;
    const QByteArray secret = in.read(8192).trimmed();
    auto set = hooks.setSecret(o.hookId, secret, o.graceSeconds);
    if (!set) {
        say(stderr, QStringLiteral("watchpost: %1").arg(set.error().message));
        return 1;
    }
    say(stderr,
        QStringLiteral("watchpost: stored the secret of hook %1 in %2%3")
            .arg(o.hookId, where,
                 o.graceSeconds > 0 ? QStringLiteral("; the previous one stays valid for %1 s").arg(o.graceSeconds)
                                    : QString()));
    return 0;
}

int runServe(const Options& o)
{
    const auto headless = openHeadless(o);
    if (!headless)
        return 1;
    const auto& [store, secrets] = *headless;
    // Handle SIGTERM/SIGINT before announcing the address: a supervisor may signal as soon as it reads it.
    TerminationSignals signals;
    QObject::connect(&signals, &TerminationSignals::terminationRequested, qApp, [](int) { QCoreApplication::quit(); });
    ChangeNotifier notifier;
    if (o.demo)
        fillDemo(store, &notifier);
    auto clock = std::make_shared<SystemClock>();
    // Hook secrets set by hand or by a rotation live with the other secret material.
    const auto webhooks = webhookSetup(o, store, clock, *secrets);
    if (!webhooks)
        return 1;
    ListenerThread listener(store, clock, &notifier, {}, *webhooks, secrets);
    const ListenerStatus status = listener.start(o.listenAddress, o.listenPort);
    if (!status.listening) {
        say(stderr, QStringLiteral("watchpost: %1").arg(status.error));
        return 1;
    }
    say(stdout, QStringLiteral("listening on %1").arg(status.url));
    QCoreApplication::exec();
    listener.stop(); // finishes the request in hand; every answered write was committed before its answer
    say(stderr, QStringLiteral("watchpost: stopped"));
    return 0;
}

// One console per store: hands `route` to a running one. The exit code when one answered; nothing when none runs.
std::optional<int> handToRunningConsole(const ConsoleInstance& instance, const QString& route)
{
    switch (instance.sendToRunning(route)) {
    case ConsoleInstance::Delivery::Shown:
        say(stdout, QStringLiteral("watchpost: the running console for this store now shows %1").arg(route));
        return 0;
    case ConsoleInstance::Delivery::Refused:
        say(stderr, QStringLiteral("watchpost: the running console has no page %1").arg(route));
        return 1;
    case ConsoleInstance::Delivery::NoConsole:
        break;
    }
    return std::nullopt;
}

int runConsole(const Options& o, int argc, char** argv)
{
    QApplication app(argc, argv);
    TerminationSignals signals;
    QObject::connect(&signals, &TerminationSignals::terminationRequested, &app, [](int) { QCoreApplication::quit(); });
    Theme::apply(app, qEnvironmentVariable("WATCHPOST_THEME") == QLatin1String("light") ? Theme::Mode::Light
                                                                                        : Theme::Mode::Dark);
    const QString route = o.route.isEmpty() ? QStringLiteral("/posture") : o.route;
    ConsoleInstance instance(QFileInfo(storePathFor(o)).absoluteFilePath());
    if (const auto handed = handToRunningConsole(instance, route))
        return *handed;
    std::shared_ptr<Store> store = openStore(o);
    if (!store) {
        QMessageBox::critical(nullptr, QStringLiteral("Watchpost cannot open its store"),
                              Store::open(storePathFor(o)).error().message);
        return 1;
    }
    QString instanceError;
    if (!instance.listen(&instanceError))
        say(stderr, QStringLiteral("watchpost: cannot accept 'watchpost open' requests: %1").arg(instanceError));

    ChangeNotifier notifier;
    if (o.demo)
        fillDemo(store, &notifier);
    auto clock = std::make_shared<SystemClock>();
    KeychainSecretStore keychain;
    // Signing keys and secret versions: the console keeps them in the OS keychain.
    const std::shared_ptr<SecretStore> keys = std::make_shared<KeychainSecretStore>();
    // A refused secrets file leaves the console running; every delivery is then refused with 503.
    WebhookSetup webhooks = webhookSetup(o, store, clock, keychain).value_or(WebhookSetup{});
    webhooks.secretStore = &keychain; // the listener and the console share one setup
    std::unique_ptr<ListenerThread> listener;
    ListenerStatus status;
    if (!o.noListener) {
        listener = std::make_unique<ListenerThread>(store, clock, &notifier, TransportLimits{}, webhooks, keys);
        status = listener->start(o.listenAddress, o.listenPort);
        if (status.listening)
            say(stdout, QStringLiteral("listening on %1").arg(status.url));
        else
            say(stderr, QStringLiteral("watchpost: the REST API is off: %1").arg(status.error));
    }

    ConsoleContext ctx;
    ctx.store = store;
    ctx.clock = clock;
    ctx.notifier = &notifier;
    ctx.incidents = std::make_shared<IncidentService>(store, clock, &notifier);
    ctx.setActor(qEnvironmentVariable("USER", QStringLiteral("console")));
    ctx.webhooks = webhooks;
    ctx.keys = keys;
    ctx.owner = std::make_shared<OwnerAccount>(store, clock, std::make_shared<AuditLog>(store, clock));
    QNetworkAccessManager network;
    ctx.rotationTargets = [store, clock, webhooks, &network](const ManagedSecret& secret, ManagedSecretService& secrets,
                                                             SessionService& sessions) {
        return makeRotationTarget(
            secret, RotationDeps{store, clock, &secrets, &sessions, webhooks.secretStore, webhooks.secrets, &network});
    };
    const bool enabled = !o.noListener;
    ctx.listener = [enabled, status] {
        return ListenerInfo{enabled, status.listening, status.url,
                            status.listening ? QStringLiteral("REST API and health at %1/api/v1/health").arg(status.url)
                                             : status.error};
    };
    MainWindow window(ctx);
    if (!window.openRoute(route))
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
    if (listener)
        listener->stop();
    return code;
}

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication::setApplicationName(QStringLiteral("watchpost"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WATCHPOST_VERSION));
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const ParseOutcome parsed = parseCommandLine(arguments);
    if (!parsed.options) {
        say(stderr, QStringLiteral("watchpost: %1\nTry 'watchpost --help'.").arg(parsed.error));
        return 2;
    }
    Options o = *parsed.options;
    switch (o.mode) {
    case Options::Mode::Help:
        say(stdout, usageText());
        return 0;
    case Options::Mode::Version:
        say(stdout, QStringLiteral("watchpost %1").arg(QStringLiteral(WATCHPOST_VERSION)));
        return 0;
    case Options::Mode::TokenCreate: {
        QCoreApplication app(argc, argv);
        std::shared_ptr<Store> store = openStore(o);
        if (!store)
            return 1;
        auto clock = std::make_shared<SystemClock>();
        std::optional<QDateTime> expires;
        if (o.tokenExpiresInDays)
            expires = clock->now().addDays(*o.tokenExpiresInDays);
        const QString user = qEnvironmentVariable("USER", QStringLiteral("cli"));
        CredentialService credentials(store, clock, nullptr, std::make_shared<AuditLog>(store, clock));
        auto token = credentials.create(o.tokenName, o.tokenRole, user, expires, QStringLiteral("cli:") + user);
        if (!token) {
            say(stderr, QStringLiteral("watchpost: %1").arg(token.error().message));
            return 1;
        }
        say(stdout, token->token);
        return 0;
    }
    case Options::Mode::AuditVerify: {
        QCoreApplication app(argc, argv);
        std::shared_ptr<Store> store = openStore(o);
        if (!store)
            return 1;
        auto verified = AuditLog(store, std::make_shared<SystemClock>()).verify();
        if (!verified) {
            say(stderr, QStringLiteral("watchpost: %1").arg(verified.error().message));
            return 1;
        }
        if (verified->firstBroken) {
            say(stderr, QStringLiteral("watchpost: audit log broken at record %1: %2")
                            .arg(*verified->firstBroken)
                            .arg(verified->reason));
            return 1;
        }
        say(stdout, QStringLiteral("audit log intact: %1 records, chain verified").arg(verified->records));
        return 0;
    }
    case Options::Mode::WebhookSecretSet:
    case Options::Mode::WebhookSecretRemove: {
        QCoreApplication app(argc, argv);
        return runWebhookSecret(o);
    }
    case Options::Mode::Serve: {
        QCoreApplication app(argc, argv);
        return runServe(o);
    }
    case Options::Mode::Open:
    case Options::Mode::Console:
        if (!hasDisplay()) {
            say(stdout, QStringLiteral("watchpost: no display found; running headless instead (watchpost serve)"));
            QCoreApplication app(argc, argv);
            return runServe(o);
        }
        return runConsole(o, argc, argv);
    }
    return 0;
}
