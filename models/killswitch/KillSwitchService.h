#pragma once
// KillSwitchService: the shipping kill switch's one writer — engage (from an incident or opening one), change its
// scope, release it — each with its history row, an audit record and a line on the incident's timeline, in the
// same transaction; and every shipping decision, taken by KillSwitchRules, recorded while an engagement is active
// as an aggregate per minute, credential, action, target and outcome with up to five samples.
//
// Decisions are cheap: the engagement is cached and re-read only when another connection committed (SQLite's
// data_version, checked at every decision) or this process changed the switch (KillSwitchHold's generation);
// aggregates are counted in memory and written by flush() (tick() once a second, and before the log is read).
// An engagement the store refuses to write is held in memory (KillSwitchHold), decides at once, and is written
// with its incident by tick() as soon as the store takes writes.

#include "models/audit/AuditLog.h"
#include "models/incidents/IncidentService.h"
#include "models/killswitch/DecisionLog.h"
#include "models/killswitch/KillSwitchHold.h"
#include "models/killswitch/KillSwitchLevers.h"
#include "models/killswitch/KillSwitchRules.h"
#include "models/store/PreparedQuery.h"
#include "models/webhooks/WebhookStore.h"

namespace watchpost {

// One change of an engagement (its append-only history).
struct KillSwitchChange
{
    qint64 id = 0;
    QDateTime at;
    QString actor;
    QString change; // engaged, scope_changed, released, expired
    QString scope;  // describe() of the scope at that change
    QString detail;
};

struct RecordedDecision
{
    ShippingDecision decision;
    QString decisionId; // quoted in the answer and in the aggregate's samples
    std::optional<qint64> incidentId;
    QString incident;      // its public id
    bool recorded = false; // counted in the decision log (false: nothing engaged)
};

class KillSwitchService
{
public:
    static constexpr int kReasonLength = 500;
    static constexpr int kSamples = DecisionLog::kSamples;
    static const QString kNotPersisted; // error code of an engagement held in memory only

    KillSwitchService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock, std::shared_ptr<AuditLog> audit,
                      IncidentService& incidents, std::shared_ptr<KillSwitchHold> hold);
    ~KillSwitchService();

    // The stored engagement not yet released (an expired one included: it no longer decides), or none.
    Result<std::optional<KillSwitchEngagement>> open() const;
    // The most recent engagement, open or not (what a console shows after a release: its levers being restored).
    Result<std::optional<KillSwitchEngagement>> latest() const;
    Result<QList<KillSwitchChange>> history(qint64 engagementId) const;
    // The engagement held in memory because the store refused it, if any.
    std::optional<HeldEngagement> held() const { return m_hold->held(); }
    // Without an incident, a high-severity "Shipping kill switch engaged" incident is opened for it. When the store
    // refuses the write the switch is held in memory (deciding at once) and the error's code is kNotPersisted.
    Result<KillSwitchEngagement> engage(const QString& reason, std::optional<qint64> incidentId,
                                        const KillSwitchScope& scope, std::optional<QDateTime> expiresAt,
                                        const QString& actor);
    Result<KillSwitchEngagement> changeScope(const KillSwitchScope& scope, const QString& actor);
    Result<KillSwitchEngagement> release(const QString& reason, const QString& actor);
    // The decision log, newest first: `allowed` picks one outcome; `beforeId` pages. Flushes first.
    Result<QList<DecisionAggregate>> decisions(std::optional<bool> allowed, std::optional<qint64> beforeId, int limit);
    Result<qint64> decisionCount(std::optional<bool> allowed);
    // Shipping attempts denied while `engagementId` was active (0: the held one), counted ones not yet written
    // included.
    Result<qint64> blockedAttempts(qint64 engagementId) const;
    // Decides for `principal` and counts the decision while an engagement is active.
    RecordedDecision decide(const ApiPrincipal& principal, const ShippingRequest& request);
    // A stored webhook delivery: a push or pull_request from a frozen bot (KillSwitchScope::coversGitHubSender) to a
    // repository in scope, during an engagement, is a violation on its incident's timeline; a pull request's new
    // head gets a failure status (a lever).
    void noteDelivery(const WebhookDelivery& delivery, const QJsonObject& payload);
    const KillSwitchLeverStore& levers() const { return m_levers; }
    // Writes the counted decisions; on failure they stay counted for the next try.
    Result<Done> flush();
    // Once a second: writes the held engagement (and its incident) when the store takes writes, then flushes.
    Result<Done> tick();

private:
    struct Cached
    {
        bool valid = false;
        qint64 dataVersion = -1;
        quint64 generation = 0;
        std::optional<KillSwitchEngagement> engagement;
        QString incident;
    };
    // The engagement deciding now: the held one, else the stored one (cached); an error when it cannot be read.
    Result<const Cached*> deciding();
    Result<KillSwitchEngagement> writeEngagement(HeldEngagement& e);
    Result<Done> persistHeld();
    // Writes the held engagement first; the refusal to give while it still cannot be written.
    std::optional<Error> stillHeld(const QString& what);
    Result<KillSwitchEngagement> holdInMemory(HeldEngagement e, const QString& storeError);
    Result<Done> checkCredentials(const KillSwitchScope& scope) const;
    // Commits `tx` and reads the engagement it left open (engage, change of scope).
    Result<KillSwitchEngagement> commitOpen(class WriteTransaction& tx, const QString& what);
    Result<Done> writeChange(qint64 engagementId, qint64 incidentId, const QString& change,
                             const KillSwitchScope& scope, const QString& actor, const QString& detail,
                             AuditAction action);

    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<AuditLog> m_audit;
    IncidentService& m_incidents;
    std::shared_ptr<KillSwitchHold> m_hold;
    KillSwitchLeverStore m_levers;
    Cached m_cache;
    Cached m_heldView;
    DecisionLog m_log;
    PreparedQuery m_versionQuery{QStringLiteral("PRAGMA data_version")}; // asked at every decision
};

} // namespace watchpost
