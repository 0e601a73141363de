#include "models/webhooks/SpoofingResponse.h"

#include "models/incidents/IncidentHoldStore.h"
#include "models/incidents/Vocabulary.h"

namespace watchpost {
namespace {
const QString kActor = QStringLiteral("webhook-receiver");
const QString kTelemetryHold = QStringLiteral("webhook spoof telemetry cannot be written");
const QString kSpoofIncidentKey = QStringLiteral("spoof_incident_id");

QString guidance()
{
    return QStringLiteral(
        "Manual escalation: block the sources listed in this incident upstream (edge firewall or WAF) since Watchpost "
        "cannot record their deliveries; if the refusals are signature mismatches, rotate the webhook secret in GitHub "
        "and "
        "here; page the security duty manager (admin role holders) and keep this incident open until telemetry is "
        "written again.");
}

bool isOpen(IncidentState s)
{
    return s != IncidentState::Resolved && s != IncidentState::Closed;
}
} // namespace

SpoofingResponse::SpoofingResponse(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                                   std::shared_ptr<WebhookControls> controls, ChangeNotifier* notifier,
                                   WebhookStore& webhooks, IncidentService& incidents)
    : m_store(std::move(store)), m_clock(std::move(clock)), m_controls(std::move(controls)), m_notifier(notifier),
      m_webhooks(webhooks), m_incidents(incidents)
{
}

std::optional<qint64> SpoofingResponse::spoofIncident(const QString& detection)
{
    // A setting or incident the store cannot read: a new incident rather than none (a detection is never dropped).
    if (const auto stored = m_webhooks.setting(kSpoofIncidentKey); stored && stored->has_value())
        if (const auto incident = m_incidents.incidents().load((*stored)->toLongLong(), false);
            incident && incident->has_value() && isOpen((*incident)->state)) {
            m_incidents.addTimelineEntry((*incident)->id, TimelineKind::Note, detection, kActor);
            return (*incident)->id;
        }
    const WebhookPolicy policy = m_controls->policy();
    IncidentReport r{QStringLiteral("Webhook spoofing"),
                     QStringLiteral("Repeated webhook deliveries failed verification. ") + detection,
                     vocabulary::severityName(policy.spoofIncidentSeverity),
                     {QStringLiteral("automated_signal"), QStringLiteral("github")},
                     QStringLiteral("webhook-receiver"),
                     {{QStringLiteral("service"), QStringLiteral("watchpost webhook listener")}},
                     {}};
    auto created = m_incidents.report(r, kActor);
    if (!created)
        return std::nullopt;
    m_incidents.addTimelineEntry(created->id, TimelineKind::Note, QStringLiteral("Detection: ") + detection, kActor);
    m_webhooks.setSetting(kSpoofIncidentKey, QString::number(created->id));
    return created->id;
}

void SpoofingResponse::onThresholdCrossed(const QString& source, const QString& reason)
{
    const WebhookPolicy policy = m_controls->policy();
    const QString detection = QStringLiteral("%1 refused deliveries from %2 within %3 s (latest reason: %4).")
                                  .arg(policy.blockThreshold)
                                  .arg(source)
                                  .arg(policy.blockWindowSeconds)
                                  .arg(reason);
    auto blocked = block(source, QStringLiteral("spoofing: ") + reason, kActor, policy.blockSeconds);
    const std::optional<qint64> incident = spoofIncident(detection);
    if (incident)
        m_incidents.addTimelineEntry(
            *incident, TimelineKind::ContainmentAction,
            blocked ? QStringLiteral("Blocked %1 for %2 s: applied; its deliveries get 403 until %3.")
                          .arg(source)
                          .arg(policy.blockSeconds)
                          .arg(blocked->expiresAt.toString(Qt::ISODate))
                    : QStringLiteral("Blocking %1 failed: %2. Block it upstream by hand.")
                          .arg(source, blocked.error().message),
            kActor);
    if (incident && m_notifier)
        Q_EMIT m_notifier->spoofingDetected(*incident, source);
}

Result<WebhookBlock> SpoofingResponse::block(const QString& source, const QString& reason, const QString& actor,
                                             int seconds)
{
    const qint64 now = m_clock->nowMs();
    const qint64 until = now + qint64(seconds) * 1000;
    // The block holds in memory even when the store refuses to record it.
    m_controls->addBlock(source, until);
    auto id = m_webhooks.insertBlock(source, reason, actor, now, until);
    if (m_notifier)
        Q_EMIT m_notifier->webhooksChanged();
    WebhookBlock block{id ? id.value() : 0,
                       source,
                       reason,
                       actor,
                       QDateTime::fromMSecsSinceEpoch(now, Qt::UTC),
                       QDateTime::fromMSecsSinceEpoch(until, Qt::UTC),
                       std::nullopt,
                       true,
                       {}};
    if (!id) { // in force all the same: say so, and why it is not recorded
        block.stored = false;
        block.storeError = id.error().message;
    }
    return block;
}

Result<BlockLift> SpoofingResponse::unblock(const QString& source, const QString& actor)
{
    // The gate first: a block the store cannot lift is still lifted where it is enforced.
    BlockLift lift;
    lift.wasBlocked = m_controls->liftBlock(source);
    auto lifted = m_webhooks.liftBlocks(source, actor, m_clock->nowMs());
    if (lifted)
        lift.storedLifted = lifted.value();
    else {
        lift.stored = false;
        lift.storeError = lifted.error().message;
    }
    if (m_notifier)
        Q_EMIT m_notifier->webhooksChanged();
    if (!lifted && !lift.wasBlocked)
        return lifted.error(); // nothing was lifted anywhere
    return lift;
}

Result<Done> SpoofingResponse::flushTelemetry()
{
    const QList<RefusalCount> counts = m_controls->takeTelemetry(m_clock->nowMs());
    if (counts.isEmpty())
        return Done{};
    auto written = m_webhooks.addRefusals(counts, WebhookControls::kSamplesPerWindow);
    const auto setting = m_webhooks.setting(kSpoofIncidentKey);
    const std::optional<QString> incidentId = setting ? *setting : std::nullopt;
    if (!written) {
        m_controls->restoreTelemetry(counts);
        const bool wasDegraded = m_controls->health().telemetryDegraded;
        m_controls->setTelemetryState(true, written.error().message);
        if (!wasDegraded) {
            QStringList sources;
            for (const RefusalCount& c : counts)
                if (!sources.contains(c.source) && sources.size() < 20)
                    sources << c.source;
            const auto incident = spoofIncident(
                QStringLiteral("Spoof telemetry could not be written (%1). Sources refused meanwhile: %2.")
                    .arg(written.error().message, sources.join(QStringLiteral(", "))));
            if (incident) {
                m_incidents.addTimelineEntry(*incident, TimelineKind::Note, guidance(), kActor);
                IncidentHoldStore holds(m_store);
                if (const auto held = holds.activeHolds(*incident); !held || held->isEmpty())
                    holds.addHold(*incident, kTelemetryHold, guidance(), m_clock->nowMs());
            }
        }
        if (m_notifier)
            Q_EMIT m_notifier->webhooksChanged();
        return written.error();
    }
    if (m_controls->health().telemetryDegraded) {
        m_controls->setTelemetryState(false, QString());
        if (incidentId) {
            IncidentHoldStore(m_store).clearHolds(incidentId->toLongLong(), kTelemetryHold, m_clock->nowMs());
            m_incidents.addTimelineEntry(
                incidentId->toLongLong(), TimelineKind::Note,
                QStringLiteral("Spoof telemetry is written again; the hold on resolving is lifted."), kActor);
        }
    }
    if (m_notifier)
        Q_EMIT m_notifier->webhooksChanged();
    return Done{};
}

} // namespace watchpost
