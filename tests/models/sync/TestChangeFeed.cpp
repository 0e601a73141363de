// The change feed and a replica over real SQLite files: every table is classified, changes commit with their
// records, roles see what they may, nothing secret enters the feed, and a replica that applies it holds the
// server's rows — and raises a history change, keeping its own copy, when an append-only record is altered.
#include "models/audit/AuditLog.h"
#include "models/credentials/OwnerAccount.h"
#include "models/credentials/TokenService.h"
#include "models/sync/ChangeFeed.h"
#include "models/sync/Replica.h"
#include "tests/support/models/StoreFixture.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

using namespace watchpost;

namespace {
QStringList tablesOf(const Store& store)
{
    QSqlQuery q(store.connection());
    q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"));
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}

QHash<QString, bool> columnsOf(const Store& store, const QString& table) // name → NOT NULL without default
{
    QSqlQuery q(store.connection());
    q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table));
    QHash<QString, bool> out;
    while (q.next())
        out.insert(q.value(1).toString(), q.value(3).toInt() == 1 && q.value(4).isNull() && q.value(5).toInt() == 0);
    return out;
}

// Every page after `after` until the head, applied to `replica`; the alarms they raised.
QList<SyncAlarm> syncAll(ChangeFeed& feed, Replica& replica, Role role = Role::Admin, int limit = 7)
{
    QList<SyncAlarm> alarms;
    for (int guard = 0; guard < 10000; ++guard) {
        const FeedPage page = must(feed.after(must(replica.state()).lastSeq, limit, {role, false}));
        if (must(replica.state()).serverId.isEmpty())
            must(replica.bind(page.serverId, QStringLiteral("https://server.test")));
        alarms << must(replica.apply(page)).alarms;
        if (page.lastSeq >= page.headSeq)
            break;
    }
    return alarms;
}

QList<QVariantList> rows(const Store& store, const QString& sql)
{
    QSqlQuery q(store.connection());
    q.exec(sql);
    QList<QVariantList> out;
    while (q.next()) {
        QVariantList row;
        for (int i = 0; i < q.record().count(); ++i)
            row << q.value(i).toString();
        out << row;
    }
    return out;
}
} // namespace

class TestChangeFeed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // A table the list does not classify fails here, so a later feature's table cannot be left out of team mode
    // (or put into it with every column) by accident.
    void everyTableIsClassifiedAndCaptured()
    {
        StoreFixture f;
        for (const QString& table : tablesOf(*f.store)) {
            const SyncTable* t = SyncTables::find(table);
            QVERIFY2(t || SyncTables::local().contains(table), qPrintable(table + " is not in SyncTables"));
            if (!t)
                continue;
            const auto columns = columnsOf(*f.store, table);
            for (const QString& c : t->columns)
                QVERIFY2(columns.contains(c), qPrintable(table + "." + c + " is listed but does not exist"));
            QCOMPARE(t->columns.first(), t->key);
            // A NOT NULL column left on the server — or sent only with bodies — that a replica must still fill has
            // its placeholder, and the placeholder binds as a value, not as NULL (a null QByteArray or QString does).
            for (auto it = columns.begin(); it != columns.end(); ++it)
                if ((!t->columns.contains(it.key()) || t->bodyColumns.contains(it.key())) && it.value()) {
                    bool filled = false;
                    for (const auto& [name, value] : t->replicaFill)
                        if (name == it.key()) {
                            filled = true;
                            QSqlQuery bound(f.store->connection());
                            bound.prepare(QStringLiteral("SELECT ? IS NOT NULL"));
                            bound.addBindValue(value);
                            QVERIFY(bound.exec() && bound.next());
                            QVERIFY2(bound.value(0).toBool(),
                                     qPrintable(table + "." + name + "'s replica fill binds as NULL"));
                        }
                    QVERIFY2(filled, qPrintable(table + "." + it.key() + " is NOT NULL and has no replica fill"));
                }
            QSqlQuery q(f.store->connection());
            for (const char* op : {"insert", "update", "delete"}) {
                q.exec(QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = '%1_sync_%2'")
                           .arg(table, QLatin1String(op)));
                QVERIFY2(q.next(), qPrintable(table + " lacks its " + op + " trigger"));
                // … and names the table by its own code.
                QVERIFY2(q.value(0).toString().contains(QStringLiteral("VALUES (%1, ").arg(t->code)),
                         qPrintable(table + "'s " + op + " trigger writes another table's code"));
            }
        }
        QSet<int> codes;
        for (const SyncTable& t : SyncTables::all()) {
            QVERIFY2(t.code > 0 && !codes.contains(t.code), qPrintable(t.name));
            codes.insert(t.code);
        }
        // What never leaves a server, by name.
        for (const char* secret : {"token_hash", "public_key", "scrypt_hash", "scrypt_salt", "remember_hash"})
            for (const SyncTable& t : SyncTables::all())
                QVERIFY2(!t.columns.contains(QLatin1String(secret)), qPrintable(t.name + "." + secret));
        QVERIFY(!SyncTables::find(QStringLiteral("owner_account")));
    }

    void changesCommitWithTheirRecordsInOneOrder()
    {
        StoreFixture f;
        ChangeFeed feed(f.store, f.clock);
        const auto before = must(feed.after(0, 5000, {Role::Admin, false}));
        const Incident a = must(f.service->report(StoreFixture::sampleReport(), QStringLiteral("lead")));
        must(f.service->acknowledge(a.id, QStringLiteral("on it"), QStringLiteral("lead")));
        const auto page = must(feed.after(before.lastSeq, 5000, {Role::Admin, false}));
        QVERIFY(page.lastSeq > before.lastSeq);
        QCOMPARE(page.lastSeq, page.headSeq);
        QStringList tables;
        qint64 previous = before.lastSeq;
        for (const FeedChange& c : page.changes) {
            QVERIFY(c.seq > previous);
            previous = c.seq;
            tables << c.table;
        }
        // The incident first (its acknowledgement folded into that first change: the row as it is now), then its
        // children, each once.
        QCOMPARE(tables.first(), QStringLiteral("incidents"));
        QCOMPARE(tables.count(QStringLiteral("incidents")), 1);
        QVERIFY(tables.contains(QStringLiteral("timeline_entries")));
        QVERIFY(tables.contains(QStringLiteral("incident_assets")));
        const QStringList cols = ChangeFeed::columnsFor(*SyncTables::find(QStringLiteral("incidents")), false);
        QCOMPARE(page.changes.first().values.at(cols.indexOf(QStringLiteral("state"))).toString(),
                 QStringLiteral("acknowledged"));
        // A write that rolls back leaves no change behind.
        {
            WriteTransaction tx(f.store->connection());
            QSqlQuery q(f.store->connection());
            QVERIFY(q.exec(QStringLiteral("UPDATE incidents SET title = 'rolled back' WHERE id = %1").arg(a.id)));
        }
        QCOMPARE(must(feed.after(page.lastSeq, 10, {Role::Admin, false})).changes.size(), 0);
        // Limits and positions.
        const auto two = must(feed.after(before.lastSeq, 2, {Role::Admin, false}));
        QCOMPARE(two.changes.size(), 2);
        QCOMPARE(two.lastSeq, two.changes.last().seq);
        QCOMPARE(must(feed.serverId()), two.serverId);
        QCOMPARE(two.schemaVersion, Store::latestSchemaVersion());
    }

    void rolesSeeWhatTheyMayAndNoSecretLeaves()
    {
        StoreFixture f;
        auto audit = std::make_shared<AuditLog>(f.store, f.clock);
        const CreatedToken key =
            must(TokenService(f.store, f.clock).create(QStringLiteral("bot"), QStringLiteral("automation")));
        must(audit->append(QStringLiteral("lead"), AuditAction::CredentialCreated, {QStringLiteral("credential:1")},
                           QStringLiteral("succeeded")));
        must(OwnerAccount(f.store, f.clock, audit)
                 .setUp(QStringLiteral("Lead"), QStringLiteral("correct horse battery"),
                        QStringLiteral("correct horse battery")));
        must(f.service->report(StoreFixture::sampleReport(), QStringLiteral("lead")));
        ChangeFeed feed(f.store, f.clock);
        auto tablesFor = [&](Role role) {
            QSet<QString> out;
            for (const FeedChange& c : must(feed.after(0, 5000, {role, false})).changes)
                out.insert(c.table);
            return out;
        };
        const QSet<QString> admin = tablesFor(Role::Admin);
        QVERIFY(admin.contains(QStringLiteral("api_tokens")));
        QVERIFY(admin.contains(QStringLiteral("audit_log")));
        QVERIFY(!admin.contains(QStringLiteral("owner_account")));
        const QSet<QString> responder = tablesFor(Role::Responder);
        QVERIFY(responder.contains(QStringLiteral("audit_log")));
        QVERIFY(!responder.contains(QStringLiteral("api_tokens")));
        const QSet<QString> viewer = tablesFor(Role::Viewer);
        QVERIFY(viewer.contains(QStringLiteral("incidents")));
        QVERIFY(!viewer.contains(QStringLiteral("audit_log")));
        QVERIFY(!viewer.contains(QStringLiteral("api_tokens")));
        // The viewer's position still covers what it may not see.
        QCOMPARE(must(feed.after(0, 5000, {Role::Viewer, false})).lastSeq,
                 must(feed.after(0, 5000, {Role::Admin, false})).lastSeq);
        // Not one value of the admin's whole feed is the key, its hash or the owner's passphrase hash.
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT token_hash FROM api_tokens")) && q.next());
        const QString hash = q.value(0).toString();
        QVERIFY(q.exec(QStringLiteral("SELECT scrypt_hash FROM owner_account")) && q.next());
        const QByteArray scrypt = q.value(0).toByteArray();
        for (const FeedChange& c : must(feed.after(0, 5000, {Role::Admin, true})).changes)
            for (const QVariant& v : c.values) {
                QVERIFY(!v.toString().contains(hash));
                QVERIFY(!v.toString().contains(key.token));
                QVERIFY(v.toByteArray() != scrypt);
            }
    }

    void aReplicaHoldsTheServersRowsAndKeepsEvidence()
    {
        StoreFixture server;
        auto audit = std::make_shared<AuditLog>(server.store, server.clock);
        for (int i = 0; i < 5; ++i) {
            const Incident inc = must(server.service->report(StoreFixture::sampleReport(), QStringLiteral("lead")));
            must(server.service->acknowledge(inc.id, QStringLiteral("ack %1").arg(i), QStringLiteral("lead")));
            must(audit->append(QStringLiteral("lead"), AuditAction::CredentialCreated,
                               {QStringLiteral("credential:%1").arg(i)}, QStringLiteral("succeeded")));
        }
        ChangeFeed feed(server.store, server.clock);
        QTemporaryDir dir;
        auto replica = must(Replica::open(dir.filePath(QStringLiteral("replica.sqlite")), server.clock));
        QVERIFY(syncAll(feed, *replica).isEmpty());
        const QString incidents = QStringLiteral("SELECT * FROM incidents ORDER BY id");
        const QString timeline = QStringLiteral("SELECT * FROM timeline_entries ORDER BY id");
        const QString log = QStringLiteral("SELECT * FROM audit_log ORDER BY id");
        QCOMPARE(rows(*replica->store(), incidents), rows(*server.store, incidents));
        QCOMPARE(rows(*replica->store(), timeline), rows(*server.store, timeline));
        QCOMPARE(rows(*replica->store(), log), rows(*server.store, log));
        QCOMPARE(must(replica->state()).auditVerifiedId, qint64(5));
        // Applying writes no feed of the replica's own.
        QCOMPARE(rows(*replica->store(), QStringLiteral("SELECT COUNT(*) FROM sync_changes")).first().first(),
                 QVariant(QStringLiteral("0")));

        // Mutable rows change normally.
        must(server.service->addTimelineEntry(1, TimelineKind::Note, QStringLiteral("later"), QStringLiteral("lead")));
        QVERIFY(syncAll(feed, *replica).isEmpty());
        QCOMPARE(rows(*replica->store(), timeline), rows(*server.store, timeline));

        // Someone edits the server's file: a timeline entry and an audit record, past their append-only guards.
        QSqlQuery edit(server.store->connection());
        QVERIFY(edit.exec(QStringLiteral("DROP TRIGGER timeline_entries_no_update")));
        QVERIFY(edit.exec(QStringLiteral("UPDATE timeline_entries SET text = 'nothing happened' WHERE id = 2")));
        QVERIFY(edit.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")));
        QVERIFY(edit.exec(QStringLiteral("UPDATE audit_log SET actor = 'someone else' WHERE id = 3")));
        const QList<SyncAlarm> alarms = syncAll(feed, *replica);
        QStringList named;
        for (const SyncAlarm& a : alarms)
            named << a.table + QLatin1Char(' ') + a.key;
        QVERIFY2(named.contains(QStringLiteral("timeline_entries 2")), qPrintable(named.join(", ")));
        QVERIFY2(named.contains(QStringLiteral("audit_log 3")), qPrintable(named.join(", ")));
        // The replica keeps its copy.
        QVERIFY(
            rows(*replica->store(), QStringLiteral("SELECT text FROM timeline_entries WHERE id = 2")).first().first() !=
            QVariant(QStringLiteral("nothing happened")));
        QCOMPARE(rows(*replica->store(), QStringLiteral("SELECT actor FROM audit_log WHERE id = 3")).first().first(),
                 QVariant(QStringLiteral("lead")));
        // The server's own chain check, re-read on the next connection, names the record too.
        const QList<SyncAlarm> chain = must(replica->checkChain(must(feed.auditChain(5, 1))));
        QVERIFY(!chain.isEmpty());
        QCOMPARE(chain.first().kind, QStringLiteral("chain_broken"));
        QCOMPARE(chain.first().key, QStringLiteral("3"));
        QVERIFY(must(replica->alarms()).size() >= 3);
        // Found again later, it is the alarm already held.
        const int held = int(must(replica->alarms()).size());
        must(replica->checkChain(must(feed.auditChain(5, 1))));
        QCOMPARE(int(must(replica->alarms()).size()), held);
    }

    void anEditWithEveryTriggerDroppedIsFoundOnReconnecting()
    {
        StoreFixture server;
        auto audit = std::make_shared<AuditLog>(server.store, server.clock);
        for (int i = 0; i < 3; ++i)
            must(audit->append(QStringLiteral("lead"), AuditAction::CredentialCreated, {QStringLiteral("c:%1").arg(i)},
                               QStringLiteral("succeeded")));
        ChangeFeed feed(server.store, server.clock);
        QTemporaryDir dir;
        auto replica = must(Replica::open(dir.filePath(QStringLiteral("r.sqlite")), server.clock));
        QVERIFY(syncAll(feed, *replica).isEmpty());
        // The whole chain rewritten from record 3 with fresh hashes, no trigger left to notice: the server's own
        // check passes, but record 3 is no longer what the replica verified.
        QSqlQuery edit(server.store->connection());
        QVERIFY(edit.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")));
        QVERIFY(edit.exec(QStringLiteral("DROP TRIGGER audit_log_sync_update")));
        QVERIFY(edit.exec(QStringLiteral("SELECT id, at, actor, action, targets, outcome, detail, previous_hash FROM "
                                         "audit_log WHERE id = 3")) &&
                edit.next());
        AuditRecord r;
        r.id = 3;
        r.at = QDateTime::fromMSecsSinceEpoch(edit.value(1).toLongLong(), Qt::UTC);
        r.actor = QStringLiteral("someone else");
        r.action = edit.value(3).toString();
        r.targets = QStringList{QStringLiteral("c:2")};
        r.outcome = edit.value(5).toString();
        r.detail = edit.value(6).toString();
        r.previousHash = edit.value(7).toString();
        const QString forged = AuditLog::hashOf(r);
        QSqlQuery rewrite(server.store->connection());
        rewrite.prepare(QStringLiteral("UPDATE audit_log SET actor = ?, hash = ? WHERE id = 3"));
        rewrite.addBindValue(r.actor);
        rewrite.addBindValue(forged);
        QVERIFY(rewrite.exec());
        QVERIFY(must(AuditLog(server.store, server.clock).verify()).firstBroken == std::nullopt);
        QCOMPARE(must(feed.after(must(replica->state()).lastSeq, 10, {Role::Admin, false})).changes.size(), 0);
        const QList<SyncAlarm> found = must(replica->checkChain(must(feed.auditChain(3, 1))));
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().kind, QStringLiteral("record_changed"));
        QCOMPARE(found.first().key, QStringLiteral("3"));
        QVERIFY2(found.first().detail.contains(QStringLiteral("actor")), qPrintable(found.first().detail));
    }

    // A server restored from an older copy of its store: its feed ends before what the replica applied.
    void aServerBehindItsReplicaIsAHistoryChange()
    {
        StoreFixture server;
        for (int i = 0; i < 3; ++i)
            must(server.service->report(StoreFixture::sampleReport(), QStringLiteral("lead")));
        ChangeFeed feed(server.store, server.clock);
        QTemporaryDir dir;
        auto replica = must(Replica::open(dir.filePath(QStringLiteral("r.sqlite")), server.clock));
        QVERIFY(syncAll(feed, *replica).isEmpty());
        const qint64 applied = must(replica->state()).lastSeq;
        QVERIFY(!must(replica->checkHead(applied)));
        const auto alarm = must(replica->checkHead(applied - 5));
        QVERIFY(alarm);
        QVERIFY2(alarm->detail.contains(QStringLiteral("lost history")), qPrintable(alarm->detail));
        QCOMPARE(alarm->key, QString::number(applied));
    }

    void aReplicaIsNeitherAServerStoreNorAnotherServersCopy()
    {
        StoreFixture server;
        must(server.service->report(StoreFixture::sampleReport(), QStringLiteral("lead")));
        const QString path = server.store->path();
        const auto refused = Replica::open(path, server.clock);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("not a replica")),
                 qPrintable(refused.error().message));
        QTemporaryDir dir;
        auto replica = must(Replica::open(dir.filePath(QStringLiteral("r.sqlite")), server.clock));
        must(replica->bind(QStringLiteral("server-a"), QStringLiteral("https://a.test")));
        const auto other = replica->bind(QStringLiteral("server-b"), QStringLiteral("https://b.test"));
        QVERIFY(!other);
        QVERIFY(other.error().message.contains(QStringLiteral("server-a")));
        FeedPage foreign;
        foreign.serverId = QStringLiteral("server-b");
        QVERIFY(!replica->apply(foreign));
    }
};

QTEST_GUILESS_MAIN(TestChangeFeed)
#include "TestChangeFeed.moc"
