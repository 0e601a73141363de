#include "app/console/AttachedConsole.h"

#include "net/remote/RemoteCredentialActions.h"
#include "net/remote/RemoteIncidentActions.h"
#include "net/remote/RemoteKillSwitchActions.h"
#include "net/remote/RemoteRecoveryActions.h"
#include "net/remote/RemoteSecretActions.h"
#include "net/remote/RemoteWebhookActions.h"

#include <QDir>
#include <QFileInfo>

namespace watchpost {

QString AttachedConsole::defaultReplicaPath(const QUrl& server)
{
    const QString folder = QFileInfo(Store::defaultPath()).absolutePath();
    const int port = server.port(server.scheme() == QLatin1String("https") ? 443 : 80);
    QString host = server.host();
    host.replace(QLatin1Char(':'), QLatin1Char('_')); // an IPv6 address
    return QDir(folder).filePath(QStringLiteral("replicas/%1-%2.sqlite").arg(host).arg(port));
}

QString AttachedConsole::keychainEntry(const QUrl& server)
{
    return QStringLiteral("server-key:") +
           server.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveUserInfo | QUrl::StripTrailingSlash)
               .toString();
}

Result<std::unique_ptr<AttachedConsole>> AttachedConsole::open(Options options, std::shared_ptr<const Clock> clock)
{
    ServerLink::Options linkOptions;
    linkOptions.server = options.server;
    linkOptions.replicaPath =
        options.replicaPath.isEmpty() ? defaultReplicaPath(options.server.url) : options.replicaPath;
    linkOptions.bodies = options.bodies;
    linkOptions.retryMs = options.retryMs;
    auto link = ServerLink::open(linkOptions, clock);
    if (!link)
        return link.error();
    std::unique_ptr<AttachedConsole> console(new AttachedConsole);
    console->m_link = std::move(*link);
    // Reads only: the replica's read-only view. The webhook receiver's live state (secrets, controls) is the
    // server's, so the console holds empty ones; nothing here signs or stores secrets.
    const DomainDeps deps{console->m_link->store(), clock, &console->m_notifier, nullptr, WebhookSetup{}};
    console->m_ctx.services = std::make_shared<DomainServices>(deps);
    // The name the server records this key's actions under is the console's actor. The functor holds a copy of the
    // context made before the link joins it: a copy holding the link would keep the link (and its thread) alive.
    ServerLink* raw = console->m_link.get();
    QObject::connect(raw, &RemoteLink::stateChanged, raw, [raw, actor = console->m_ctx]() mutable {
        if (!raw->state().actor.isEmpty())
            actor.setActor(raw->state().actor);
    });
    console->m_ctx.remote = console->m_link;
    console->m_ctx.remoteIncidentActions = std::make_shared<RemoteIncidentActions>(*console->m_link);
    console->m_ctx.remoteWebhookActions = std::make_shared<RemoteWebhookActions>(*console->m_link);
    console->m_ctx.remoteCredentialActions = std::make_shared<RemoteCredentialActions>(*console->m_link);
    console->m_ctx.remoteRecoveryActions = std::make_shared<RemoteRecoveryActions>(*console->m_link);
    console->m_ctx.remoteSecretActions = std::make_shared<RemoteSecretActions>(*console->m_link);
    console->m_ctx.remoteKillSwitchActions = std::make_shared<RemoteKillSwitchActions>(*console->m_link);
    console->m_ctx.listener = [] { return ListenerInfo{}; };
    return console;
}

AttachedConsole::~AttachedConsole() = default;

} // namespace watchpost
