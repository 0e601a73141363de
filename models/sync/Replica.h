#pragma once
// Replica: a console's or `watchpost replicate`'s copy of one server's store — the same schema, written only by
// applying the server's change feed. It checks what it is sent against what it already holds: an append-only
// record (timeline entry, audit record, rotation) the server changed or removed, or an audit chain that does not
// hold, is a "server history changed" alarm naming the record, and the replica keeps its own copy as evidence.

#include "models/core/Clock.h"
#include "models/store/Store.h"
#include "models/sync/ChangeFeed.h"

#include <memory>

namespace watchpost {

struct ReplicaState
{
    QString serverId; // empty until the replica first connected
    QString serverUrl;
    QString fingerprint; // the pinned certificate (SHA-256 hex), or empty for the system's trust store
    qint64 lastSeq = 0;
    qint64 auditVerifiedId = 0;
    QString auditVerifiedHash;
    std::optional<qint64> lastAppliedAt;
};

struct SyncAlarm
{
    qint64 id = 0;
    qint64 detectedAt = 0;
    QString kind; // record_changed, record_removed, chain_broken, chain_head_changed
    QString table;
    QString key;
    std::optional<qint64> seq;
    QString detail;
    QString describe() const; // "audit_log 12: record 12 was changed on the server …"
};

struct ApplyReport
{
    int applied = 0;
    QList<SyncAlarm> alarms; // raised by this page
};

class Replica
{
public:
    // Opens (creating) the replica at `path`; refuses a store that is a server's (it has history of its own).
    static Result<std::unique_ptr<Replica>> open(const QString& path, std::shared_ptr<const Clock> clock);

    Result<ReplicaState> state() const;
    // Binds a new replica to its server on first contact; refuses a replica bound to another server.
    Result<Done> bind(const QString& serverId, const QString& serverUrl);
    Result<Done> pin(const QString& fingerprint);
    // Applies one page of the feed in one transaction (the page's changes, its alarms and the new position).
    Result<ApplyReport> apply(const FeedPage& page);
    // On every connection: the server's chain from the last record this replica verified, and its own check.
    Result<QList<SyncAlarm>> checkChain(const AuditChainPage& chain);
    // On every connection: a server whose feed ends before what this replica applied lost history (a store
    // replaced or restored from a backup) — an alarm, and nothing is applied until the feed passes it again.
    Result<std::optional<SyncAlarm>> checkHead(qint64 headSeq);
    Result<QList<SyncAlarm>> alarms() const;
    const std::shared_ptr<Store>& store() const { return m_store; }

private:
    Replica(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock);
    Result<std::optional<SyncAlarm>> raise(SyncAlarm alarm, const QString& serverRow);

    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
};

} // namespace watchpost
