#include "models/webhooks/WebhookEventMapper.h"

#include "models/incidents/Vocabulary.h"
#include "models/webhooks/FormEncoding.h"
#include "models/webhooks/GitHubEvents.h"

#include <QJsonDocument>

namespace watchpost {
namespace {
const QString kActor = QStringLiteral("webhook-receiver");

std::optional<Severity> severityOf(const QString& text)
{
    const QString s = text.toLower();
    if (s == QLatin1String("critical"))
        return Severity::Critical;
    if (s == QLatin1String("high") || s == QLatin1String("error"))
        return Severity::High;
    if (s == QLatin1String("moderate") || s == QLatin1String("medium") || s == QLatin1String("warning"))
        return Severity::Medium;
    if (s == QLatin1String("low") || s == QLatin1String("note"))
        return Severity::Low;
    return std::nullopt;
}
} // namespace

WebhookEventMapper::WebhookEventMapper(std::shared_ptr<const Clock> clock, std::shared_ptr<WebhookControls> controls,
                                       WebhookStore& webhooks, IncidentService& incidents)
    : m_clock(std::move(clock)), m_controls(std::move(controls)), m_webhooks(webhooks), m_incidents(incidents)
{
}

void WebhookEventMapper::classify(WebhookDelivery& d)
{
    // A ping is settled here (the hook is marked healthy in the same transaction as the delivery), so it
    // costs no write after the commit; security events are mapped to incidents after it.
    const GitHubEvent* event = GitHubEvents::find(d.event);
    const auto kind = event ? event->kind : GitHubEvent::Kind::Other;
    d.outcome = kind == GitHubEvent::Kind::Ping    ? QStringLiteral("hook_healthy")
                : kind == GitHubEvent::Kind::Alert ? QStringLiteral("pending")
                                                   : QStringLiteral("accepted");
    d.securityRelevant = GitHubEvents::isSecurityActivity(d.event, d.action);
    if (d.securityRelevant)
        d.outcome = QStringLiteral("security_activity");
}

void WebhookEventMapper::mapPending()
{
    const auto pending = m_webhooks.unmappedSecurityDeliveries();
    if (!pending)
        return; // tried again at the next start or delivery
    for (qint64 id : *pending)
        if (const auto read = m_webhooks.delivery(id); read && read->has_value()) {
            const WebhookDelivery* d = &**read;
            // The stored body is the signed one; a form's JSON is its payload= field.
            const QByteArray type = QJsonDocument::fromJson(d->headers)
                                        .object()
                                        .value(QStringLiteral("content-type"))
                                        .toString()
                                        .toLatin1();
            map(id, *d, QJsonDocument::fromJson(FormEncoding::deliveryJson(d->body, type)).object());
        }
}

Result<std::optional<qint64>> WebhookEventMapper::openOrUpdateAlertIncident(std::optional<qint64> linked,
                                                                            const QString& alertKey,
                                                                            const IncidentReport& report,
                                                                            const QString& update)
{
    if (linked) {
        const auto incident = m_incidents.incidents().load(*linked, false);
        if (!incident)
            return incident.error();
        if (incident->has_value() && (*incident)->state != IncidentState::Closed) {
            m_incidents.addTimelineEntry(*linked, TimelineKind::Note, update, kActor);
            return linked;
        }
    }
    auto created = m_incidents.report(report, kActor);
    if (!created && created.error().kind == Error::Kind::Storage)
        return created.error();
    if (!created)
        return std::optional<qint64>();
    m_webhooks.linkAlert(alertKey, created->id);
    return std::optional<qint64>(created->id);
}

void WebhookEventMapper::map(qint64 rowId, const WebhookDelivery& d, const QJsonObject& payload)
{
    const QString repo = d.repository;
    QString outcome = QStringLiteral("accepted");
    std::optional<qint64> incident;
    if (d.event == QLatin1String("ping")) {
        if (const auto hook = m_webhooks.hook(d.hookId); hook && hook->has_value())
            m_webhooks.markPing(d.hookId, m_clock->nowMs());
        outcome = QStringLiteral("hook_healthy");
    } else if (d.event == QLatin1String("secret_scanning_alert")) {
        const QJsonObject alert = payload.value(QStringLiteral("alert")).toObject();
        const QString validity = alert.value(QStringLiteral("validity")).toString();
        const QStringList opening{"created", "reopened", "publicly_leaked"};
        const bool opens = opening.contains(d.action) ||
                           (d.action == QLatin1String("validated") && validity == QLatin1String("active"));
        const QString key =
            QStringLiteral("secret_scanning:%1#%2").arg(repo).arg(alert.value(QStringLiteral("number")).toInt());
        const QString type = alert.value(QStringLiteral("secret_type_display_name"))
                                 .toString(alert.value(QStringLiteral("secret_type")).toString());
        const QString location =
            alert.value(QStringLiteral("html_url")).toString(alert.value(QStringLiteral("locations_url")).toString());
        const bool critical = d.action == QLatin1String("publicly_leaked") || validity == QLatin1String("active") ||
                              alert.value(QStringLiteral("publicly_leaked")).toBool();
        const QString update = QStringLiteral("GitHub secret scanning: alert #%1 %2 (delivery %3)")
                                   .arg(alert.value(QStringLiteral("number")).toInt())
                                   .arg(d.action, d.deliveryId);
        if (opens) {
            IncidentReport r{
                QStringLiteral("Secret leak: %1 in %2")
                    .arg(type.isEmpty() ? QStringLiteral("secret") : type,
                         repo.isEmpty() ? QStringLiteral("a repository") : repo),
                QStringLiteral(
                    "GitHub secret scanning reported alert #%1 (%2). Secret type: %3. Location: %4. Repository: %5. "
                    "Rotate and revoke the secret, review its use, and document before closing.")
                    .arg(alert.value(QStringLiteral("number")).toInt())
                    .arg(d.action, type.isEmpty() ? QStringLiteral("unknown") : type,
                         location.isEmpty() ? QStringLiteral("not given") : location,
                         repo.isEmpty() ? QStringLiteral("not given") : repo),
                vocabulary::severityName(critical ? Severity::Critical : Severity::High),
                {QStringLiteral("automated_signal"), QStringLiteral("github")},
                QStringLiteral("github"),
                repo.isEmpty() ? QList<Asset>{} : QList<Asset>{{QStringLiteral("repository"), repo}},
                {{QStringLiteral("other"),
                  QStringLiteral("secret_type:%1").arg(alert.value(QStringLiteral("secret_type")).toString())}}};
            const auto linked = m_webhooks.incidentForAlert(key);
            const auto target = linked ? openOrUpdateAlertIncident(*linked, key, r, update)
                                       : Result<std::optional<qint64>>(linked.error());
            if (!target)
                return; // the delivery stays pending and is mapped again (mapPending)
            incident = *target;
            outcome = linked->has_value() ? QStringLiteral("incident_updated") : QStringLiteral("incident_opened");
        } else {
            const auto linked = m_webhooks.incidentForAlert(key);
            if (!linked)
                return; // stays pending
            if (linked->has_value()) {
                m_incidents.addTimelineEntry(**linked, TimelineKind::Note, update, kActor);
                incident = *linked;
                outcome = QStringLiteral("incident_updated");
            }
        }
    } else {
        // Code scanning, Dependabot, repository vulnerability alerts and advisories: by severity.
        const QJsonObject alert =
            payload
                .value(d.event == QLatin1String("security_advisory") ? QStringLiteral("security_advisory")
                                                                     : QStringLiteral("alert"))
                .toObject();
        QString severityText = alert.value(QStringLiteral("severity")).toString();
        if (d.event == QLatin1String("code_scanning_alert")) {
            const QJsonObject rule = alert.value(QStringLiteral("rule")).toObject();
            severityText = rule.value(QStringLiteral("security_severity_level"))
                               .toString(rule.value(QStringLiteral("severity")).toString());
        }
        if (d.event == QLatin1String("dependabot_alert"))
            severityText = alert.value(QStringLiteral("security_advisory"))
                               .toObject()
                               .value(QStringLiteral("severity"))
                               .toString();
        const auto severity = severityOf(severityText);
        const QString id = alert.contains(QStringLiteral("number"))
                               ? QString::number(alert.value(QStringLiteral("number")).toInt())
                               : alert.value(QStringLiteral("ghsa_id")).toString();
        const QString key = QStringLiteral("%1:%2#%3").arg(d.event, repo, id);
        const Severity minimum = m_controls->policy().alertMinimumSeverity;
        if (severity && int(*severity) <= int(minimum)) {
            const QString what =
                alert.value(QStringLiteral("summary"))
                    .toString(alert.value(QStringLiteral("rule"))
                                  .toObject()
                                  .value(QStringLiteral("description"))
                                  .toString(alert.value(QStringLiteral("affected_package_name")).toString(d.event)));
            IncidentReport r{QStringLiteral("%1: %2").arg(d.event, what).left(TextLimits::kTitle),
                             QStringLiteral("GitHub %1 (%2) for %3, severity %4: %5")
                                 .arg(d.event, d.action, repo.isEmpty() ? QStringLiteral("the organisation") : repo,
                                      severityText, alert.value(QStringLiteral("html_url")).toString(what)),
                             vocabulary::severityName(*severity),
                             {QStringLiteral("automated_signal"), QStringLiteral("github")},
                             QStringLiteral("github"),
                             repo.isEmpty() ? QList<Asset>{} : QList<Asset>{{QStringLiteral("repository"), repo}},
                             {}};
            const auto linked = m_webhooks.incidentForAlert(key);
            const auto target =
                linked ? openOrUpdateAlertIncident(
                             *linked, key, r,
                             QStringLiteral("GitHub %1 %2 (delivery %3)").arg(d.event, d.action, d.deliveryId))
                       : Result<std::optional<qint64>>(linked.error());
            if (!target)
                return; // stays pending
            incident = *target;
            outcome = linked->has_value() ? QStringLiteral("incident_updated") : QStringLiteral("incident_opened");
        } else
            outcome = QStringLiteral("below_threshold");
    }
    m_webhooks.setDeliveryOutcome(rowId, outcome, incident);
}

} // namespace watchpost
