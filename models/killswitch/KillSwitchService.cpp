#include "models/killswitch/KillSwitchService.h"

#include "models/core/FieldProblems.h"
#include "models/incidents/TimelineStore.h"
#include "models/store/CheckedQuery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSqlError>
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
    e.scope = scope ? *scope : KillSwitchScope{true, {}, {}, {}, {}};
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

const QString KillSwitchService::kNotPersisted = QStringLiteral("kill_switch_not_persisted");

KillSwitchService::KillSwitchService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                                     std::shared_ptr<AuditLog> audit, IncidentService& incidents,
                                     std::shared_ptr<KillSwitchHold> hold)
    : m_store(std::move(store)), m_clock(std::move(clock)), m_audit(std::move(audit)), m_incidents(incidents),
      m_hold(hold ? std::move(hold) : std::make_shared<KillSwitchHold>()), m_levers(m_store),
      m_log(m_store, m_clock, m_hold)
{
}

KillSwitchService::~KillSwitchService()
{
    m_versionQuery.reset(); // the decision log writes what it counted when it goes
}

Result<std::optional<KillSwitchEngagement>> KillSwitchService::open() const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT %1 FROM kill_switch_engagements WHERE released_at IS NULL").arg(kColumns),
                   QStringLiteral("read the shipping kill switch"));
    return q.first(engagementOf);
}

Result<std::optional<KillSwitchEngagement>> KillSwitchService::latest() const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT %1 FROM kill_switch_engagements ORDER BY id DESC LIMIT 1").arg(kColumns),
                   QStringLiteral("read the shipping kill switch"));
    return q.first(engagementOf);
}

Result<QList<KillSwitchChange>> KillSwitchService::history(qint64 engagementId) const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT id, at, actor, change, scope, detail FROM kill_switch_history WHERE "
                                  "engagement_id = ? ORDER BY id"),
                   QStringLiteral("read the kill switch's history"));
    q.add(engagementId);
    return q.all([](const QSqlQuery& r) {
        const auto scope = KillSwitchScope::fromJson(QJsonDocument::fromJson(r.value(4).toString().toUtf8()).object());
        return KillSwitchChange{r.value(0).toLongLong(),
                                QDateTime::fromMSecsSinceEpoch(r.value(1).toLongLong(), Qt::UTC),
                                r.value(2).toString(),
                                r.value(3).toString(),
                                scope ? scope->describe() : r.value(4).toString(),
                                r.value(5).toString()};
    });
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
    if (problems.any())
        return problems.error(QStringLiteral("cannot engage the shipping kill switch"));
    if (const auto held = m_hold->held())
        return Error::wrongState(QStringLiteral("the shipping kill switch is already engaged (held in memory since %1, "
                                                "not yet written: %2): release it once the store takes writes")
                                     .arg(held->at.toString(Qt::ISODate), held->scope.describe()));
    HeldEngagement e{reason.trimmed(), incidentId, scope, expiresAt, actor, now, {}};
    // What the store must answer before engaging; a store that cannot answer holds the switch in memory.
    if (incidentId) {
        auto incident = m_incidents.get(*incidentId);
        if (!incident && incident.error().kind == Error::Kind::Storage)
            return holdInMemory(std::move(e), incident.error().message);
        if (!incident)
            return Error::validation(
                QStringLiteral("cannot engage the shipping kill switch: no incident %1").arg(*incidentId),
                {QStringLiteral("incident_id")}, {QStringLiteral("no incident %1").arg(*incidentId)});
    }
    if (auto known = checkCredentials(scope); !known)
        return known.error().kind == Error::Kind::Storage ? holdInMemory(std::move(e), known.error().message)
                                                          : Result<KillSwitchEngagement>(known.error());
    const auto current = open();
    if (!current)
        return holdInMemory(std::move(e), current.error().message);
    if (*current && (*current)->activeAt(now))
        return Error::wrongState(
            QStringLiteral("the shipping kill switch is already engaged (engagement %1 since %2, %3): "
                           "change its scope or release it first")
                .arg((*current)->id)
                .arg((*current)->engagedAt.toString(Qt::ISODate), (*current)->scope.describe()));
    auto written = writeEngagement(e);
    if (!written && written.error().kind == Error::Kind::Storage)
        return holdInMemory(std::move(e), written.error().message);
    return written;
}

Result<KillSwitchEngagement> KillSwitchService::holdInMemory(HeldEngagement e, const QString& storeError)
{
    e.storeError = storeError;
    const QString describe = e.scope.describe();
    m_hold->hold(std::move(e));
    return Error{Error::Kind::Storage,
                 kNotPersisted,
                 QStringLiteral("kill switch not persisted — unresolved high-severity incident: the store refused to "
                                "record the engagement (%1). It holds in this process only (shipping by %2 is denied "
                                "here) and is written, with its incident, as soon as the store takes writes")
                     .arg(storeError, describe),
                 {},
                 {}};
}

Result<KillSwitchEngagement> KillSwitchService::writeEngagement(HeldEngagement& e)
{
    if (!e.incidentId) { // engaging without one opens it; kept even when the engagement's write fails after it
        IncidentReport r;
        r.title = QStringLiteral("Shipping kill switch engaged");
        r.severity = QStringLiteral("high");
        r.summary = e.reason;
        r.source.kind = QStringLiteral("staff_report");
        auto opened = m_incidents.report(r, e.actor);
        if (!opened)
            return opened.error();
        e.incidentId = opened->id;
    }
    WriteTransaction tx(m_store->connection());
    if (!tx.begun())
        return Error::storage(QStringLiteral("store is busy: %1").arg(tx.lastError()));
    const auto current = open();
    if (!current)
        return current.error();
    if (*current && (*current)->activeAt(e.at))
        return Error::wrongState(
            QStringLiteral("the shipping kill switch is already engaged (engagement %1)").arg((*current)->id));
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
    insert.add(*e.incidentId)
        .add(e.reason)
        .add(scopeText(e.scope))
        .add(e.actor)
        .add(e.at.toMSecsSinceEpoch())
        .add(optionalMs(e.expiresAt));
    if (auto ran = insert.exec(); !ran)
        return ran.error();
    const qint64 id = insert.query().lastInsertId().toLongLong();
    QString detail = QStringLiteral("Shipping kill switch engaged: %1").arg(e.reason);
    if (!e.storeError.isEmpty())
        detail += QStringLiteral(" (held in memory from %1 while the store refused writes: %2)")
                      .arg(e.at.toString(Qt::ISODate), e.storeError.left(300));
    if (auto wrote = writeChange(id, *e.incidentId, QStringLiteral("engaged"), e.scope, e.actor, detail,
                                 AuditAction::KillSwitchEngaged);
        !wrote)
        return wrote.error();
    if (auto planned = m_levers.plan(id, e.scope, m_clock->nowMs()); !planned)
        return planned.error();
    auto engaged = commitOpen(tx, QStringLiteral("the kill switch"));
    m_hold->changed();
    return engaged;
}

Result<Done> KillSwitchService::persistHeld()
{
    if (!m_hold->held())
        return Done{};
    if (!m_hold->persisting().tryLock())
        return Done{}; // another thread is writing it
    const auto unlock = qScopeGuard([this] { m_hold->persisting().unlock(); });
    auto held = m_hold->held();
    if (!held)
        return Done{};
    auto written = writeEngagement(*held);
    if (!written && written.error().kind == Error::Kind::Storage) {
        HeldEngagement still = *held; // keeps the incident written on the way
        still.storeError = written.error().message;
        m_hold->hold(std::move(still));
        return written.error();
    }
    m_hold->clear();
    if (!written) { // another engagement is already active: this one's intent stays on its incident's timeline
        if (held->incidentId) {
            TimelineStore timeline(m_store);
            timeline.appendTimeline(
                {0,
                 *held->incidentId,
                 TimelineKind::StakeholderDecision,
                 held->actor,
                 m_clock->now(),
                 QStringLiteral("Shipping kill switch held in memory from %1 (%2) was not written: %3")
                     .arg(held->at.toString(Qt::ISODate), held->scope.describe(), written.error().message),
                 {}});
        }
        return written.error();
    }
    return Done{};
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

std::optional<Error> KillSwitchService::stillHeld(const QString& what)
{
    const auto written = persistHeld();
    const auto held = m_hold->held();
    if (written && !held)
        return std::nullopt;
    return Error{
        Error::Kind::Storage,
        kNotPersisted,
        QStringLiteral("%1: its engagement is held in memory and the store still refuses writes (%2); it keeps "
                       "denying shipping until it is written")
            .arg(what, held ? held->storeError : written.error().message),
        {},
        {}};
}

Result<KillSwitchEngagement> KillSwitchService::changeScope(const KillSwitchScope& scope, const QString& actor)
{
    if (auto refused = stillHeld(QStringLiteral("cannot change the kill switch's scope")))
        return *refused;
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
    // Levers for what the scope now names; what it no longer names goes back to how it was.
    if (auto planned = m_levers.plan((*current)->id, scope, m_clock->nowMs()); !planned)
        return planned.error();
    if (auto unwound = m_levers.unwind((*current)->id, scope, m_clock->nowMs()); !unwound)
        return unwound.error();
    auto changed = commitOpen(tx, QStringLiteral("the scope"));
    m_hold->changed();
    return changed;
}

Result<KillSwitchEngagement> KillSwitchService::release(const QString& reason, const QString& actor)
{
    FieldProblems problems;
    problems.required(QStringLiteral("reason"), reason, kReasonLength, QStringLiteral("a reason"));
    if (problems.any())
        return problems.error(QStringLiteral("cannot release the shipping kill switch"));
    // Fail closed: an engagement held in memory is released only once it is written.
    if (auto refused = stillHeld(QStringLiteral("cannot release the kill switch")))
        return *refused;
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
    if (auto unwound = m_levers.unwind((*current)->id, std::nullopt, now); !unwound)
        return unwound.error();
    if (!tx.commit())
        return Error::storage(QStringLiteral("could not record the release: %1").arg(tx.lastError()));
    m_hold->changed();
    KillSwitchEngagement released = **current;
    released.releasedAt = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
    released.releasedBy = actor;
    released.releaseReason = reason.trimmed();
    return released;
}

Result<const KillSwitchService::Cached*> KillSwitchService::deciding()
{
    if (const auto held = m_hold->held()) {
        m_heldView.engagement = held->engagement();
        m_heldView.incident.clear();
        if (held->incidentId)
            if (const auto i = m_incidents.get(*held->incidentId))
                m_heldView.incident = i->publicId;
        m_cache.valid = false;
        return &m_heldView;
    }
    const quint64 generation = m_hold->generation();
    QString why;
    QSqlQuery* version = m_versionQuery.get(*m_store, &why);
    if (!version || !version->exec() || !version->next()) {
        if (version)
            why = version->lastError().text();
        m_versionQuery.reset();
        return Error::storage(QStringLiteral("cannot read the store: %1").arg(why));
    }
    const qint64 dataVersion = version->value(0).toLongLong();
    version->finish(); // no read transaction left open
    if (m_cache.valid && m_cache.dataVersion == dataVersion && m_cache.generation == generation)
        return &m_cache;
    const auto current = open();
    if (!current) {
        m_cache.valid = false;
        return current.error();
    }
    m_cache = Cached{true, dataVersion, generation, *current, {}};
    if (*current)
        if (const auto i = m_incidents.get((*current)->incidentId))
            m_cache.incident = i->publicId;
    return &m_cache;
}

RecordedDecision KillSwitchService::decide(const ApiPrincipal& principal, const ShippingRequest& request)
{
    RecordedDecision out;
    out.decisionId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QDateTime now = m_clock->now();
    const auto state = deciding();
    const std::optional<KillSwitchEngagement> none;
    const std::optional<KillSwitchEngagement>& engagement = state ? (*state)->engagement : none;
    ShippingAttempt attempt{request.action,    request.repository, request.workflow,
                            principal.tokenId, principal.role,     principal.tokenId > 0};
    out.decision = decideShipping(engagement, !state, attempt, now);
    if (engagement && engagement->activeAt(now)) {
        out.incidentId = engagement->incidentId ? std::optional<qint64>(engagement->incidentId) : std::nullopt;
        out.incident = (*state)->incident;
        m_log.count(engagement->id, principal, request, out.decision, out.decisionId);
        out.recorded = true;
    }
    return out;
}

void KillSwitchService::noteDelivery(const WebhookDelivery& d, const QJsonObject& payload)
{
    if (d.event != QLatin1String("push") && d.event != QLatin1String("pull_request"))
        return;
    const auto state = deciding();
    if (!state || !(*state)->engagement || !(*state)->engagement->activeAt(m_clock->now()))
        return;
    const KillSwitchEngagement& e = *(*state)->engagement;
    const QJsonObject sender = payload.value(QStringLiteral("sender")).toObject();
    const QString login = sender.value(QStringLiteral("login")).toString();
    const QString repository =
        d.repository.isEmpty()
            ? payload.value(QStringLiteral("repository")).toObject().value(QStringLiteral("full_name")).toString()
            : d.repository;
    if (!e.scope.coversGitHubSender(login, sender.value(QStringLiteral("type")).toString()) ||
        !e.scope.coversTarget(repository, {}) || !e.incidentId)
        return;
    QString what;
    QString head;
    if (d.event == QLatin1String("push")) {
        what = QStringLiteral("push to %1 (%2 → %3)")
                   .arg(payload.value(QStringLiteral("ref")).toString().left(200),
                        payload.value(QStringLiteral("before")).toString().left(12),
                        payload.value(QStringLiteral("after")).toString().left(12));
    } else {
        const QJsonObject pr = payload.value(QStringLiteral("pull_request")).toObject();
        head = pr.value(QStringLiteral("head")).toObject().value(QStringLiteral("sha")).toString();
        what = QStringLiteral("pull request #%1 %2 (head %3)")
                   .arg(pr.value(QStringLiteral("number")).toInteger())
                   .arg(d.action.left(40), head.left(12));
    }
    TimelineStore timeline(m_store);
    timeline.appendTimeline({0,
                             e.incidentId,
                             TimelineKind::Note,
                             QStringLiteral("github"),
                             m_clock->now(),
                             QStringLiteral("Kill switch violation: %1 by %2 in %3 while engaged (delivery %4)")
                                 .arg(what, login.left(60), repository, d.deliveryId.left(60)),
                             {}});
    const bool newHead = d.action == QLatin1String("opened") || d.action == QLatin1String("synchronize") ||
                         d.action == QLatin1String("reopened");
    if (!head.isEmpty() && newHead && e.scope.repositories.contains(repository))
        m_levers.addHead(e.id, repository, head, m_clock->nowMs());
}

Result<Done> KillSwitchService::tick()
{
    const auto persisted = persistHeld();
    const auto flushed = flush();
    return !persisted ? persisted : flushed;
}

Result<Done> KillSwitchService::flush()
{
    return m_log.flush();
}

Result<QList<DecisionAggregate>> KillSwitchService::decisions(std::optional<bool> allowed,
                                                              std::optional<qint64> beforeId, int limit)
{
    return m_log.decisions(allowed, beforeId, limit);
}

Result<qint64> KillSwitchService::decisionCount(std::optional<bool> allowed)
{
    return m_log.decisionCount(allowed);
}

Result<qint64> KillSwitchService::blockedAttempts(qint64 engagementId) const
{
    return m_log.blockedAttempts(engagementId);
}

} // namespace watchpost
