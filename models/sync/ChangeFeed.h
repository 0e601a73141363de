#pragma once
// ChangeFeed: the server side of team mode — the changes after a sequence number, each with the row's allowed
// columns as they are now (SyncTables), filtered by what the reader's role may see; and the audit chain's records
// from a given id with the server's own verification of the whole chain.

#include "models/core/Clock.h"
#include "models/credentials/TokenService.h"
#include "models/store/Store.h"
#include "models/sync/SyncTables.h"

#include <QVariantList>
#include <memory>

namespace watchpost {

struct FeedChange
{
    qint64 seq = 0;
    QString table;
    QString key;
    bool deleted = false;
    QVariantList values; // aligned with ChangeFeed::columnsFor(table, bodies); empty when deleted
};

struct FeedPage
{
    QList<FeedChange> changes;
    qint64 lastSeq = 0; // the last sequence number this page covers (changes a role may not see included)
    qint64 headSeq = 0; // the newest change on the server when the page was read
    QString serverId;
    int schemaVersion = 0;
    bool bodies = false; // delivery bodies are in the rows
};

struct FeedAccess
{
    Role role = Role::Viewer;
    bool bodies = false; // asked for delivery bodies (refused before this for a role that may not see them)
};

struct AuditChainPage
{
    QList<QVariantList> records; // audit_log rows from the asked id on, in id order (SyncTables columns)
    qint64 headId = 0;
    QString headHash;
    bool intact = true;             // the server's own verification of the whole chain
    std::optional<qint64> brokenAt; // … and where it fails
    QString reason;
};

class ChangeFeed
{
public:
    ChangeFeed(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock);

    static constexpr int kMaxLimit = 5000;
    static QStringList columnsFor(const SyncTable& table, bool bodies);

    // This store's identity as a server, made on first use.
    Result<QString> serverId();
    Result<FeedPage> after(qint64 seq, int limit, const FeedAccess& access);
    // The newest change's sequence number (0 for none): cheap, the primary key's end.
    Result<qint64> headSeq() const;
    Result<AuditChainPage> auditChain(qint64 fromId, int limit);

private:
    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    QString m_serverId;
};

} // namespace watchpost
