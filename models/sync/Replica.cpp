#include "models/sync/Replica.h"

#include "models/audit/AuditLog.h"
#include "models/store/CheckedQuery.h"

#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <map>

namespace watchpost {
namespace {
bool sameValue(const QVariant& a, const QVariant& b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() == b.isNull();
    if (a.typeId() == QMetaType::QByteArray || b.typeId() == QMetaType::QByteArray)
        return a.toByteArray() == b.toByteArray();
    return a.toString() == b.toString();
}

QString rowJson(const QStringList& columns, const QVariantList& values)
{
    QJsonObject o;
    for (qsizetype i = 0; i < columns.size() && i < values.size(); ++i) {
        const QVariant& v = values.at(i);
        if (v.isNull())
            o.insert(columns.at(i), QJsonValue::Null);
        else if (v.typeId() == QMetaType::QByteArray)
            o.insert(columns.at(i), QString::fromLatin1(v.toByteArray().toBase64()));
        else
            o.insert(columns.at(i), QJsonValue::fromVariant(v));
    }
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// Why the audit record `r` does not continue the chain this replica verified up to (id, hash), or empty.
QString chainProblem(const AuditRecord& r, qint64 verifiedId, const QString& verifiedHash)
{
    const QString problem =
        AuditLog::linkProblem(r, verifiedId + 1, verifiedHash.isEmpty() ? AuditLog::genesisHash() : verifiedHash);
    return problem.isEmpty()
               ? problem
               : QStringLiteral("%1 (this replica verified the chain up to record %2)").arg(problem).arg(verifiedId);
}
} // namespace

QString SyncAlarm::describe() const
{
    return QStringLiteral("%1 %2: %3").arg(table, key, detail);
}

Replica::Replica(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock)
    : m_store(std::move(store)), m_clock(std::move(clock))
{
}

Result<std::unique_ptr<Replica>> Replica::open(const QString& path, std::shared_ptr<const Clock> clock)
{
    const bool existed = QFileInfo::exists(path) && QFileInfo(path).size() > 0;
    auto store = Store::open(path, *clock);
    if (!store)
        return store.error();
    const QSqlDatabase db = (*store)->connection();
    CheckedQuery marked(db, QStringLiteral("SELECT COUNT(*) FROM sync_replica"),
                        QStringLiteral("read the replica's state"));
    const auto count = marked.integer();
    if (!count)
        return count.error();
    if (*count == 0) {
        if (existed)
            return Error::validation(QStringLiteral("%1 is a Watchpost store with a history of its own, not a replica: "
                                                    "give --replica a new file (or a replica made before)")
                                         .arg(QFileInfo(path).absoluteFilePath()),
                                     {QStringLiteral("replica")});
        WriteTransaction tx(db);
        CheckedQuery mark(db,
                          QStringLiteral("INSERT INTO sync_replica (id, server_id, server_url, created_at) "
                                         "VALUES (1, '', '', ?)"),
                          QStringLiteral("mark the new file as a replica"));
        mark.add(clock->nowMs());
        if (!tx.begun())
            return Error::storage(QStringLiteral("cannot make the replica: %1").arg(tx.lastError()));
        if (auto made = mark.exec(); !made)
            return made.error();
        // Whatever a new store's migrations wrote is not the server's; the feed brings the server's.
        CheckedQuery clear(db, QStringLiteral("DELETE FROM sync_changes"), QStringLiteral("clear the replica's feed"));
        if (auto cleared = clear.exec(); !cleared)
            return cleared.error();
        if (!tx.commit())
            return Error::storage(QStringLiteral("cannot make the replica: %1").arg(tx.lastError()));
    }
    return std::unique_ptr<Replica>(new Replica(*store, std::move(clock)));
}

Result<ReplicaState> Replica::state() const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT server_id, server_url, fingerprint, last_seq, audit_verified_id, "
                                  "audit_verified_hash, last_applied_at FROM sync_replica WHERE id = 1"),
                   QStringLiteral("read the replica's state"));
    auto row = q.first([](const QSqlQuery& r) {
        ReplicaState s;
        s.serverId = r.value(0).toString();
        s.serverUrl = r.value(1).toString();
        s.fingerprint = r.value(2).toString();
        s.lastSeq = r.value(3).toLongLong();
        s.auditVerifiedId = r.value(4).toLongLong();
        s.auditVerifiedHash = r.value(5).toString();
        if (!r.value(6).isNull())
            s.lastAppliedAt = r.value(6).toLongLong();
        return s;
    });
    if (!row)
        return row.error();
    if (!*row)
        return Error::storage(QStringLiteral("the replica has lost its state row"));
    return **row;
}

Result<Done> Replica::bind(const QString& serverId, const QString& serverUrl)
{
    const auto s = state();
    if (!s)
        return s.error();
    if (!s->serverId.isEmpty() && s->serverId != serverId)
        return Error::validation(QStringLiteral("this replica copies server %1 (%2), and %3 answers as server %4: a "
                                                "replica follows one server — use a new --replica file")
                                     .arg(s->serverId, s->serverUrl, serverUrl, serverId),
                                 {QStringLiteral("replica")});
    WriteTransaction tx(m_store->connection());
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("UPDATE sync_replica SET server_id = ?, server_url = ? WHERE id = 1"),
                   QStringLiteral("bind the replica to its server"));
    q.add(serverId).add(serverUrl);
    if (!tx.begun())
        return Error::storage(tx.lastError());
    if (auto done = q.exec(); !done)
        return done.error();
    if (!tx.commit())
        return Error::storage(tx.lastError());
    return Done{};
}

Result<Done> Replica::pin(const QString& fingerprint)
{
    WriteTransaction tx(m_store->connection());
    CheckedQuery q(m_store->connection(), QStringLiteral("UPDATE sync_replica SET fingerprint = ? WHERE id = 1"),
                   QStringLiteral("pin the server's certificate"));
    q.add(fingerprint.isEmpty() ? QVariant() : QVariant(fingerprint));
    if (!tx.begun())
        return Error::storage(tx.lastError());
    if (auto done = q.exec(); !done)
        return done.error();
    if (!tx.commit())
        return Error::storage(tx.lastError());
    return Done{};
}

Result<std::optional<SyncAlarm>> Replica::raise(SyncAlarm alarm, const QString& serverRow)
{
    const QSqlDatabase db = m_store->connection();
    // The same finding on a later connection is the alarm already held, not a new one.
    CheckedQuery held(db,
                      QStringLiteral("SELECT id, detected_at FROM sync_alarms WHERE kind = ? AND table_name = ? AND "
                                     "row_key = ? AND detail = ?"),
                      QStringLiteral("read the replica's alarms"));
    held.add(alarm.kind).add(alarm.table).add(alarm.key).add(alarm.detail);
    const auto existing =
        held.first([](const QSqlQuery& q) { return std::pair(q.value(0).toLongLong(), q.value(1).toLongLong()); });
    if (!existing)
        return existing.error();
    if (*existing) {
        alarm.id = (*existing)->first;
        alarm.detectedAt = (*existing)->second;
        return std::optional<SyncAlarm>(alarm);
    }
    alarm.detectedAt = m_clock->nowMs();
    CheckedQuery add(db,
                     QStringLiteral("INSERT INTO sync_alarms (detected_at, kind, table_name, row_key, seq, detail, "
                                    "server_row) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                     QStringLiteral("record a history change"));
    add.add(alarm.detectedAt).add(alarm.kind).add(alarm.table).add(alarm.key);
    add.add(alarm.seq ? QVariant(*alarm.seq) : QVariant(QMetaType(QMetaType::LongLong)));
    add.add(alarm.detail).add(serverRow.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(serverRow));
    if (auto done = add.exec(); !done)
        return done.error();
    alarm.id = add.query().lastInsertId().toLongLong();
    return std::optional<SyncAlarm>(alarm);
}

Result<ApplyReport> Replica::apply(const FeedPage& page)
{
    auto s = state();
    if (!s)
        return s.error();
    if (page.serverId != s->serverId)
        return Error::validation(
            QStringLiteral("the page is from server %1, this replica copies %2").arg(page.serverId, s->serverId));
    const QSqlDatabase db = m_store->connection();
    // The server's store already holds its references; the replica takes rows in feed order as they come.
    QSqlQuery(db).exec(QStringLiteral("PRAGMA foreign_keys = OFF"));
    WriteTransaction tx(db);
    if (!tx.begun())
        return Error::storage(QStringLiteral("cannot write the replica: %1").arg(tx.lastError()));
    ApplyReport report;
    qint64 verifiedId = s->auditVerifiedId;
    QString verifiedHash = s->auditVerifiedHash;

    // What each table needs, prepared once per page.
    struct Plan
    {
        const SyncTable* table = nullptr;
        QStringList columns;
        QList<std::pair<QString, QVariant>> fill; // left-out NOT NULL columns and their placeholders
        QSqlQuery write;                          // upsert; for append-only tables, insert unless present
        QSqlQuery read;                           // append-only: the row this replica holds
        QSqlQuery remove;
    };
    std::map<QString, std::unique_ptr<Plan>> plans;
    auto planFor = [&](const QString& name) -> Plan* {
        if (auto it = plans.find(name); it != plans.end())
            return it->second.get();
        const SyncTable* table = SyncTables::find(name);
        if (!table)
            return nullptr;
        auto made = std::make_unique<Plan>();
        Plan& plan = *made;
        plan.table = table;
        plan.columns = ChangeFeed::columnsFor(*table, page.bodies);
        QStringList insertColumns = plan.columns;
        for (const auto& [column, fill] : table->replicaFill)
            if (!plan.columns.contains(column)) {
                plan.fill << std::pair(column, fill);
                insertColumns << column;
            }
        QStringList updates;
        for (const QString& column : plan.columns)
            if (column != table->key)
                updates << QStringLiteral("%1 = excluded.%1").arg(column);
        QStringList marks;
        marks.fill(QStringLiteral("?"), insertColumns.size());
        plan.write = QSqlQuery(db);
        plan.write.prepare(
            QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) ON CONFLICT (%4) DO ")
                .arg(table->name, insertColumns.join(QStringLiteral(", ")), marks.join(QLatin1Char(',')), table->key) +
            (table->appendOnly || updates.isEmpty()
                 ? QStringLiteral("NOTHING")
                 : QStringLiteral("UPDATE SET %1").arg(updates.join(QStringLiteral(", ")))));
        plan.read = QSqlQuery(db);
        plan.read.prepare(QStringLiteral("SELECT %1 FROM %2 WHERE %3 = ?")
                              .arg(plan.columns.join(QStringLiteral(", ")), table->name, table->key));
        plan.remove = QSqlQuery(db);
        plan.remove.prepare(QStringLiteral("DELETE FROM %1 WHERE %2 = ?").arg(table->name, table->key));
        return plans.emplace(name, std::move(made)).first->second.get();
    };
    auto heldRow = [](Plan& plan, const QVariant& key) -> Result<std::optional<QVariantList>> {
        plan.read.addBindValue(key);
        if (auto ran = runChecked(plan.read, QStringLiteral("read the replica's %1").arg(plan.table->name)); !ran)
            return ran.error();
        std::optional<QVariantList> out;
        if (plan.read.next()) {
            QVariantList v;
            for (int i = 0; i < plan.columns.size(); ++i)
                v << plan.read.value(i);
            out = v;
        }
        plan.read.finish();
        return out;
    };

    for (const FeedChange& c : page.changes) {
        Plan* plan = planFor(c.table);
        if (!plan)
            return Error::validation(
                QStringLiteral("the server sent a change of table %1, which this version of Watchpost does not know")
                    .arg(c.table));
        const SyncTable& table = *plan->table;
        const QStringList& columns = plan->columns;
        if (!c.deleted && c.values.size() != columns.size())
            return Error::validation(QStringLiteral("the server sent %1 values for a row of %2, which has %3 here")
                                         .arg(c.values.size())
                                         .arg(c.table)
                                         .arg(columns.size()));
        const QVariant key = table.textKey ? QVariant(c.key) : QVariant(c.key.toLongLong());
        if (c.deleted) {
            if (table.appendOnly) {
                const auto held = heldRow(*plan, key);
                if (!held)
                    return held.error();
                if (*held) {
                    auto alarm = raise({0, 0, QStringLiteral("record_removed"), c.table, c.key, c.seq,
                                        QStringLiteral("the server removed this append-only record (change %1); the "
                                                       "replica keeps its copy")
                                            .arg(c.seq)},
                                       {});
                    if (!alarm)
                        return alarm.error();
                    report.alarms << **alarm;
                }
                continue;
            }
            plan->remove.addBindValue(key);
            if (auto ran = runChecked(plan->remove, QStringLiteral("remove a %1 row from the replica").arg(c.table));
                !ran)
                return ran.error();
            ++report.applied;
            continue;
        }
        for (const QVariant& v : c.values)
            plan->write.addBindValue(v);
        for (const auto& [column, fill] : plan->fill)
            plan->write.addBindValue(column == QLatin1String("token_hash") ? QVariant(fill.toString() + c.key) : fill);
        if (auto ran = runChecked(plan->write, QStringLiteral("write a %1 row into the replica").arg(c.table)); !ran)
            return ran.error();
        if (!table.appendOnly || plan->write.numRowsAffected() > 0) {
            ++report.applied;
            if (c.table == QLatin1String("audit_log")) { // a new audit record continues the verified chain, or not
                const AuditRecord r = AuditLog::recordOf(c.values);
                if (const QString problem = chainProblem(r, verifiedId, verifiedHash); problem.isEmpty()) {
                    verifiedId = r.id;
                    verifiedHash = r.hash;
                } else {
                    auto alarm = raise({0, 0, QStringLiteral("chain_broken"), c.table, c.key, c.seq, problem},
                                       rowJson(columns, c.values));
                    if (!alarm)
                        return alarm.error();
                    report.alarms << **alarm;
                }
            }
            continue;
        }
        // An append-only record already here: the same record again, or a history change.
        const auto held = heldRow(*plan, key);
        if (!held)
            return held.error();
        QStringList changed;
        for (int i = 0; *held && i < columns.size(); ++i)
            if (!sameValue((**held).at(i), c.values.at(i)))
                changed << columns.at(i);
        if (!changed.isEmpty()) {
            auto alarm = raise({0, 0, QStringLiteral("record_changed"), c.table, c.key, c.seq,
                                QStringLiteral("the server changed this append-only record (%1; change %2); the "
                                               "replica keeps its copy")
                                    .arg(changed.join(QStringLiteral(", ")))
                                    .arg(c.seq)},
                               rowJson(columns, c.values));
            if (!alarm)
                return alarm.error();
            report.alarms << **alarm;
        }
    }
    CheckedQuery position(db,
                          QStringLiteral("UPDATE sync_replica SET last_seq = ?, audit_verified_id = ?, "
                                         "audit_verified_hash = ?, last_applied_at = ? WHERE id = 1"),
                          QStringLiteral("record how far the replica has applied the feed"));
    position.add(page.lastSeq).add(verifiedId).add(verifiedHash).add(m_clock->nowMs());
    if (auto done = position.exec(); !done)
        return done.error();
    plans.clear(); // statements go before the transaction ends
    if (!tx.commit())
        return Error::storage(QStringLiteral("cannot write the replica: %1").arg(tx.lastError()));
    return report;
}

Result<QList<SyncAlarm>> Replica::checkChain(const AuditChainPage& chain)
{
    const auto s = state();
    if (!s)
        return s.error();
    QList<SyncAlarm> found;
    const QSqlDatabase db = m_store->connection();
    WriteTransaction tx(db);
    if (!tx.begun())
        return Error::storage(QStringLiteral("cannot write the replica: %1").arg(tx.lastError()));
    auto add = [&](SyncAlarm alarm, const QString& serverRow) -> Result<Done> {
        auto raised = raise(std::move(alarm), serverRow);
        if (!raised)
            return raised.error();
        found << **raised;
        return Done{};
    };
    if (!chain.intact && chain.brokenAt) {
        if (auto done = add({0, 0, QStringLiteral("chain_broken"), QStringLiteral("audit_log"),
                             QString::number(*chain.brokenAt), std::nullopt,
                             QStringLiteral("the server's own check of its audit chain fails: %1").arg(chain.reason)},
                            {});
            !done)
            return done.error();
    }
    const qint64 verified = s->auditVerifiedId;
    if (verified > 0) {
        const SyncTable& table = *SyncTables::find(QStringLiteral("audit_log"));
        if (chain.headId < verified) {
            if (auto done = add({0, 0, QStringLiteral("chain_head_changed"), QStringLiteral("audit_log"),
                                 QString::number(verified), std::nullopt,
                                 QStringLiteral("the server's audit chain ends at record %1, but this replica verified "
                                                "it up to record %2: records were removed")
                                     .arg(chain.headId)
                                     .arg(verified)},
                                {});
                !done)
                return done.error();
        } else if (!chain.records.isEmpty() && chain.records.first().value(0).toLongLong() == verified) {
            const QVariantList& theirs = chain.records.first();
            CheckedQuery mine(
                db,
                QStringLiteral("SELECT %1 FROM audit_log WHERE id = ?").arg(table.columns.join(QStringLiteral(", "))),
                QStringLiteral("read the replica's last verified audit record"));
            mine.add(verified);
            const auto held = mine.first([&](const QSqlQuery& q) {
                QVariantList v;
                for (int i = 0; i < table.columns.size(); ++i)
                    v << q.value(i);
                return v;
            });
            if (!held)
                return held.error();
            QStringList changed;
            for (int i = 0; *held && i < table.columns.size(); ++i)
                if (!sameValue((**held).at(i), theirs.value(i)))
                    changed << table.columns.at(i);
            if (!changed.isEmpty() || theirs.value(8).toString() != s->auditVerifiedHash) {
                if (auto done =
                        add({0, 0, QStringLiteral("record_changed"), QStringLiteral("audit_log"),
                             QString::number(verified), std::nullopt,
                             QStringLiteral("on reconnecting, the server's record %1 differs from the copy this "
                                            "replica verified (%2)")
                                 .arg(verified)
                                 .arg(changed.isEmpty() ? QStringLiteral("hash") : changed.join(QStringLiteral(", ")))},
                            rowJson(table.columns, theirs));
                    !done)
                    return done.error();
            }
        } else if (auto done = add({0, 0, QStringLiteral("chain_head_changed"), QStringLiteral("audit_log"),
                                    QString::number(verified), std::nullopt,
                                    QStringLiteral("the server no longer has record %1, which this replica verified")
                                        .arg(verified)},
                                   {});
                   !done)
            return done.error();
    }
    if (!tx.commit())
        return Error::storage(QStringLiteral("cannot write the replica: %1").arg(tx.lastError()));
    return found;
}

Result<std::optional<SyncAlarm>> Replica::checkHead(qint64 headSeq)
{
    const auto s = state();
    if (!s)
        return s.error();
    if (headSeq >= s->lastSeq)
        return std::optional<SyncAlarm>();
    WriteTransaction tx(m_store->connection());
    if (!tx.begun())
        return Error::storage(QStringLiteral("cannot write the replica: %1").arg(tx.lastError()));
    auto alarm = raise({0, 0, QStringLiteral("chain_head_changed"), QStringLiteral("sync_changes"),
                        QString::number(s->lastSeq), std::nullopt,
                        QStringLiteral("the server's feed ends at change %1, but this replica applied it up to change "
                                       "%2: the server's store lost history (replaced, or restored from a backup)")
                            .arg(headSeq)
                            .arg(s->lastSeq)},
                       {});
    if (!alarm)
        return alarm.error();
    if (!tx.commit())
        return Error::storage(QStringLiteral("cannot write the replica: %1").arg(tx.lastError()));
    return alarm;
}

Result<QList<SyncAlarm>> Replica::alarms() const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT id, detected_at, kind, table_name, row_key, seq, detail FROM sync_alarms "
                                  "ORDER BY id"),
                   QStringLiteral("read the replica's alarms"));
    return q.all([](const QSqlQuery& r) {
        SyncAlarm a;
        a.id = r.value(0).toLongLong();
        a.detectedAt = r.value(1).toLongLong();
        a.kind = r.value(2).toString();
        a.table = r.value(3).toString();
        a.key = r.value(4).toString();
        if (!r.value(5).isNull())
            a.seq = r.value(5).toLongLong();
        a.detail = r.value(6).toString();
        return a;
    });
}

} // namespace watchpost
