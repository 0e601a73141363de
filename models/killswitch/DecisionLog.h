#pragma once
// DecisionLog: the shipping decisions taken while an engagement is active, counted in memory per engagement,
// minute, credential, action, target and outcome with up to five samples (each with its decision_id), and written
// as aggregates by flush() — so a runaway bot asking millions of times costs a few rows, not millions. Decisions
// counted under an engagement held in memory (id 0) are written under the one written for it.

#include "models/credentials/TokenService.h"
#include "models/killswitch/KillSwitchHold.h"
#include "models/killswitch/KillSwitchRules.h"
#include "models/store/Store.h"

#include <QJsonArray>
#include <map>
#include <tuple>

namespace watchpost {

struct ShippingRequest
{
    QString action;
    QString repository;
    QString ref;
    QString workflow;
    QString detail;
};

// One aggregate of the decision log.
struct DecisionAggregate
{
    qint64 id = 0;
    qint64 engagementId = 0;
    QDateTime minute;
    qint64 credentialId = 0;
    QString actor;
    QString action;
    QString target;
    bool allowed = false;
    QString reason;
    qint64 count = 0;
    QDateTime firstAt;
    QDateTime lastAt;
    QString samples; // JSON: [{decision_id, at, ref, detail}]
};

class DecisionLog
{
public:
    static constexpr int kSamples = 5;
    // Distinct aggregates counted in memory before a flush is forced; beyond it, when the store refuses, new
    // targets are counted under one overflow target.
    static constexpr int kBufferedAggregates = 5000;
    static const QString kOverflowTarget;

    DecisionLog(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock, std::shared_ptr<KillSwitchHold> hold);
    ~DecisionLog();
    DecisionLog(const DecisionLog&) = delete;
    DecisionLog& operator=(const DecisionLog&) = delete;

    void count(qint64 engagementId, const ApiPrincipal& principal, const ShippingRequest& request,
               const ShippingDecision& decision, const QString& decisionId);
    // Writes what is counted; on failure it stays counted for the next try.
    Result<Done> flush();
    // Newest first; flushes first.
    Result<QList<DecisionAggregate>> decisions(std::optional<bool> allowed, std::optional<qint64> beforeId, int limit);
    Result<qint64> decisionCount(std::optional<bool> allowed);
    // Denied attempts under `engagementId` (0: the held one), those not yet written included.
    Result<qint64> blockedAttempts(qint64 engagementId) const;

private:
    using BufferKey = std::tuple<qint64, qint64, qint64, QString, QString, bool>; // engagement, minute, credential,
                                                                                  // action, target, allowed
    struct Buffered
    {
        QString actor;
        QString reason;
        qint64 count = 0;
        qint64 firstAt = 0;
        qint64 lastAt = 0;
        QJsonArray samples;
    };

    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<KillSwitchHold> m_hold;
    std::map<BufferKey, Buffered> m_buffer;
};

} // namespace watchpost
