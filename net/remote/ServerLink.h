#pragma once
// ServerLink: a console attached to a Watchpost server. Its replica follows the server's change feed on a thread
// of its own (the Replicator that `watchpost replicate` runs, in follow mode: long-polling, a new connection with
// its chain check a few seconds after any failure); the console's pages read the replica through a read-only view;
// each action goes to the server's REST API from the GUI thread and returns once the replica holds its result.
// Nothing is ever queued to be sent later: an action asked for while offline is refused, saying why.

#include "models/remote/RemoteLink.h"
#include "net/sync/SyncClient.h"

#include <QJsonObject>
#include <QThread>

#include <chrono>
#include <functional>
#include <memory>

namespace watchpost {

class SyncWorker;

// Shown while an action waits for the server on the GUI thread (after a short delay); destroying the returned
// object takes it down. `cancel` stops waiting.
using ServerWaitIndicator =
    std::function<std::unique_ptr<QObject>(std::chrono::milliseconds remaining, std::function<void()> cancel)>;

class ServerLink final : public RemoteLink
{
    Q_OBJECT
public:
    struct Options
    {
        SyncServer server;
        QString replicaPath;
        bool bodies = false; // ask for webhook delivery bodies (the key's role must allow them)
        int retryMs = 3000;  // a new connection this long after a failure
        std::chrono::milliseconds callTimeout{15000};
        std::chrono::milliseconds feedTimeout{5000}; // how long an action waits for its change to arrive
    };

    // Opens (creating) the replica; refuses a file that is not a replica, or one bound to another server.
    static Result<std::unique_ptr<ServerLink>> open(Options options, std::shared_ptr<const Clock> clock);
    ~ServerLink() override;

    static void setWaitIndicator(ServerWaitIndicator indicator);
    // Tries `server` with its key and pin (GUI thread; `done` is called once): the "Connect to a server" check.
    static void probe(const SyncServer& server, std::function<void(const ServerProbe&)> done);
    static constexpr std::chrono::milliseconds s_indicatorDelay{400};

    // Starts following the server.
    void start();
    LinkState state() const override { return m_state; }
    void reconnect() override;
    // What the console's pages read: the replica, read-only.
    const std::shared_ptr<Store>& store() const { return m_view; }
    const Options& options() const { return m_options; }

    // One action on the server (GUI thread): waits for the answer, then for the replica to hold the change.
    // A refusal is the server's error (status mapped to its kind, fields and their reasons kept); offline, a viewer's
    // key, or no answer in time is an error saying so — nothing is kept to be sent later.
    Result<QJsonObject> call(const QByteArray& method, const QString& path, const QJsonObject& body = {});
    // The same without waiting (GUI thread): for work the server answers when it is done (a rotation waits for
    // GitHub's ping). `done` is called once, on this thread; refused at once while the console may not act.
    void callLater(const QByteArray& method, const QString& path, const QJsonObject& body,
                   std::chrono::milliseconds timeout, std::function<void(Result<QJsonObject>)> done);

private:
    friend class SyncWorker;
    ServerLink(Options options, std::shared_ptr<const Clock> clock, std::shared_ptr<Store> view, LinkState initial);
    void onProgress(qint64 lastSeq);
    void onCaughtUp(const QList<SyncAlarm>& alarms);
    void onFailed(SyncFailure failure, const QString& message, bool local, const QList<SyncAlarm>& alarms);
    void askWhoAmI();
    void setState(LinkState next);
    bool waitOnGuiThread(const std::function<bool()>& done, std::chrono::milliseconds timeout, bool indicator);

    Options m_options;
    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<Store> m_view;
    LinkState m_state;
    SyncClient* m_client = nullptr; // the GUI thread's: actions and whoami
    QThread m_thread;
    SyncWorker* m_worker = nullptr; // lives on m_thread
};

} // namespace watchpost
