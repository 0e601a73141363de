#pragma once
// KillSwitchService: the shipping kill switch's one writer — engage (from an incident or opening one), change its
// scope, release it — each with its history row, an audit record and a line on the incident's timeline, in the
// same transaction; and every shipping decision, taken by KillSwitchRules, recorded while an engagement is active
// as an aggregate per minute, credential, action, target and outcome with up to five samples.

#include "models/audit/AuditLog.h"
#include "models/incidents/IncidentService.h"
#include "models/killswitch/KillSwitchRules.h"

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

struct RecordedDecision
{
    ShippingDecision decision;
    QString decisionId; // quoted in the answer and in the aggregate's samples
    std::optional<qint64> incidentId;
    bool recorded = false; // the aggregate was written (false: nothing engaged, or the store refused)
};

class KillSwitchService
{
public:
    static constexpr int kReasonLength = 500;
    static constexpr int kSamples = 5;

    KillSwitchService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock, std::shared_ptr<AuditLog> audit,
                      IncidentService& incidents);

    // The engagement not yet released (an expired one included: it no longer decides), or none.
    Result<std::optional<KillSwitchEngagement>> open() const;
    // Without an incident, a high-severity "Shipping kill switch engaged" incident is opened for it.
    Result<KillSwitchEngagement> engage(const QString& reason, std::optional<qint64> incidentId,
                                        const KillSwitchScope& scope, std::optional<QDateTime> expiresAt,
                                        const QString& actor);
    Result<KillSwitchEngagement> changeScope(const KillSwitchScope& scope, const QString& actor);
    Result<KillSwitchEngagement> release(const QString& reason, const QString& actor);
    // The decision log, newest first: `allowed` picks one outcome; `beforeId` pages.
    Result<QList<DecisionAggregate>> decisions(std::optional<bool> allowed, std::optional<qint64> beforeId,
                                               int limit) const;
    Result<qint64> decisionCount(std::optional<bool> allowed) const;
    // Shipping attempts denied while `engagementId` was active.
    Result<qint64> blockedAttempts(qint64 engagementId) const;
    // Decides for `principal` and records the decision while an engagement is active.
    RecordedDecision decide(const ApiPrincipal& principal, const ShippingRequest& request);

private:
    Result<Done> checkCredentials(const KillSwitchScope& scope) const;
    // Commits `tx` and reads the engagement it left open (engage, change of scope).
    Result<KillSwitchEngagement> commitOpen(class WriteTransaction& tx, const QString& what);
    Result<Done> writeChange(qint64 engagementId, qint64 incidentId, const QString& change,
                             const KillSwitchScope& scope, const QString& actor, const QString& detail,
                             AuditAction action);
    Result<Done> record(const KillSwitchEngagement& e, const ApiPrincipal& principal, const ShippingRequest& request,
                        const ShippingDecision& decision, const QString& decisionId);

    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<AuditLog> m_audit;
    IncidentService& m_incidents;
};

} // namespace watchpost
