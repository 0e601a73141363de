#pragma once
// WebhookStore: every SQL statement about webhook hooks, deliveries, refusal telemetry, blocks and alert links.

#include "models/core/Result.h"
#include "models/store/Store.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSqlQuery>
#include <memory>

namespace watchpost {

struct WebhookHook
{
    QString id;
    QString name;
    std::optional<QDateTime> secretSetAt;
    std::optional<QDateTime> previousSecretUntil;
    std::optional<QDateTime> lastVerifiedAt;
    QString lastVerifiedWith;
    std::optional<QDateTime> lastPingAt;
};

struct WebhookDelivery
{
    qint64 id = 0;
    QString hookId;
    QString deliveryId;
    QString event;
    QString action;
    QString repository;
    QString bodySha256;
    QByteArray body;
    QByteArray headers; // JSON object of the request headers that matter
    QString source;
    QString verifiedWith;
    QDateTime receivedAt;
    QString outcome; // accepted, incident_opened, incident_updated, hook_healthy, security_activity, ignored
    bool securityRelevant = false;
    std::optional<qint64> incidentId;
    QString incidentPublicId; // read with the lists (one query, not one per row); empty without an incident
};

struct RefusalCount
{
    QString source;
    qint64 windowStartMs = 0;
    QString reason;
    int count = 0;
    qint64 firstMs = 0;
    qint64 lastMs = 0;
    QStringList samples; // bounded: a few JSON lines describing refused deliveries
};

struct SourceSummary
{
    QString source;
    int refused = 0;
    QHash<QString, int> byReason;
    QDateTime firstAt;
    QDateTime lastAt;
    std::optional<QDateTime> blockedUntil;
    QString blockReason;
    QStringList samples;
};

struct WebhookBlock
{
    qint64 id = 0;
    QString source;
    QString reason;
    QString actor;
    QDateTime createdAt;
    QDateTime expiresAt;
    std::optional<QDateTime> liftedAt;
    // False when the store refused to record it: the block is in force all the same (in memory, until the
    // listener stops), and `storeError` says why it is not recorded.
    bool stored = true;
    QString storeError;
};

// What lifting a source's block did: in memory (the gate lets it through again) and in the store.
struct BlockLift
{
    bool wasBlocked = false; // a block was in force in memory
    int storedLifted = 0;    // recorded blocks lifted
    bool stored = true;      // false: the store refused; the block is lifted in memory only
    QString storeError;
};

struct DeliveryFilter
{
    QString event;
    QString outcome;
    QString text; // delivery id, repository, action
};

class WebhookStore
{
public:
    explicit WebhookStore(std::shared_ptr<Store> store) : m_store(std::move(store)) {}
    QSqlDatabase db() const { return m_store->connection(); }

    Result<QList<WebhookHook>> hooks() const;
    Result<std::optional<WebhookHook>> hook(const QString& id) const;
    Result<Done> upsertHook(const QString& id, const QString& name, qint64 secretSetAtMs,
                            std::optional<qint64> previousUntilMs);
    Result<Done> clearHookSecret(const QString& id);
    Result<Done> markVerified(const QString& hookId, const QString& with, qint64 atMs);
    Result<Done> markPing(const QString& hookId, qint64 atMs);

    Result<bool> deliveryExists(const QString& hookId, const QString& deliveryId) const;
    Result<std::optional<QString>> deliveryWithBody(const QString& hookId, const QString& bodySha256) const;
    Result<qint64> insertDelivery(const WebhookDelivery& d);
    Result<Done> setDeliveryOutcome(qint64 id, const QString& outcome, std::optional<qint64> incidentId);
    Result<QList<WebhookDelivery>> deliveries(const DeliveryFilter& f, std::optional<qint64> beforeId, int limit,
                                              bool withBody = false) const;
    Result<int> deliveryCount(const DeliveryFilter& f) const;
    Result<std::optional<WebhookDelivery>> delivery(qint64 id) const;
    // Security-relevant deliveries not yet mapped to an incident (left by a crash between commit and mapping).
    Result<QList<qint64>> unmappedSecurityDeliveries() const;

    // Adds counts to the per-source, per-window rows; keeps at most `maxSamples` samples per row.
    Result<Done> addRefusals(const QList<RefusalCount>& counts, int maxSamples);
    Result<QList<SourceSummary>> sources(qint64 sinceMs, qint64 nowMs) const;

    Result<qint64> insertBlock(const QString& source, const QString& reason, const QString& actor, qint64 atMs,
                               qint64 expiresMs);
    Result<int> liftBlocks(const QString& source, const QString& actor, qint64 atMs);
    Result<QList<WebhookBlock>> activeBlocks(qint64 nowMs) const;

    Result<std::optional<qint64>> incidentForAlert(const QString& alertKey) const;
    Result<Done> linkAlert(const QString& alertKey, qint64 incidentId);

    Result<std::optional<QString>> setting(const QString& key) const;
    Result<Done> setSetting(const QString& key, const QString& value);

private:
    // Statements on the hot path of every delivery, prepared once per WebhookStore (one per thread).
    QSqlQuery& cached(int slot, const char* sql) const;

    std::shared_ptr<Store> m_store;
    mutable std::unique_ptr<QSqlQuery> m_cached[5];
};

} // namespace watchpost
