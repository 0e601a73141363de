#include "net/sync/SyncJson.h"

#include <QJsonArray>
#include <QSet>

namespace watchpost::json {
namespace {
// A table's columns on the wire for one page, worked out once per table, not once per row.
struct Layout
{
    const SyncTable* table = nullptr;
    QStringList columns;
    QList<bool> blob; // per column
};

Layout layoutOf(const SyncTable& table, bool bodies)
{
    Layout l{&table, ChangeFeed::columnsFor(table, bodies), {}};
    for (const QString& c : l.columns)
        l.blob << table.blobColumns.contains(c);
    return l;
}

// The layout of `name` in this page, or nullptr for a table this version does not know.
const Layout* layoutFor(QHash<QString, Layout>& cache, const QString& name, bool bodies)
{
    if (auto it = cache.constFind(name); it != cache.constEnd())
        return &*it;
    const SyncTable* table = SyncTables::find(name);
    if (!table)
        return nullptr;
    return &*cache.insert(name, layoutOf(*table, bodies));
}

QJsonArray valuesJson(const QVariantList& values, const Layout& layout)
{
    QJsonArray out;
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QVariant& v = values.at(i);
        if (v.isNull())
            out.append(QJsonValue::Null);
        else if (layout.blob.value(i))
            out.append(QString::fromLatin1(v.toByteArray().toBase64()));
        else if (v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Int)
            out.append(v.toLongLong());
        else if (v.typeId() == QMetaType::Double)
            out.append(v.toDouble());
        else
            out.append(v.toString());
    }
    return out;
}

Result<QVariantList> valuesFrom(const QJsonValue& row, const Layout& layout)
{
    const QStringList& columns = layout.columns;
    const QString& table = layout.table->name;
    if (!row.isArray() || row.toArray().size() != columns.size())
        return Error::validation(
            QStringLiteral("the server sent a %1 row that is not %2 values").arg(table).arg(columns.size()));
    QVariantList out;
    const QJsonArray a = row.toArray();
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QJsonValue v = a.at(i);
        if (v.isNull())
            out << QVariant();
        else if (layout.blob.at(i))
            out << QVariant(QByteArray::fromBase64(v.toString().toLatin1()));
        else if (v.isDouble()) {
            const double d = v.toDouble();
            out << (d == double(qint64(d)) ? QVariant(qint64(d)) : QVariant(d));
        } else if (v.isString())
            out << QVariant(v.toString());
        else
            return Error::validation(
                QStringLiteral("the server sent a %1 value of column %2 that is neither text, number nor null")
                    .arg(table, columns.at(i)));
    }
    return out;
}
} // namespace

QJsonObject feedPage(const FeedPage& page)
{
    QJsonArray changes;
    QJsonObject columns;
    QHash<QString, Layout> layouts;
    for (const FeedChange& c : page.changes) {
        const Layout& layout = *layoutFor(layouts, c.table, page.bodies);
        if (!columns.contains(c.table))
            columns.insert(c.table, QJsonArray::fromStringList(layout.columns));
        QJsonObject o{{QStringLiteral("seq"), c.seq},
                      {QStringLiteral("table"), c.table},
                      {QStringLiteral("key"), c.key},
                      {QStringLiteral("op"), c.deleted ? QStringLiteral("delete") : QStringLiteral("upsert")}};
        if (!c.deleted)
            o.insert(QStringLiteral("row"), valuesJson(c.values, layout));
        changes.append(o);
    }
    return {{QStringLiteral("changes"), changes},
            {QStringLiteral("columns"), columns},
            {QStringLiteral("last_seq"), page.lastSeq},
            {QStringLiteral("head_seq"), page.headSeq},
            {QStringLiteral("more"), page.lastSeq < page.headSeq},
            {QStringLiteral("bodies"), page.bodies},
            {QStringLiteral("schema_version"), page.schemaVersion},
            {QStringLiteral("server_id"), page.serverId}};
}

Result<FeedPage> feedPageFrom(const QJsonObject& o)
{
    FeedPage page;
    if (!o.value(QStringLiteral("changes")).isArray() || !o.value(QStringLiteral("last_seq")).isDouble() ||
        !o.value(QStringLiteral("server_id")).isString())
        return Error::validation(QStringLiteral("the server's answer is not a change feed page (changes, last_seq, "
                                                "server_id)"));
    page.lastSeq = qint64(o.value(QStringLiteral("last_seq")).toDouble());
    page.headSeq = qint64(o.value(QStringLiteral("head_seq")).toDouble());
    page.serverId = o.value(QStringLiteral("server_id")).toString();
    page.schemaVersion = o.value(QStringLiteral("schema_version")).toInt();
    page.bodies = o.value(QStringLiteral("bodies")).toBool();
    const QJsonObject columns = o.value(QStringLiteral("columns")).toObject();
    QHash<QString, Layout> layouts;
    QSet<QString> checked; // tables whose sent columns were compared with this version's
    for (const QJsonValue& v : o.value(QStringLiteral("changes")).toArray()) {
        const QJsonObject c = v.toObject();
        FeedChange change;
        change.seq = qint64(c.value(QStringLiteral("seq")).toDouble());
        change.table = c.value(QStringLiteral("table")).toString();
        change.key = c.value(QStringLiteral("key")).toString();
        change.deleted = c.value(QStringLiteral("op")).toString() == QLatin1String("delete");
        const Layout* layout = layoutFor(layouts, change.table, page.bodies);
        if (!layout)
            return Error::validation(
                QStringLiteral("the server sent a change of table '%1', which this version of Watchpost does not know")
                    .arg(change.table));
        if (!checked.contains(change.table)) {
            QStringList sent;
            for (const QJsonValue& name : columns.value(change.table).toArray())
                sent << name.toString();
            if (sent != layout->columns)
                return Error::validation(QStringLiteral("the server's %1 columns (%2) are not this version's (%3)")
                                             .arg(change.table, sent.join(QStringLiteral(", ")),
                                                  layout->columns.join(QStringLiteral(", "))));
            checked.insert(change.table);
        }
        if (!change.deleted) {
            auto values = valuesFrom(c.value(QStringLiteral("row")), *layout);
            if (!values)
                return values.error();
            change.values = *values;
        }
        page.changes << change;
    }
    return page;
}

QJsonObject auditChain(const AuditChainPage& chain)
{
    const Layout layout = layoutOf(*SyncTables::find(QStringLiteral("audit_log")), false);
    QJsonArray records;
    for (const QVariantList& r : chain.records)
        records.append(valuesJson(r, layout));
    QJsonObject o{{QStringLiteral("records"), records},
                  {QStringLiteral("columns"), QJsonArray::fromStringList(layout.columns)},
                  {QStringLiteral("head"),
                   QJsonObject{{QStringLiteral("id"), chain.headId}, {QStringLiteral("hash"), chain.headHash}}},
                  {QStringLiteral("intact"), chain.intact}};
    if (chain.brokenAt)
        o.insert(QStringLiteral("broken_at"), *chain.brokenAt);
    if (!chain.reason.isEmpty())
        o.insert(QStringLiteral("reason"), chain.reason);
    return o;
}

Result<AuditChainPage> auditChainFrom(const QJsonObject& o)
{
    const Layout layout = layoutOf(*SyncTables::find(QStringLiteral("audit_log")), false);
    if (!o.value(QStringLiteral("records")).isArray() || !o.value(QStringLiteral("head")).isObject() ||
        !o.value(QStringLiteral("intact")).isBool())
        return Error::validation(QStringLiteral("the server's answer is not an audit chain (records, head, intact)"));
    AuditChainPage chain;
    for (const QJsonValue& r : o.value(QStringLiteral("records")).toArray()) {
        auto values = valuesFrom(r, layout);
        if (!values)
            return values.error();
        chain.records << *values;
    }
    const QJsonObject head = o.value(QStringLiteral("head")).toObject();
    chain.headId = qint64(head.value(QStringLiteral("id")).toDouble());
    chain.headHash = head.value(QStringLiteral("hash")).toString();
    chain.intact = o.value(QStringLiteral("intact")).toBool();
    if (o.contains(QStringLiteral("broken_at")))
        chain.brokenAt = qint64(o.value(QStringLiteral("broken_at")).toDouble());
    chain.reason = o.value(QStringLiteral("reason")).toString();
    return chain;
}

} // namespace watchpost::json
