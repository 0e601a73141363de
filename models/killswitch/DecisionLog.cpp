#include "models/killswitch/DecisionLog.h"

#include "models/store/CheckedQuery.h"

#include <QJsonDocument>

namespace watchpost {

const QString DecisionLog::kOverflowTarget = QStringLiteral("(more targets than the log counts apart)");

DecisionLog::DecisionLog(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                         std::shared_ptr<KillSwitchHold> hold)
    : m_store(std::move(store)), m_clock(std::move(clock)), m_hold(std::move(hold))
{
}

DecisionLog::~DecisionLog()
{
    flush(); // counted decisions are written before the thread's connection closes
}

void DecisionLog::count(qint64 engagementId, const ApiPrincipal& principal, const ShippingRequest& request,
                        const ShippingDecision& decision, const QString& decisionId)
{
    const qint64 now = m_clock->nowMs();
    QString target =
        request.workflow.isEmpty() ? request.repository : request.repository + QLatin1Char(':') + request.workflow;
    BufferKey key{engagementId,     now - now % 60000, principal.tokenId, request.action.left(60),
                  target.left(300), decision.allowed};
    if (!m_buffer.count(key) && m_buffer.size() >= size_t(kBufferedAggregates)) {
        flush();
        if (m_buffer.size() >= size_t(kBufferedAggregates))
            std::get<4>(key) = kOverflowTarget; // bounded memory: still counted, under one target
    }
    Buffered& b = m_buffer[key];
    if (b.count == 0) {
        b.actor = principal.name;
        b.reason = decision.reason;
        b.firstAt = now;
    }
    ++b.count;
    b.lastAt = now;
    if (b.samples.size() < kSamples)
        b.samples << QJsonObject{{QStringLiteral("decision_id"), decisionId},
                                 {QStringLiteral("at"), now},
                                 {QStringLiteral("ref"), request.ref.left(200)},
                                 {QStringLiteral("detail"), request.detail.left(500)}};
}

Result<Done> DecisionLog::flush()
{
    if (m_buffer.empty())
        return Done{};
    const bool held = m_hold->held().has_value();
    WriteTransaction tx(m_store->connection());
    if (!tx.begun())
        return Error::storage(QStringLiteral("store is busy: %1").arg(tx.lastError()));
    std::optional<qint64> heldId; // decisions counted while the engagement was held: the one written for it
    for (const auto& [key, b] : m_buffer) {
        auto [engagementId, minute, credentialId, action, target, allowed] = key;
        if (engagementId == 0) {
            if (held)
                continue;
            if (!heldId) {
                CheckedQuery last(m_store->connection(), QStringLiteral("SELECT MAX(id) FROM kill_switch_engagements"),
                                  QStringLiteral("read the kill switch"));
                auto id = last.integer();
                if (!id)
                    return id.error();
                heldId = *id;
            }
            engagementId = *heldId;
        }
        CheckedQuery read(
            m_store->connection(),
            QStringLiteral("SELECT id, samples FROM shipping_decisions WHERE engagement_id = ? AND minute = ? "
                           "AND credential_id = ? AND action = ? AND target = ? AND allowed = ?"),
            QStringLiteral("read the decision log"));
        read.add(engagementId).add(minute).add(credentialId).add(action).add(target).add(allowed ? 1 : 0);
        auto stored =
            read.first([](const QSqlQuery& q) { return std::pair(q.value(0).toLongLong(), q.value(1).toString()); });
        if (!stored)
            return stored.error();
        if (*stored) {
            QJsonArray samples = QJsonDocument::fromJson((*stored)->second.toUtf8()).array();
            for (qsizetype i = 0; i < b.samples.size() && samples.size() < kSamples; ++i)
                samples << b.samples.at(i);
            CheckedQuery bump(m_store->connection(),
                              QStringLiteral("UPDATE shipping_decisions SET count = count + ?, last_at = ?, "
                                             "samples = ? WHERE id = ?"),
                              QStringLiteral("count the decisions"));
            bump.add(b.count)
                .add(b.lastAt)
                .add(QString::fromUtf8(QJsonDocument(samples).toJson(QJsonDocument::Compact)))
                .add((*stored)->first);
            if (auto ran = bump.exec(); !ran)
                return ran;
        } else {
            CheckedQuery insert(
                m_store->connection(),
                QStringLiteral("INSERT INTO shipping_decisions (engagement_id, minute, credential_id, actor, "
                               "action, target, allowed, reason, count, first_at, last_at, samples) VALUES "
                               "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                QStringLiteral("record the decisions"));
            insert.add(engagementId).add(minute).add(credentialId).add(b.actor).add(action).add(target);
            insert.add(allowed ? 1 : 0)
                .add(b.reason)
                .add(b.count)
                .add(b.firstAt)
                .add(b.lastAt)
                .add(QString::fromUtf8(QJsonDocument(b.samples).toJson(QJsonDocument::Compact)));
            if (auto ran = insert.exec(); !ran)
                return ran;
        }
    }
    if (!tx.commit())
        return Error::storage(QStringLiteral("could not record the decisions: %1").arg(tx.lastError()));
    for (auto it = m_buffer.begin(); it != m_buffer.end();)
        it = held && std::get<0>(it->first) == 0 ? std::next(it) : m_buffer.erase(it);
    return Done{};
}

Result<QList<DecisionAggregate>> DecisionLog::decisions(std::optional<bool> allowed, std::optional<qint64> beforeId,
                                                        int limit)
{
    flush(); // what is still counted in memory stays there if the store refuses; the log shows what is written
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT id, engagement_id, minute, credential_id, actor, action, target, allowed, "
                                  "reason, count, first_at, last_at, samples FROM shipping_decisions WHERE (? IS NULL "
                                  "OR allowed = ?) AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?"),
                   QStringLiteral("read the decision log"));
    const QVariant outcome = allowed ? QVariant(*allowed ? 1 : 0) : QVariant(QMetaType(QMetaType::Int));
    const QVariant before = beforeId ? QVariant(*beforeId) : QVariant(QMetaType(QMetaType::LongLong));
    q.add(outcome).add(outcome).add(before).add(before).add(limit);
    return q.all([](const QSqlQuery& r) {
        auto at = [&r](int i) { return QDateTime::fromMSecsSinceEpoch(r.value(i).toLongLong(), Qt::UTC); };
        return DecisionAggregate{r.value(0).toLongLong(),
                                 r.value(1).toLongLong(),
                                 at(2),
                                 r.value(3).toLongLong(),
                                 r.value(4).toString(),
                                 r.value(5).toString(),
                                 r.value(6).toString(),
                                 r.value(7).toInt() != 0,
                                 r.value(8).toString(),
                                 r.value(9).toLongLong(),
                                 at(10),
                                 at(11),
                                 r.value(12).toString()};
    });
}

Result<qint64> DecisionLog::decisionCount(std::optional<bool> allowed)
{
    flush();
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT COUNT(*) FROM shipping_decisions WHERE (? IS NULL OR allowed = ?)"),
                   QStringLiteral("count the decision log"));
    const QVariant outcome = allowed ? QVariant(*allowed ? 1 : 0) : QVariant(QMetaType(QMetaType::Int));
    q.add(outcome).add(outcome);
    return q.integer();
}

Result<qint64> DecisionLog::blockedAttempts(qint64 engagementId) const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT COALESCE(SUM(count), 0) FROM shipping_decisions WHERE engagement_id = ? AND "
                                  "allowed = 0"),
                   QStringLiteral("count the blocked attempts"));
    q.add(engagementId);
    auto stored = engagementId ? q.integer() : Result<qint64>(qint64(0));
    if (!stored)
        return stored;
    qint64 blocked = *stored;
    for (const auto& [key, b] : m_buffer)
        if (!std::get<5>(key) && (std::get<0>(key) == engagementId))
            blocked += b.count;
    return blocked;
}

} // namespace watchpost
