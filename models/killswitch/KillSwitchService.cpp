#include "models/killswitch/KillSwitchService.h"

#include "models/core/FieldProblems.h"
#include "models/incidents/TimelineStore.h"
#include "models/store/CheckedQuery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace watchpost {
namespace {
QVariant optionalMs(const std::optional<QDateTime>& t)
{
    return t ? QVariant(t->toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

KillSwitchEngagement engagementOf(const QSqlQuery& q)
{
    KillSwitchEngagement e;
    e.id = q.value(0).toLongLong();
    e.incidentId = q.value(1).toLongLong();
    e.reason = q.value(2).toString();
    // A scope that cannot be read back stops all automation everywhere (fail closed).
    const auto scope = KillSwitchScope::fromJson(QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object());
    e.scope = scope ? *scope : KillSwitchScope{true, {}, {}, {}};
    e.engagedBy = q.value(4).toString();
    e.engagedAt = QDateTime::fromMSecsSinceEpoch(q.value(5).toLongLong(), Qt::UTC);
    if (!q.value(6).isNull())
        e.expiresAt = QDateTime::fromMSecsSinceEpoch(q.value(6).toLongLong(), Qt::UTC);
    if (!q.value(7).isNull())
        e.releasedAt = QDateTime::fromMSecsSinceEpoch(q.value(7).toLongLong(), Qt::UTC);
    e.releasedBy = q.value(8).toString();
    e.releaseReason = q.value(9).toString();
    return e;
}

const QString kColumns = QStringLiteral(
    "id, incident_id, reason, scope, engaged_by, engaged_at, expires_at, released_at, released_by, release_reason");

QString scopeText(const KillSwitchScope& s)
{
    return QString::fromUtf8(QJsonDocument(s.toJson()).toJson(QJsonDocument::Compact));
}
} // namespace

KillSwitchService::KillSwitchService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                                     std::shared_ptr<AuditLog> audit, IncidentService& incidents)
    : m_store(std::move(store)), m_clock(std::move(clock)), m_audit(std::move(audit)), m_incidents(incidents)
{
}

Result<std::optional<KillSwitchEngagement>> KillSwitchService::open() const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT %1 FROM kill_switch_engagements WHERE released_at IS NULL").arg(kColumns),
                   QStringLiteral("read the shipping kill switch"));
    return q.first(engagementOf);
}

Result<Done> KillSwitchService::checkCredentials(const KillSwitchScope& scope) const
{
    QStringList unknown;
    for (qint64 id : scope.credentialIds) {
        CheckedQuery q(m_store->connection(), QStringLiteral("SELECT COUNT(*) FROM api_tokens WHERE id = ?"),
                       QStringLiteral("read the credentials the kill switch names"));
        q.add(id);
        auto n = q.integer();
        if (!n)
            return n.error();
        if (*n == 0)
            unknown << QString::number(id);
    }
    if (unknown.isEmpty())
        return Done{};
    const QString message = QStringLiteral("no credential %1").arg(unknown.join(QStringLiteral(", ")));
    return Error::validation(QStringLiteral("the kill switch's scope is not valid: %1").arg(message),
                             {QStringLiteral("scope.credentials")}, {message});
}

Result<Done> KillSwitchService::writeChange(qint64 engagementId, qint64 incidentId, const QString& change,
                                            const KillSwitchScope& scope, const QString& actor, const QString& detail,
                                            AuditAction action)
{
    const QDateTime now = m_clock->now();
    CheckedQuery history(m_store->connection(),
                         QStringLiteral("INSERT INTO kill_switch_history (engagement_id, at, actor, change, scope, "
                                        "detail) VALUES (?, ?, ?, ?, ?, ?)"),
                         QStringLiteral("record the kill switch's history"));
    history.add(engagementId).add(now.toMSecsSinceEpoch()).add(actor).add(change).add(scopeText(scope)).add(detail);
    if (auto ran = history.exec(); !ran)
        return ran;
    if (auto audited = m_audit->appendWithin(actor, action, {QStringLiteral("kill_switch:%1").arg(engagementId)},
                                             QStringLiteral("succeeded"), detail);
        !audited)
        return audited.error();
    TimelineStore timeline(m_store);
    if (auto noted = timeline.appendTimeline({0,
                                              incidentId,
                                              TimelineKind::StakeholderDecision,
                                              actor,
                                              now,
                                              QStringLiteral("%1 — %2").arg(detail, scope.describe()),
                                              {}});
        !noted)
        return noted.error();
    return Done{};
}

Result<KillSwitchEngagement> KillSwitchService::engage(const QString& reason, std::optional<qint64> incidentId,
                                                       const KillSwitchScope& scope, std::optional<QDateTime> expiresAt,
                                                       const QString& actor)
{
    const QDateTime now = m_clock->now();
    FieldProblems problems;
    problems.required(QStringLiteral("reason"), reason, kReasonLength, QStringLiteral("a reason"));
    if (expiresAt && *expiresAt <= now)
        problems.add(QStringLiteral("expires_at"), QStringLiteral("expires_at must be in the future"));
    if (incidentId) {
        auto incident = m_incidents.get(*incidentId);
        if (!incident && incident.error().kind == Error::Kind::Storage)
            return incident.error();
        if (!incident)
            problems.add(QStringLiteral("incident_id"), QStringLiteral("no incident %1").arg(*incidentId));
    }
    if (problems.any())
        return problems.error(QStringLiteral("cannot engage the shipping kill switch"));
    if (auto known = checkCredentials(scope); !known)
        return known.error();
    const auto current = open();
    if (!current)
        return current.error();
    if (*current && (*current)->activeAt(now))
        return Error::wrongState(
            QStringLiteral("the shipping kill switch is already engaged (engagement %1 since %2, %3): "
                           "change its scope or release it first")
                .arg((*current)->id)
                .arg((*current)->engagedAt.toString(Qt::ISODate), (*current)->scope.describe()));
    qint64 incident = incidentId.value_or(0);
    if (!incidentId) { // engaging without one opens it
        IncidentReport r;
        r.title = QStringLiteral("Shipping kill switch engaged");
        r.severity = QStringLiteral("high");
        r.summary = reason;
        r.source.kind = QStringLiteral("staff_report");
        auto opened = m_incidents.report(r, actor);
        if (!opened)
            return opened.error();
        incident = opened->id;
    }
    WriteTransaction tx(m_store->connection());
    if (!tx.begun())
        return Error::storage(QStringLiteral("store is busy: %1").arg(tx.lastError()));
    if (*current) { // open but past its expiry: it ended then
        CheckedQuery ended(m_store->connection(),
                           QStringLiteral("UPDATE kill_switch_engagements SET released_at = ?, released_by = "
                                          "'expiry', release_reason = 'expired' WHERE id = ?"),
                           QStringLiteral("close the expired kill switch"));
        ended.add((*current)->expiresAt->toMSecsSinceEpoch()).add((*current)->id);
        if (auto ran = ended.exec(); !ran)
            return ran.error();
        if (auto wrote = writeChange((*current)->id, (*current)->incidentId, QStringLiteral("expired"),
                                     (*current)->scope, QStringLiteral("expiry"),
                                     QStringLiteral("Shipping kill switch expired"), AuditAction::KillSwitchReleased);
            !wrote)
            return wrote.error();
    }
    CheckedQuery insert(m_store->connection(),
                        QStringLiteral("INSERT INTO kill_switch_engagements (incident_id, reason, scope, engaged_by, "
                                       "engaged_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
                        QStringLiteral("record the kill switch's engagement"));
    insert.add(incident)
        .add(reason.trimmed())
        .add(scopeText(scope))
        .add(actor)
        .add(now.toMSecsSinceEpoch())
        .add(optionalMs(expiresAt));
    if (auto ran = insert.exec(); !ran)
        return ran.error();
    const qint64 id = insert.query().lastInsertId().toLongLong();
    if (auto wrote = writeChange(id, incident, QStringLiteral("engaged"), scope, actor,
                                 QStringLiteral("Shipping kill switch engaged: %1").arg(reason.trimmed()),
                                 AuditAction::KillSwitchEngaged);
        !wrote)
        return wrote.error();
    return commitOpen(tx, QStringLiteral("the kill switch"));
}

Result<KillSwitchEngagement> KillSwitchService::commitOpen(WriteTransaction& tx, const QString& what)
{
    if (!tx.commit())
        return Error::storage(QStringLiteral("could not record %1: %2").arg(what, tx.lastError()));
    auto engaged = open();
    if (!engaged)
        return engaged.error();
    if (!*engaged)
        return Error::storage(QStringLiteral("recorded %1, but the engagement cannot be read back").arg(what));
    return **engaged;
}

Result<KillSwitchEngagement> KillSwitchService::changeScope(const KillSwitchScope& scope, const QString& actor)
{
    if (auto known = checkCredentials(scope); !known)
        return known.error();
    WriteTransaction tx(m_store->connection());
    if (!tx.begun())
        return Error::storage(QStringLiteral("store is busy: %1").arg(tx.lastError()));
    const auto current = open();
    if (!current)
        return current.error();
    if (!*current || !(*current)->activeAt(m_clock->now()))
        return Error::wrongState(QStringLiteral("the shipping kill switch is not engaged: nothing to widen or narrow"));
    CheckedQuery update(m_store->connection(),
                        QStringLiteral("UPDATE kill_switch_engagements SET scope = ? WHERE id = ?"),
                        QStringLiteral("change the kill switch's scope"));
    update.add(scopeText(scope)).add((*current)->id);
    if (auto ran = update.exec(); !ran)
        return ran.error();
    if (auto wrote =
            writeChange((*current)->id, (*current)->incidentId, QStringLiteral("scope_changed"), scope, actor,
                        QStringLiteral("Shipping kill switch scope changed from %1").arg((*current)->scope.describe()),
                        AuditAction::KillSwitchScopeChanged);
        !wrote)
        return wrote.error();
    return commitOpen(tx, QStringLiteral("the scope"));
}

Result<KillSwitchEngagement> KillSwitchService::release(const QString& reason, const QString& actor)
{
    FieldProblems problems;
    problems.required(QStringLiteral("reason"), reason, kReasonLength, QStringLiteral("a reason"));
    if (problems.any())
        return problems.error(QStringLiteral("cannot release the shipping kill switch"));
    WriteTransaction tx(m_store->connection());
    if (!tx.begun())
        return Error::storage(QStringLiteral("store is busy: %1").arg(tx.lastError()));
    const auto current = open();
    if (!current)
        return current.error();
    if (!*current)
        return Error::wrongState(QStringLiteral("the shipping kill switch is not engaged: nothing to release"));
    const qint64 now = m_clock->nowMs();
    CheckedQuery update(m_store->connection(),
                        QStringLiteral("UPDATE kill_switch_engagements SET released_at = ?, released_by = ?, "
                                       "release_reason = ? WHERE id = ?"),
                        QStringLiteral("release the kill switch"));
    update.add(now).add(actor).add(reason.trimmed()).add((*current)->id);
    if (auto ran = update.exec(); !ran)
        return ran.error();
    if (auto wrote = writeChange((*current)->id, (*current)->incidentId, QStringLiteral("released"), (*current)->scope,
                                 actor, QStringLiteral("Shipping kill switch released: %1").arg(reason.trimmed()),
                                 AuditAction::KillSwitchReleased);
        !wrote)
        return wrote.error();
    if (!tx.commit())
        return Error::storage(QStringLiteral("could not record the release: %1").arg(tx.lastError()));
    KillSwitchEngagement released = **current;
    released.releasedAt = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
    released.releasedBy = actor;
    released.releaseReason = reason.trimmed();
    return released;
}

RecordedDecision KillSwitchService::decide(const ApiPrincipal& principal, const ShippingRequest& request)
{
    RecordedDecision out;
    out.decisionId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const auto current = open();
    ShippingAttempt attempt{request.action,    request.repository, request.workflow,
                            principal.tokenId, principal.role,     principal.tokenId > 0};
    const std::optional<KillSwitchEngagement> engagement = current ? *current : std::nullopt;
    out.decision = decideShipping(engagement, !current, attempt, m_clock->now());
    if (engagement && engagement->activeAt(m_clock->now())) {
        out.incidentId = engagement->incidentId;
        out.recorded = record(*engagement, principal, request, out.decision, out.decisionId).ok();
    }
    return out;
}

Result<Done> KillSwitchService::record(const KillSwitchEngagement& e, const ApiPrincipal& principal,
                                       const ShippingRequest& request, const ShippingDecision& decision,
                                       const QString& decisionId)
{
    const qint64 now = m_clock->nowMs();
    const qint64 minute = now - now % 60000;
    const QString target =
        request.workflow.isEmpty() ? request.repository : request.repository + QLatin1Char(':') + request.workflow;
    WriteTransaction tx(m_store->connection());
    if (!tx.begun())
        return Error::storage(QStringLiteral("store is busy: %1").arg(tx.lastError()));
    CheckedQuery read(
        m_store->connection(),
        QStringLiteral("SELECT id, samples FROM shipping_decisions WHERE engagement_id = ? AND minute = ? "
                       "AND credential_id = ? AND action = ? AND target = ? AND allowed = ?"),
        QStringLiteral("read the decision log"));
    read.add(e.id)
        .add(minute)
        .add(principal.tokenId)
        .add(request.action.left(60))
        .add(target.left(300))
        .add(decision.allowed ? 1 : 0);
    auto held =
        read.first([](const QSqlQuery& q) { return std::pair(q.value(0).toLongLong(), q.value(1).toString()); });
    if (!held)
        return held.error();
    const QJsonObject sample{{QStringLiteral("decision_id"), decisionId},
                             {QStringLiteral("at"), now},
                             {QStringLiteral("ref"), request.ref.left(200)},
                             {QStringLiteral("detail"), request.detail.left(500)}};
    if (*held) {
        QJsonArray samples = QJsonDocument::fromJson((*held)->second.toUtf8()).array();
        if (samples.size() < kSamples)
            samples << sample;
        CheckedQuery bump(m_store->connection(),
                          QStringLiteral("UPDATE shipping_decisions SET count = count + 1, last_at = ?, samples = ? "
                                         "WHERE id = ?"),
                          QStringLiteral("count the decision"));
        bump.add(now).add(QString::fromUtf8(QJsonDocument(samples).toJson(QJsonDocument::Compact))).add((*held)->first);
        if (auto ran = bump.exec(); !ran)
            return ran;
    } else {
        CheckedQuery insert(
            m_store->connection(),
            QStringLiteral("INSERT INTO shipping_decisions (engagement_id, minute, credential_id, actor, "
                           "action, target, allowed, reason, count, first_at, last_at, samples) VALUES "
                           "(?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)"),
            QStringLiteral("record the decision"));
        insert.add(e.id)
            .add(minute)
            .add(principal.tokenId)
            .add(principal.name)
            .add(request.action.left(60))
            .add(target.left(300));
        insert.add(decision.allowed ? 1 : 0)
            .add(decision.reason)
            .add(now)
            .add(now)
            .add(QString::fromUtf8(QJsonDocument(QJsonArray{sample}).toJson(QJsonDocument::Compact)));
        if (auto ran = insert.exec(); !ran)
            return ran;
    }
    if (!tx.commit())
        return Error::storage(QStringLiteral("could not record the decision: %1").arg(tx.lastError()));
    return Done{};
}

Result<QList<DecisionAggregate>> KillSwitchService::decisions(std::optional<bool> allowed,
                                                              std::optional<qint64> beforeId, int limit) const
{
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

Result<qint64> KillSwitchService::decisionCount(std::optional<bool> allowed) const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT COUNT(*) FROM shipping_decisions WHERE (? IS NULL OR allowed = ?)"),
                   QStringLiteral("count the decision log"));
    const QVariant outcome = allowed ? QVariant(*allowed ? 1 : 0) : QVariant(QMetaType(QMetaType::Int));
    q.add(outcome).add(outcome);
    return q.integer();
}

Result<qint64> KillSwitchService::blockedAttempts(qint64 engagementId) const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT COALESCE(SUM(count), 0) FROM shipping_decisions WHERE engagement_id = ? AND "
                                  "allowed = 0"),
                   QStringLiteral("count the blocked attempts"));
    q.add(engagementId);
    return q.integer();
}

} // namespace watchpost
