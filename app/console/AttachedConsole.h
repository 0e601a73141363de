#pragma once
// AttachedConsole: the parts of a console attached to a Watchpost server (team mode), built in one place for
// `watchpost --server` and its tests — the link (a replica following the server's feed on its own thread), the
// read-only services every page reads the replica through, the incident actions that go to the server's API, and
// the ConsoleContext the window is given. No owner lock of its own here: the person is their API key.

#include "net/remote/ServerLink.h"
#include "ui/shell/ConsoleContext.h"

#include <memory>

namespace watchpost {

class AttachedConsole
{
public:
    struct Options
    {
        SyncServer server;
        QString replicaPath; // empty: defaultReplicaPath(server.url)
        bool bodies = false; // ask for webhook delivery bodies (admin and responder keys)
        int retryMs = 3000;
    };
    static Result<std::unique_ptr<AttachedConsole>> open(Options options, std::shared_ptr<const Clock> clock);
    ~AttachedConsole();

    // One replica per server, in the user's data folder: replicas/HOST-PORT.sqlite.
    static QString defaultReplicaPath(const QUrl& server);
    // Where the person's API key for `server` is kept in the OS keychain.
    static QString keychainEntry(const QUrl& server);

    const ConsoleContext& context() const { return m_ctx; }
    ServerLink& link() const { return *m_link; }
    ChangeNotifier& notifier() { return m_notifier; }

private:
    AttachedConsole() = default;

    ChangeNotifier m_notifier;
    std::shared_ptr<ServerLink> m_link;
    ConsoleContext m_ctx;
};

} // namespace watchpost
