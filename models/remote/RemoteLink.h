#pragma once
// RemoteLink: a console attached to a Watchpost server (team mode) — where its replica stands and whether it may act.
// The console reads every page from its replica; the link keeps the replica following the server's change feed
// and sends each action to the server's REST API. Implemented in net/remote (ServerLink), wired in app/.

#include "models/sync/Replica.h"

#include <QObject>

#include <functional>
#include <optional>

namespace watchpost {

struct LinkState
{
    enum class Status
    {
        Connecting, // the first catch-up of a connection is running
        Live,       // at the server's head and following it
        Offline     // the last connection failed (unreachable, TLS, key refused, schema); retried
    };
    Status status = Status::Connecting;
    QString server;                     // https://host:port
    QString reason;                     // Offline: why, for people
    std::optional<qint64> offlineSince; // ms since the epoch: when the server was last lost
    std::optional<qint64> asOf;         // ms since the epoch: when the replica last applied a change
    qint64 lastSeq = 0;                 // the last change the replica holds
    QString actor;                      // the name the server records this key's actions under
    QString role;                       // viewer, automation, responder, admin; empty until known
    bool retrying = true;               // false when retrying cannot help (schema mismatch, a changed certificate)
    QList<SyncAlarm> alarms;            // server history changes the replica holds as evidence

    bool live() const { return status == Status::Live; }
    // Why this console may not act now (offline, or a key whose role only reads); nullopt when it may.
    std::optional<QString> whyCannotAct() const;
    // "live", or "offline since 14:02 — cannot reach …": one line for a banner or status bar.
    QString describe() const;
};

// What trying a server with a key found (the "Connect to a server" screen): connected as whom, a certificate this
// system does not trust (its fingerprint, for the person to compare and accept), or why not.
struct ServerProbe
{
    enum class Outcome
    {
        Connected,
        Untrusted,
        Failed
    };
    Outcome outcome = Outcome::Failed;
    QString message;     // for people
    QString field;       // which input it is about: "server" or "key"
    QString fingerprint; // the server's certificate (SHA-256 hex), when TLS got that far
    QString name;        // Connected: who the key is, and its role
    QString role;
};
using ProbeServer = std::function<void(const QString& url, const QString& key, const QString& pin,
                                       std::function<void(const ServerProbe&)> done)>;

class RemoteLink : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual LinkState state() const = 0;
    // Try the server now instead of waiting for the next retry.
    virtual void reconnect() = 0;

Q_SIGNALS:
    void stateChanged();
    // The replica took changes from the server: pages read it again.
    void applied();
};

} // namespace watchpost
