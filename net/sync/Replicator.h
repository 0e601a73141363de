#pragma once
// Replicator: brings a Replica up to date with its server — the console's sync and `watchpost replicate` both run
// it. On every connection: the first feed page (which names the server), the binding and pin, the audit chain
// re-read from the last record the replica verified, then every page until the replica holds the server's head.

#include "models/sync/Replica.h"
#include "net/sync/SyncClient.h"

#include <QObject>

namespace watchpost {

struct ReplicationOutcome
{
    SyncFailure failure = SyncFailure::None;
    QString message;
    qint64 applied = 0;
    qint64 lastSeq = 0;
    qint64 bytes = 0;
    int pages = 0;
    QList<SyncAlarm> alarms;   // found during this catch-up (new, or found again)
    bool localFailure = false; // the replica itself could not be read or written
};

class Replicator : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool bodies = false; // ask for webhook delivery bodies (admin, responder)
        int pageLimit = 2000;
        // At the head, keep following: ask again with ?wait= (long-polling) and apply what comes, until a failure
        // ends it (finished() then reports it; a new catchUp() is a new connection, chain check included).
        bool follow = false;
        int waitSeconds = 25;
    };
    Replicator(Replica& replica, SyncServer server, Options options, QObject* parent = nullptr);

    // One catch-up; finished() reports it.
    void catchUp();
    bool running() const { return m_running; }

Q_SIGNALS:
    void progress(qint64 lastSeq, qint64 headSeq);
    // Following: the replica holds the server's head (after the first catch-up, and after each change applied).
    void caughtUp(const watchpost::ReplicationOutcome& outcome);
    void finished(const watchpost::ReplicationOutcome& outcome);

private:
    void fetchPage(qint64 after, bool wait = false);
    void onPage(const SyncAnswer& answer, bool first);
    void checkChain(const FeedPage& firstPage);
    void applyAndContinue(const FeedPage& page);
    void finish(SyncFailure failure = SyncFailure::None, const QString& message = {}, bool local = false);
    QUrlQuery query() const;

    Replica& m_replica;
    SyncClient m_client;
    Options m_options;
    ReplicationOutcome m_outcome;
    bool m_running = false;
    quint64 m_run = 0; // which catch-up an answer belongs to
};

} // namespace watchpost
