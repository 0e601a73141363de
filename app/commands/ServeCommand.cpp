#include "app/commands/ServeCommand.h"

#include "app/cli/TerminationSignals.h"
#include "net/http/ListenerThread.h"

#include <QCoreApplication>

namespace watchpost {

int ServeCommand::run()
{
    const auto headless = openHeadless();
    if (!headless)
        return 1;
    const auto& [store, secrets] = *headless;
    const auto tls = listenerTls();
    const auto proxy = tls ? applyTrustedProxy(*store) : Result<Done>(tls.error());
    if (!proxy) {
        say(stderr, QStringLiteral("watchpost: %1").arg(proxy.error().message));
        return 1;
    }
    // Handle SIGTERM/SIGINT before announcing the address: a supervisor may signal as soon as it reads it.
    TerminationSignals signals;
    QObject::connect(&signals, &TerminationSignals::terminationRequested, qApp, [](int) { QCoreApplication::quit(); });
    ChangeNotifier notifier;
    fillDemo(store, &notifier);
    auto clock = std::make_shared<SystemClock>();
    // Hook secrets set by hand or by a rotation live with the other secret material.
    const auto webhooks = webhookSetup(store, clock, *secrets);
    if (!webhooks)
        return 1;
    ListenerThread listener(DomainDeps{store, clock, &notifier, secrets, *webhooks});
    const ListenerStatus status = listener.start(m_options.listenAddress, m_options.listenPort, *tls);
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

} // namespace watchpost
