#include "models/webhooks/WebhookStore.h"

#include "models/store/CheckedQuery.h"
#include "models/store/SqlValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace watchpost {
namespace {
using sql::nullableMs;
using sql::optionalTime;
Error failure(const QSqlQuery& q)
{
    return Error::storage(QStringLiteral("store write failed: %1").arg(q.lastError().text()));
}

WebhookHook hookFrom(const QSqlQuery& q)
{
    return {q.value(0).toString(),    q.value(1).toString(), optionalTime(q.value(2)), optionalTime(q.value(3)),
            optionalTime(q.value(4)), q.value(5).toString(), optionalTime(q.value(6))};
}

const char* kDeliveryColumns =
    "id, hook_id, delivery_id, event, action, repository, body_sha256, headers, source, verified_with, "
    "received_at, outcome, security_relevant, incident_id";

// The incident's public id, read in the same statement as the deliveries it belongs to.
const char* kIncidentPublicId = "(SELECT public_id FROM incidents WHERE incidents.id = webhook_deliveries.incident_id)";

WebhookDelivery deliveryFrom(const QSqlQuery& q, bool withBody)
{
    WebhookDelivery d;
    d.id = q.value(0).toLongLong();
    d.hookId = q.value(1).toString();
    d.deliveryId = q.value(2).toString();
    d.event = q.value(3).toString();
    d.action = q.value(4).toString();
    d.repository = q.value(5).toString();
    d.bodySha256 = q.value(6).toString();
    d.headers = q.value(7).toByteArray();
    d.source = q.value(8).toString();
    d.verifiedWith = q.value(9).toString();
    d.receivedAt = QDateTime::fromMSecsSinceEpoch(q.value(10).toLongLong(), Qt::UTC);
    d.outcome = q.value(11).toString();
    d.securityRelevant = q.value(12).toBool();
    if (!q.value(13).isNull())
        d.incidentId = q.value(13).toLongLong();
    d.incidentPublicId = q.value(14).toString();
    if (withBody)
        d.body = q.value(15).toByteArray();
    return d;
}

const char* kDeliveryFilter =
    "(:event IS NULL OR event = :event) AND (:outcome IS NULL OR outcome = :outcome) AND "
    "(:text IS NULL OR delivery_id LIKE :text ESCAPE '\\' OR repository LIKE :text ESCAPE '\\' "
    "OR action LIKE :text ESCAPE '\\')";

void bindDeliveryFilter(QSqlQuery& q, const DeliveryFilter& f)
{
    const QVariant null(QMetaType(QMetaType::QString));
    q.bindValue(QStringLiteral(":event"), f.event.isEmpty() ? null : QVariant(f.event));
    q.bindValue(QStringLiteral(":outcome"), f.outcome.isEmpty() ? null : QVariant(f.outcome));
    q.bindValue(QStringLiteral(":text"), sql::containing(f.text));
}
} // namespace

Result<QList<WebhookHook>> WebhookStore::hooks() const
{
    CheckedQuery q(db(),
                   QStringLiteral("SELECT id, name, secret_set_at, previous_secret_until, last_verified_at, "
                                  "last_verified_with, last_ping_at FROM webhook_hooks ORDER BY id"),
                   QStringLiteral("read the webhook hooks"));
    return q.all(hookFrom);
}

Result<std::optional<WebhookHook>> WebhookStore::hook(const QString& id) const
{
    CheckedQuery q(db(),
                   QStringLiteral("SELECT id, name, secret_set_at, previous_secret_until, last_verified_at, "
                                  "last_verified_with, last_ping_at FROM webhook_hooks WHERE id = ?"),
                   QStringLiteral("read webhook hook %1").arg(id));
    q.add(id);
    return q.first(hookFrom);
}

Result<Done> WebhookStore::upsertHook(const QString& id, const QString& name, qint64 secretSetAtMs,
                                      std::optional<qint64> previousUntilMs)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral(
        "INSERT INTO webhook_hooks (id, name, created_at, secret_set_at, previous_secret_until) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET secret_set_at = excluded.secret_set_at, "
        "previous_secret_until = excluded.previous_secret_until"));
    q.addBindValue(id);
    q.addBindValue(name);
    q.addBindValue(secretSetAtMs);
    q.addBindValue(secretSetAtMs);
    q.addBindValue(nullableMs(previousUntilMs));
    if (!q.exec())
        return failure(q);
    return Done{};
}

Result<Done> WebhookStore::clearHookSecret(const QString& id)
{
    QSqlQuery q(db());
    q.prepare(
        QStringLiteral("UPDATE webhook_hooks SET secret_set_at = NULL, previous_secret_until = NULL WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return failure(q);
    return Done{};
}

Result<Done> WebhookStore::markVerified(const QString& hookId, const QString& with, qint64 atMs)
{
    QSqlQuery& q = cached(3, "UPDATE webhook_hooks SET last_verified_at = ?, last_verified_with = ? WHERE id = ?");
    q.addBindValue(atMs);
    q.addBindValue(with);
    q.addBindValue(hookId);
    if (!q.exec())
        return failure(q);
    return Done{};
}

Result<Done> WebhookStore::markPing(const QString& hookId, qint64 atMs)
{
    QSqlQuery& q = cached(4, "UPDATE webhook_hooks SET last_ping_at = ? WHERE id = ?");
    q.addBindValue(atMs);
    q.addBindValue(hookId);
    if (!q.exec())
        return failure(q);
    return Done{};
}

QSqlQuery& WebhookStore::cached(int slot, const char* sql) const
{
    if (!m_cached[slot]) {
        m_cached[slot] = std::make_unique<QSqlQuery>(db());
        m_cached[slot]->prepare(QString::fromLatin1(sql));
    }
    return *m_cached[slot];
}

Result<bool> WebhookStore::deliveryExists(const QString& hookId, const QString& deliveryId) const
{
    QSqlQuery& q = cached(0, "SELECT 1 FROM webhook_deliveries WHERE hook_id = ? AND delivery_id = ?");
    q.addBindValue(hookId);
    q.addBindValue(deliveryId);
    if (auto ran = runChecked(q, QStringLiteral("look for an earlier delivery %1").arg(deliveryId)); !ran)
        return ran.error();
    const bool found = q.next();
    q.finish();
    return found;
}

Result<std::optional<QString>> WebhookStore::deliveryWithBody(const QString& hookId, const QString& bodySha256) const
{
    QSqlQuery& q =
        cached(1, "SELECT delivery_id FROM webhook_deliveries WHERE hook_id = ? AND body_sha256 = ? LIMIT 1");
    q.addBindValue(hookId);
    q.addBindValue(bodySha256);
    if (auto ran = runChecked(q, QStringLiteral("look for an earlier delivery of the same body")); !ran)
        return ran.error();
    std::optional<QString> found;
    if (q.next())
        found = q.value(0).toString();
    q.finish();
    return found;
}

Result<qint64> WebhookStore::insertDelivery(const WebhookDelivery& d)
{
    QSqlQuery& q =
        cached(2, "INSERT INTO webhook_deliveries (hook_id, delivery_id, event, action, repository, body_sha256, body, "
                  "headers, source, verified_with, received_at, outcome, security_relevant) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.addBindValue(d.hookId);
    q.addBindValue(d.deliveryId);
    q.addBindValue(d.event);
    q.addBindValue(d.action);
    q.addBindValue(d.repository);
    q.addBindValue(d.bodySha256);
    q.addBindValue(d.body);
    q.addBindValue(QString::fromUtf8(d.headers));
    q.addBindValue(d.source);
    q.addBindValue(d.verifiedWith);
    q.addBindValue(d.receivedAt.toMSecsSinceEpoch());
    q.addBindValue(d.outcome);
    q.addBindValue(d.securityRelevant ? 1 : 0);
    if (!q.exec())
        return failure(q);
    return q.lastInsertId().toLongLong();
}

Result<Done> WebhookStore::setDeliveryOutcome(qint64 id, const QString& outcome, std::optional<qint64> incidentId)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("UPDATE webhook_deliveries SET outcome = ?, incident_id = ? WHERE id = ?"));
    q.addBindValue(outcome);
    q.addBindValue(nullableMs(incidentId));
    q.addBindValue(id);
    if (!q.exec())
        return failure(q);
    return Done{};
}

Result<QList<WebhookDelivery>> WebhookStore::deliveries(const DeliveryFilter& f, std::optional<qint64> beforeId,
                                                        int limit, bool withBody) const
{
    CheckedQuery q(
        db(),
        QStringLiteral(
            "SELECT %1, %2%3 FROM webhook_deliveries WHERE %4 AND id < :before ORDER BY id DESC LIMIT :limit")
            .arg(QLatin1String(kDeliveryColumns), QLatin1String(kIncidentPublicId),
                 withBody ? QStringLiteral(", body") : QString(), QLatin1String(kDeliveryFilter)),
        QStringLiteral("read the webhook deliveries"));
    bindDeliveryFilter(q.query(), f);
    q.bind(QStringLiteral(":before"), beforeId.value_or(std::numeric_limits<qint64>::max()))
        .bind(QStringLiteral(":limit"), limit);
    return q.all([withBody](const QSqlQuery& r) { return deliveryFrom(r, withBody); });
}

Result<int> WebhookStore::deliveryCount(const DeliveryFilter& f) const
{
    CheckedQuery q(
        db(), QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries WHERE %1").arg(QLatin1String(kDeliveryFilter)),
        QStringLiteral("count the webhook deliveries"));
    bindDeliveryFilter(q.query(), f);
    auto n = q.integer();
    if (!n)
        return n.error();
    return int(*n);
}

Result<std::optional<WebhookDelivery>> WebhookStore::delivery(qint64 id) const
{
    CheckedQuery q(db(),
                   QStringLiteral("SELECT %1, %2, body FROM webhook_deliveries WHERE id = ?")
                       .arg(QLatin1String(kDeliveryColumns), QLatin1String(kIncidentPublicId)),
                   QStringLiteral("read webhook delivery %1").arg(id));
    q.add(id);
    return q.first([](const QSqlQuery& r) { return deliveryFrom(r, true); });
}

Result<QList<qint64>> WebhookStore::unmappedSecurityDeliveries() const
{
    CheckedQuery q(db(), QStringLiteral("SELECT id FROM webhook_deliveries WHERE outcome = 'pending' ORDER BY id"),
                   QStringLiteral("read the deliveries waiting to be mapped"));
    return q.all([](const QSqlQuery& r) { return r.value(0).toLongLong(); });
}

Result<Done> WebhookStore::addRefusals(const QList<RefusalCount>& counts, int maxSamples)
{
    QSqlDatabase d = db();
    WriteTransaction tx(d);
    if (!tx.begun())
        return Error::storage(QStringLiteral("store is busy: %1").arg(tx.lastError()));
    QSqlQuery read(d);
    read.prepare(
        QStringLiteral("SELECT sample FROM webhook_refusals WHERE source = ? AND window_start = ? AND reason = ?"));
    QSqlQuery write(d);
    write.prepare(QStringLiteral(
        "INSERT INTO webhook_refusals (source, window_start, reason, count, first_at, last_at, sample) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, window_start, reason) DO UPDATE SET "
        "count = count + excluded.count, last_at = MAX(last_at, excluded.last_at), sample = excluded.sample"));
    for (const RefusalCount& c : counts) {
        read.addBindValue(c.source);
        read.addBindValue(c.windowStartMs);
        read.addBindValue(c.reason);
        if (auto ran = runChecked(read, QStringLiteral("read the refusal samples")); !ran)
            return ran.error(); // the transaction rolls back; the counts are kept and written again
        QJsonArray samples;
        if (read.next())
            samples = QJsonDocument::fromJson(read.value(0).toByteArray()).array();
        read.finish();
        for (const QString& s : c.samples)
            if (samples.size() < maxSamples)
                samples.append(QJsonDocument::fromJson(s.toUtf8()).object());
        write.addBindValue(c.source);
        write.addBindValue(c.windowStartMs);
        write.addBindValue(c.reason);
        write.addBindValue(c.count);
        write.addBindValue(c.firstMs);
        write.addBindValue(c.lastMs);
        write.addBindValue(QString::fromUtf8(QJsonDocument(samples).toJson(QJsonDocument::Compact)));
        if (!write.exec())
            return failure(write);
    }
    if (!tx.commit())
        return Error::storage(QStringLiteral("cannot commit telemetry: %1").arg(tx.lastError()));
    return Done{};
}

Result<QList<SourceSummary>> WebhookStore::sources(qint64 sinceMs, qint64 nowMs) const
{
    QHash<QString, SourceSummary> bySource;
    CheckedQuery q(
        db(),
        QStringLiteral("SELECT source, reason, SUM(count), MIN(first_at), MAX(last_at) FROM webhook_refusals "
                       "WHERE last_at >= ? GROUP BY source, reason"),
        QStringLiteral("read the refused webhook sources"));
    q.add(sinceMs);
    if (auto ran = q.exec(); !ran)
        return ran.error();
    while (q.query().next()) {
        const QSqlQuery& r = q.query();
        SourceSummary& s = bySource[r.value(0).toString()];
        s.source = r.value(0).toString();
        s.byReason[r.value(1).toString()] += r.value(2).toInt();
        s.refused += r.value(2).toInt();
        const QDateTime first = QDateTime::fromMSecsSinceEpoch(r.value(3).toLongLong(), Qt::UTC);
        const QDateTime last = QDateTime::fromMSecsSinceEpoch(r.value(4).toLongLong(), Qt::UTC);
        if (!s.firstAt.isValid() || first < s.firstAt)
            s.firstAt = first;
        if (!s.lastAt.isValid() || last > s.lastAt)
            s.lastAt = last;
    }
    for (auto it = bySource.begin(); it != bySource.end(); ++it) {
        CheckedQuery samples(
            db(), QStringLiteral("SELECT sample FROM webhook_refusals WHERE source = ? ORDER BY last_at DESC LIMIT 3"),
            QStringLiteral("read the refusal samples of %1").arg(it.key()));
        samples.add(it.key());
        const auto read = samples.all([](const QSqlQuery& r) { return r.value(0).toByteArray(); });
        if (!read)
            return read.error();
        for (const QByteArray& sample : *read)
            for (const auto& v : QJsonDocument::fromJson(sample).array())
                if (it->samples.size() < 5)
                    it->samples << QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    }
    const auto blocks = activeBlocks(nowMs);
    if (!blocks)
        return blocks.error();
    for (const WebhookBlock& b : *blocks) {
        SourceSummary& s = bySource[b.source];
        s.source = b.source;
        s.blockedUntil = b.expiresAt;
        s.blockReason = b.reason;
    }
    QList<SourceSummary> out = bySource.values();
    std::sort(out.begin(), out.end(),
              [](const SourceSummary& a, const SourceSummary& b) { return a.refused > b.refused; });
    return out;
}

Result<qint64> WebhookStore::insertBlock(const QString& source, const QString& reason, const QString& actor,
                                         qint64 atMs, qint64 expiresMs)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral(
        "INSERT INTO webhook_blocks (source, reason, actor, created_at, expires_at) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(source);
    q.addBindValue(reason);
    q.addBindValue(actor);
    q.addBindValue(atMs);
    q.addBindValue(expiresMs);
    if (!q.exec())
        return failure(q);
    return q.lastInsertId().toLongLong();
}

Result<int> WebhookStore::liftBlocks(const QString& source, const QString& actor, qint64 atMs)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("UPDATE webhook_blocks SET lifted_at = ?, lifted_by = ? WHERE source = ? AND lifted_at IS "
                             "NULL AND expires_at > ?"));
    q.addBindValue(atMs);
    q.addBindValue(actor);
    q.addBindValue(source);
    q.addBindValue(atMs);
    if (!q.exec())
        return failure(q);
    return q.numRowsAffected();
}

Result<QList<WebhookBlock>> WebhookStore::activeBlocks(qint64 nowMs) const
{
    CheckedQuery q(db(),
                   QStringLiteral("SELECT id, source, reason, actor, created_at, expires_at, lifted_at FROM "
                                  "webhook_blocks WHERE lifted_at IS NULL AND expires_at > ? ORDER BY expires_at DESC"),
                   QStringLiteral("read the webhook blocks"));
    q.add(nowMs);
    return q.all([](const QSqlQuery& r) {
        return WebhookBlock{r.value(0).toLongLong(),
                            r.value(1).toString(),
                            r.value(2).toString(),
                            r.value(3).toString(),
                            *optionalTime(r.value(4)),
                            *optionalTime(r.value(5)),
                            optionalTime(r.value(6)),
                            true,
                            {}};
    });
}

Result<std::optional<qint64>> WebhookStore::incidentForAlert(const QString& alertKey) const
{
    CheckedQuery q(db(), QStringLiteral("SELECT incident_id FROM github_alert_links WHERE alert_key = ?"),
                   QStringLiteral("look up the incident of alert %1").arg(alertKey));
    q.add(alertKey);
    return q.first([](const QSqlQuery& r) { return r.value(0).toLongLong(); });
}

Result<Done> WebhookStore::linkAlert(const QString& alertKey, qint64 incidentId)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("INSERT INTO github_alert_links (alert_key, incident_id) VALUES (?, ?) "
                             "ON CONFLICT (alert_key) DO UPDATE SET incident_id = excluded.incident_id"));
    q.addBindValue(alertKey);
    q.addBindValue(incidentId);
    if (!q.exec())
        return failure(q);
    return Done{};
}

Result<std::optional<QString>> WebhookStore::setting(const QString& key) const
{
    CheckedQuery q(db(), QStringLiteral("SELECT value FROM webhook_policy WHERE key = ?"),
                   QStringLiteral("read webhook setting %1").arg(key));
    q.add(key);
    return q.first([](const QSqlQuery& r) { return r.value(0).toString(); });
}

Result<Done> WebhookStore::setSetting(const QString& key, const QString& value)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("INSERT INTO webhook_policy (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
                             "value = excluded.value"));
    q.addBindValue(key);
    q.addBindValue(value);
    if (!q.exec())
        return failure(q);
    return Done{};
}

} // namespace watchpost
