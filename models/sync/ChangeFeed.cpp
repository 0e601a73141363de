#include "models/sync/ChangeFeed.h"

#include "models/audit/AuditLog.h"
#include "models/store/CheckedQuery.h"

#include <QHash>
#include <QSqlRecord>
#include <QUuid>

namespace watchpost {
namespace {
QVariantList rowValues(const QSqlQuery& q, int count)
{
    QVariantList out;
    out.reserve(count);
    for (int i = 0; i < count; ++i)
        out << q.value(i);
    return out;
}

QString placeholders(qsizetype n)
{
    QStringList marks;
    marks.fill(QStringLiteral("?"), n);
    return marks.join(QLatin1Char(','));
}
} // namespace

ChangeFeed::ChangeFeed(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock)
    : m_store(std::move(store)), m_clock(std::move(clock))
{
}

QStringList ChangeFeed::columnsFor(const SyncTable& table, bool bodies)
{
    if (bodies)
        return table.columns;
    QStringList out;
    for (const QString& c : table.columns)
        if (!table.bodyColumns.contains(c))
            out << c;
    return out;
}

Result<QString> ChangeFeed::serverId()
{
    if (!m_serverId.isEmpty())
        return m_serverId;
    const QSqlDatabase db = m_store->connection();
    CheckedQuery read(db, QStringLiteral("SELECT server_id FROM sync_identity WHERE id = 1"),
                      QStringLiteral("read this server's id"));
    auto id = read.first([](const QSqlQuery& q) { return q.value(0).toString(); });
    if (!id)
        return id.error();
    if (!*id) {
        WriteTransaction tx(db);
        if (!tx.begun())
            return Error::storage(QStringLiteral("cannot make this server's id: %1").arg(tx.lastError()));
        CheckedQuery make(db,
                          QStringLiteral("INSERT INTO sync_identity (id, server_id) VALUES (1, ?) ON CONFLICT (id) DO "
                                         "NOTHING"),
                          QStringLiteral("make this server's id"));
        make.add(QUuid::createUuid().toString(QUuid::WithoutBraces));
        if (auto made = make.exec(); !made)
            return made.error();
        if (!tx.commit())
            return Error::storage(QStringLiteral("cannot make this server's id: %1").arg(tx.lastError()));
        CheckedQuery again(db, QStringLiteral("SELECT server_id FROM sync_identity WHERE id = 1"),
                           QStringLiteral("read this server's id"));
        id = again.first([](const QSqlQuery& q) { return q.value(0).toString(); });
        if (!id)
            return id.error();
        if (!*id)
            return Error::storage(QStringLiteral("this server's id was not kept"));
    }
    m_serverId = **id;
    return m_serverId;
}

Result<FeedPage> ChangeFeed::after(qint64 seq, int limit, const FeedAccess& access)
{
    FeedPage page;
    page.bodies = access.bodies;
    page.lastSeq = seq;
    const auto id = serverId();
    if (!id)
        return id.error();
    page.serverId = *id;
    const auto version = m_store->schemaVersion();
    if (!version)
        return version.error();
    page.schemaVersion = *version;
    const QSqlDatabase db = m_store->connection();
    // One read transaction: the head, the changes and the rows they name are one snapshot.
    QSqlQuery begin(db);
    if (!begin.exec(QStringLiteral("BEGIN")))
        return storageFailure(begin, QStringLiteral("start reading the change feed"));
    struct EndRead
    {
        QSqlDatabase db;
        ~EndRead() { QSqlQuery(db).exec(QStringLiteral("COMMIT")); }
    } endRead{db};

    CheckedQuery head(db, QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM sync_changes"),
                      QStringLiteral("read the newest change"));
    const auto headSeq = head.integer();
    if (!headSeq)
        return headSeq.error();
    page.headSeq = *headSeq;

    struct Entry
    {
        qint64 seq;
        const SyncTable* table; // nullptr: a code this version does not know (skipped, like a table not readable)
        QString key;
        bool deleted;
    };
    CheckedQuery changes(db,
                         QStringLiteral("SELECT seq, table_code, row_key, op FROM sync_changes WHERE seq > ? "
                                        "ORDER BY seq LIMIT ?"),
                         QStringLiteral("read the change feed"));
    changes.add(seq).add(qBound(1, limit, kMaxLimit));
    const auto entries = changes.all([](const QSqlQuery& q) {
        return Entry{q.value(0).toLongLong(), SyncTables::byCode(q.value(1).toInt()), q.value(2).toString(),
                     q.value(3).toInt() == 1};
    });
    if (!entries)
        return entries.error();

    // The first change of a row in the page carries the row as it is now; later ones in the page say nothing more
    // (keeping the first keeps parents before the rows that refer to them).
    QHash<QString, QSet<QString>> wanted; // table → keys
    QSet<QString> seen;
    QList<const Entry*> kept;
    for (const Entry& e : *entries) {
        page.lastSeq = e.seq;
        if (!e.table || !e.table->readableBy(access.role))
            continue;
        const QString rowId = e.table->name + QLatin1Char('\x1f') + e.key;
        if (seen.contains(rowId))
            continue;
        seen.insert(rowId);
        kept << &e;
        wanted[e.table->name].insert(e.key);
    }
    QHash<QString, QVariantList> rows; // table \x1f key → values
    for (auto it = wanted.constBegin(); it != wanted.constEnd(); ++it) {
        const SyncTable& table = *SyncTables::find(it.key());
        const QStringList columns = columnsFor(table, access.bodies);
        const QList<QString> keys = it.value().values();
        for (qsizetype from = 0; from < keys.size(); from += 500) {
            const QList<QString> chunk = keys.mid(from, 500);
            CheckedQuery q(
                db,
                QStringLiteral("SELECT %1 FROM %2 WHERE %3 IN (%4)")
                    .arg(columns.join(QStringLiteral(", ")), table.name, table.key, placeholders(chunk.size())),
                QStringLiteral("read the changed %1").arg(table.name));
            for (const QString& key : chunk)
                q.add(table.textKey ? QVariant(key) : QVariant(key.toLongLong()));
            const auto read = q.all([&](const QSqlQuery& row) { return rowValues(row, int(columns.size())); });
            if (!read)
                return read.error();
            for (const QVariantList& values : *read)
                rows.insert(table.name + QLatin1Char('\x1f') + values.first().toString(), values);
        }
    }
    for (const Entry* e : kept) {
        FeedChange c{e->seq, e->table->name, e->key, true, {}};
        if (const auto it = rows.constFind(e->table->name + QLatin1Char('\x1f') + e->key);
            it != rows.constEnd() && !e->deleted) {
            c.deleted = false;
            c.values = *it;
        }
        page.changes << c;
    }
    return page;
}

Result<qint64> ChangeFeed::headSeq() const
{
    CheckedQuery head(m_store->connection(), QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM sync_changes"),
                      QStringLiteral("read the newest change"));
    return head.integer();
}

Result<AuditChainPage> ChangeFeed::auditChain(qint64 fromId, int limit)
{
    AuditChainPage page;
    const QSqlDatabase db = m_store->connection();
    const SyncTable& table = *SyncTables::find(QStringLiteral("audit_log"));
    CheckedQuery head(db, QStringLiteral("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"),
                      QStringLiteral("read the audit chain's head"));
    const auto top =
        head.first([](const QSqlQuery& q) { return std::pair(q.value(0).toLongLong(), q.value(1).toString()); });
    if (!top)
        return top.error();
    if (*top) {
        page.headId = (*top)->first;
        page.headHash = (*top)->second;
    }
    CheckedQuery records(db,
                         QStringLiteral("SELECT %1 FROM audit_log WHERE id >= ? ORDER BY id LIMIT ?")
                             .arg(table.columns.join(QStringLiteral(", "))),
                         QStringLiteral("read the audit chain"));
    records.add(fromId).add(qBound(1, limit, kMaxLimit));
    const auto read = records.all([&](const QSqlQuery& q) { return rowValues(q, int(table.columns.size())); });
    if (!read)
        return read.error();
    page.records = *read;
    const auto verified = AuditLog(m_store, m_clock).verify();
    if (!verified)
        return verified.error();
    page.intact = !verified->firstBroken;
    page.brokenAt = verified->firstBroken;
    page.reason = verified->reason;
    return page;
}

} // namespace watchpost
