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
const QString KillSwitchService::kOverflowTarget = QStringLiteral("(more targets than the log counts apart)");

KillSwitchService::KillSwitchService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                                     std::shared_ptr<AuditLog> audit, IncidentService& incidents,
                                     std::shared_ptr<KillSwitchHold> hold)
    : m_store(std::move(store)), m_clock(std::move(clock)), m_audit(std::move(audit)), m_incidents(incidents),
      m_hold(hold ? std::move(hold) : std::make_shared<KillSwitchHold>()), m_levers(m_store)
{
}

KillSwitchService::~KillSwitchService()
{
    flush(); // counted decisions are written before the thread's connection closes
    m_versionQuery.reset();
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

Result<KillSwitchEngagement> KillSwitchService::changeScope(const KillSwitchScope& scope, const QString& actor)
{
    if (auto written = persistHeld(); !written || m_hold->held())
        return Error{Error::Kind::Storage,
                     kNotPersisted,
                     QStringLiteral("cannot change the kill switch's scope: its engagement is held in memory and the "
                                    "store still refuses writes (%1)")
                         .arg(written ? m_hold->held()->storeError : written.error().message),
                     {},
                     {}};
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
    if (auto written = persistHeld(); !written || m_hold->held())
        return Error{Error::Kind::Storage,
                     kNotPersisted,
                     QStringLiteral("cannot release the kill switch: its engagement is held in memory and the store "
                                    "still refuses writes (%1); it keeps denying shipping until it is written")
                         .arg(written ? m_hold->held()->storeError : written.error().message),
                     {},
                     {}};
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
        count(engagement->id, principal, request, out.decision, out.decisionId);
        out.recorded = true;
    }
    return out;
}

void KillSwitchService::count(qint64 engagementId, const ApiPrincipal& principal, const ShippingRequest& request,
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

Result<Done> KillSwitchService::flush()
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

Result<QList<DecisionAggregate>> KillSwitchService::decisions(std::optional<bool> allowed,
                                                              std::optional<qint64> beforeId, int limit)
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

Result<qint64> KillSwitchService::decisionCount(std::optional<bool> allowed)
{
    flush();
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
