#include "models/webhooks/WebhookService.h"

#include "models/incidents/Vocabulary.h"
#include "models/webhooks/WebhookSignature.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>

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

bool isOpen(IncidentState s)
{
    return s != IncidentState::Resolved && s != IncidentState::Closed;
}
} // namespace

WebhookService::WebhookService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                               std::shared_ptr<WebhookSecrets> secrets, std::shared_ptr<WebhookControls> controls,
                               ChangeNotifier* notifier, SecretStore* secretStore)
    : m_store(store), m_clock(clock), m_secrets(std::move(secrets)), m_controls(std::move(controls)),
      m_notifier(notifier), m_secretStore(secretStore), m_webhooks(store), m_incidents(store, clock, notifier)
{
}

QString WebhookService::sourceOf(const WebhookRequest& r) const
{
    const QString proxy = m_controls->policy().trustedProxy;
    if (!proxy.isEmpty() && r.peer == proxy && !r.forwardedFor.isEmpty()) {
        // The client is the address the trusted proxy saw: the last entry it appended.
        const QString last = QString::fromLatin1(r.forwardedFor.split(',').last().trimmed());
        if (!last.isEmpty() && last.size() <= 64)
            return last;
    }
    return r.peer;
}

WebhookAnswer WebhookService::refuse(const WebhookRequest& r, const QString& source, int status, const QString& reason,
                                     const QString& message, bool countsAsSpoof)
{
    const qint64 now = m_clock->nowMs();
    const QJsonObject sample{
        {QStringLiteral("at"), QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QStringLiteral("user_agent"), QString::fromLatin1(r.userAgent.left(200))},
        {QStringLiteral("event"), QString::fromLatin1(r.event.left(100))},
        {QStringLiteral("hook"), r.hookId.left(100)},
        {QStringLiteral("delivery"), QString::fromLatin1(r.deliveryId.left(100))}};
    m_controls->recordTelemetry(source, reason, QString::fromUtf8(QJsonDocument(sample).toJson(QJsonDocument::Compact)),
                                now);
    if (countsAsSpoof && m_controls->countRefusal(source, now))
        onThresholdCrossed(source, reason);
    if (m_notifier)
        Q_EMIT m_notifier->webhooksChanged();
    return {status,
            QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), reason},
                                                              {QStringLiteral("message"), message},
                                                              {QStringLiteral("fields"), QJsonArray()}}}},
            0};
}

void WebhookService::refuseEarly(const QString& source, const QString& reason, const QString& detail)
{
    WebhookRequest r;
    r.peer = source;
    r.event = detail.toLatin1();
    refuse(r, source, 413, reason, detail);
}

std::optional<WebhookHook> WebhookService::hookRow(const QString& hookId)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto it = m_hookRows.find(hookId);
    if (it == m_hookRows.end() || now - it->first > 1000) {
        if (m_hookRows.size() > 1000)
            m_hookRows.clear();
        it = m_hookRows.insert(hookId, {now, m_webhooks.hook(hookId)});
    }
    return it->second;
}

void WebhookService::refreshSecrets(const QString& hookId)
{
    const auto hook = hookRow(hookId);
    if (!hook || !hook->secretSetAt) {
        if (m_secrets->version(hookId) && m_secretStore)
            m_secrets->removeHook(hookId); // removed by another process
        return;
    }
    const qint64 version = hook->secretSetAt->toMSecsSinceEpoch();
    if (!m_secretStore || m_secrets->version(hookId).value_or(-1) == version)
        return;
    // Set or replaced by another process (watchpost webhook-secret set): read the keychain again.
    m_secrets->load(*m_secretStore, hookId,
                    hook->previousSecretUntil ? hook->previousSecretUntil->toMSecsSinceEpoch() : 0, version);
}

std::variant<WebhookAnswer, WebhookService::Pending> WebhookService::admit(const WebhookRequest& r)
{
    const QString source = sourceOf(r);
    const qint64 now = m_clock->nowMs();
    const WebhookControls::Gate gate = m_controls->gate(source, now);
    if (gate.kind == WebhookControls::Gate::Kind::Blocked)
        return refuse(r, source, 403, QStringLiteral("blocked"),
                      QStringLiteral("source %1 is blocked until %2")
                          .arg(source, QDateTime::fromMSecsSinceEpoch(gate.untilMs, Qt::UTC).toString(Qt::ISODate)),
                      false);
    if (gate.kind == WebhookControls::Gate::Kind::RateLimited) {
        WebhookAnswer a = refuse(r, source, 429, QStringLiteral("rate_limited"),
                                 QStringLiteral("too many refused deliveries from %1; retry later").arg(source), false);
        a.retryAfterSeconds = gate.retryAfterSeconds;
        return a;
    }
    static const QRegularExpression hookName(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
    const bool known =
        r.hookId == QLatin1String("default") || (hookName.match(r.hookId).hasMatch() && hookRow(r.hookId));
    if (!known)
        return refuse(r, source, 404, QStringLiteral("unknown_hook"),
                      QStringLiteral("no webhook %1 is configured").arg(r.hookId.left(64)));
    const QByteArray type = r.contentType.split(';').value(0).trimmed().toLower();
    const bool form = type == "application/x-www-form-urlencoded";
    if (type != "application/json" && !form)
        return refuse(r, source, 415, QStringLiteral("wrong_content_type"),
                      QStringLiteral("Content-Type must be application/json or application/x-www-form-urlencoded"));
    if (r.signature256.isEmpty())
        return refuse(
            r, source, 400, QStringLiteral("missing_signature"),
            r.signature1.isEmpty()
                ? QStringLiteral("X-Hub-Signature-256 is required")
                : QStringLiteral(
                      "X-Hub-Signature (SHA-1) is not accepted; configure the hook to send X-Hub-Signature-256"));
    if (WebhookSignature::parse(r.signature256).size() != 32)
        return refuse(r, source, 400, QStringLiteral("malformed_signature"),
                      QStringLiteral("X-Hub-Signature-256 must be sha256= and 64 hex digits"));
    if (r.event.isEmpty() || r.deliveryId.isEmpty())
        return refuse(
            r, source, 400, QStringLiteral("missing_header"),
            QStringLiteral("%1 is required")
                .arg(r.event.isEmpty() ? QStringLiteral("X-GitHub-Event") : QStringLiteral("X-GitHub-Delivery")));
    if (r.deliveryId.size() > 100 || r.event.size() > 100)
        return refuse(r, source, 400, QStringLiteral("missing_header"),
                      QStringLiteral("X-GitHub-Event and X-GitHub-Delivery are at most 100 characters"));

    refreshSecrets(r.hookId);
    const QList<WebhookSecrets::Candidate> candidates = m_secrets->candidates(r.hookId, now);
    if (candidates.isEmpty()) {
        WebhookAnswer a =
            refuse(r, source, 503, QStringLiteral("no_secret"),
                   QStringLiteral("no webhook secret is configured for %1; nothing is accepted unsigned").arg(r.hookId),
                   false);
        return a;
    }
    QString verifiedWith;
    for (const auto& c : candidates)
        if (WebhookSignature::check(r.signature256, r.body, c.secret) == WebhookSignature::Check::Valid) {
            verifiedWith = c.label;
            break;
        }
    if (verifiedWith.isEmpty())
        return refuse(r, source, 401, QStringLiteral("signature_mismatch"),
                      QStringLiteral("the signature does not match the body"));

    // Verified: decode the payload (a form's signature covered the raw form bytes).
    QByteArray json = r.body;
    if (form) {
        const QUrlQuery query(QString::fromLatin1(r.body));
        json = query.queryItemValue(QStringLiteral("payload"), QUrl::FullyDecoded).toUtf8();
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return WebhookAnswer{400,
                             QJsonObject{{QStringLiteral("error"),
                                          QJsonObject{{QStringLiteral("code"), QStringLiteral("malformed_payload")},
                                                      {QStringLiteral("message"),
                                                       QStringLiteral("the signed payload is not a JSON object")},
                                                      {QStringLiteral("fields"), QJsonArray()}}}},
                             0};

    const QString deliveryId = QString::fromLatin1(r.deliveryId);
    const QString idKey = r.hookId + QLatin1Char('|') + deliveryId;
    if (m_batchIds.contains(idKey) || m_webhooks.deliveryExists(r.hookId, deliveryId))
        return WebhookAnswer{200,
                             QJsonObject{{QStringLiteral("status"), QStringLiteral("duplicate")},
                                         {QStringLiteral("delivery"), deliveryId}},
                             0};
    const QString sha = WebhookSignature::sha256Hex(r.body);
    const QString bodyKey = r.hookId + QLatin1Char('|') + sha;
    std::optional<QString> earlier;
    if (m_batchBodies.contains(bodyKey))
        earlier = m_batchBodies.value(bodyKey);
    else
        earlier = m_webhooks.deliveryWithBody(r.hookId, sha);
    if (earlier)
        return refuse(
            r, source, 409, QStringLiteral("replay"),
            QStringLiteral("this signed body was already delivered as %1; a new delivery id does not make it new")
                .arg(*earlier));

    const QJsonObject payload = doc.object();
    Pending p;
    p.payload = payload;
    WebhookDelivery& d = p.delivery;
    d.hookId = r.hookId;
    d.deliveryId = deliveryId;
    d.event = QString::fromLatin1(r.event);
    d.action = payload.value(QStringLiteral("action")).toString();
    d.repository = payload.value(QStringLiteral("repository")).toObject().value(QStringLiteral("full_name")).toString();
    d.bodySha256 = sha;
    d.body = r.body;
    d.headers = QJsonDocument(QJsonObject{{QStringLiteral("content-type"), QString::fromLatin1(r.contentType)},
                                          {QStringLiteral("x-github-event"), QString::fromLatin1(r.event)},
                                          {QStringLiteral("x-github-delivery"), deliveryId},
                                          {QStringLiteral("x-hub-signature-256"), QString::fromLatin1(r.signature256)},
                                          {QStringLiteral("user-agent"), QString::fromLatin1(r.userAgent.left(200))},
                                          {QStringLiteral("peer"), r.peer}})
                    .toJson(QJsonDocument::Compact);
    d.source = source;
    d.verifiedWith = verifiedWith;
    d.receivedAt = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
    // A ping is settled here (the hook is marked healthy in the same transaction as the delivery), so it
    // costs no write after the commit; security events are mapped to incidents after it.
    static const QStringList mapped{"secret_scanning_alert", "code_scanning_alert", "dependabot_alert",
                                    "repository_vulnerability_alert", "security_advisory"};
    static const QStringList activity{"installation", "member", "deploy_key", "branch_protection_rule",
                                      "github_app_authorization"};
    d.outcome = d.event == QLatin1String("ping") ? QStringLiteral("hook_healthy")
                : mapped.contains(d.event)       ? QStringLiteral("pending")
                                                 : QStringLiteral("accepted");
    if (activity.contains(d.event)) {
        const bool relevant =
            d.event == QLatin1String("member") || d.event == QLatin1String("deploy_key") ||
            (d.event == QLatin1String("installation") &&
             (d.action == QLatin1String("suspend") || d.action == QLatin1String("deleted"))) ||
            (d.event == QLatin1String("branch_protection_rule") && d.action == QLatin1String("deleted")) ||
            (d.event == QLatin1String("github_app_authorization") && d.action == QLatin1String("revoked"));
        d.securityRelevant = relevant;
        if (relevant)
            d.outcome = QStringLiteral("security_activity");
    }
    m_batchIds.insert(idKey);
    m_batchBodies.insert(bodyKey, deliveryId);
    return p;
}

QList<WebhookAnswer> WebhookService::commit(QList<Pending>& batch)
{
    QList<WebhookAnswer> answers;
    if (batch.isEmpty())
        return answers;
    QList<qint64> rowIds;
    {
        WriteTransaction tx(m_webhooks.db());
        bool ok = tx.begun();
        QString error = tx.lastError();
        for (int i = 0; ok && i < batch.size(); ++i) {
            auto id = m_webhooks.insertDelivery(batch[i].delivery);
            if (!id) {
                ok = false;
                error = id.error().message;
            } else
                rowIds << id.value();
        }
        QHash<QString, QString> lastVerified;
        QSet<QString> pinged;
        for (const Pending& p : batch) {
            lastVerified.insert(p.delivery.hookId, p.delivery.verifiedWith);
            if (p.delivery.event == QLatin1String("ping"))
                pinged.insert(p.delivery.hookId);
        }
        for (auto it = lastVerified.begin(); ok && it != lastVerified.end(); ++it)
            if (hookRow(it.key()))
                ok = bool(m_webhooks.markVerified(it.key(), it.value(), m_clock->nowMs()));
        for (auto it = pinged.cbegin(); ok && it != pinged.cend(); ++it)
            if (hookRow(*it))
                ok = bool(m_webhooks.markPing(*it, m_clock->nowMs()));
        if (ok && !tx.commit()) {
            ok = false;
            error = tx.lastError();
        }
        if (!ok) {
            for (int i = 0; i < batch.size(); ++i)
                answers << WebhookAnswer{
                    503,
                    QJsonObject{{QStringLiteral("error"),
                                 QJsonObject{{QStringLiteral("code"), QStringLiteral("storage_error")},
                                             {QStringLiteral("message"),
                                              QStringLiteral("the delivery could not be stored: %1").arg(error)},
                                             {QStringLiteral("fields"), QJsonArray()}}}},
                    0};
            return answers;
        }
    }
    const qint64 now = m_clock->nowMs();
    for (int i = 0; i < batch.size(); ++i) {
        m_controls->countAccepted(now);
        answers << WebhookAnswer{202,
                                 QJsonObject{{QStringLiteral("status"), QStringLiteral("accepted")},
                                             {QStringLiteral("delivery"), batch[i].delivery.deliveryId},
                                             {QStringLiteral("verified_with"), batch[i].delivery.verifiedWith}},
                                 0};
        if (batch[i].delivery.outcome == QLatin1String("pending"))
            map(rowIds[i], batch[i].delivery, batch[i].payload);
    }
    if (m_notifier)
        Q_EMIT m_notifier->webhooksChanged();
    return answers;
}

void WebhookService::settled(const QList<Pending>& batch)
{
    for (const Pending& p : batch) {
        m_batchIds.remove(p.delivery.hookId + QLatin1Char('|') + p.delivery.deliveryId);
        m_batchBodies.remove(p.delivery.hookId + QLatin1Char('|') + p.delivery.bodySha256);
    }
}

void WebhookService::mapPending()
{
    for (qint64 id : m_webhooks.unmappedSecurityDeliveries())
        if (auto d = m_webhooks.delivery(id))
            map(id, *d,
                QJsonDocument::fromJson(d->body.startsWith('{')
                                            ? d->body
                                            : QUrlQuery(QString::fromLatin1(d->body))
                                                  .queryItemValue(QStringLiteral("payload"), QUrl::FullyDecoded)
                                                  .toUtf8())
                    .object());
}

std::optional<qint64> WebhookService::openOrUpdateAlertIncident(const QString& alertKey, const IncidentReport& report,
                                                                const QString& update)
{
    if (const auto linked = m_webhooks.incidentForAlert(alertKey))
        if (const auto incident = m_incidents.incidents().load(*linked, false);
            incident && incident->state != IncidentState::Closed) {
            m_incidents.addTimelineEntry(*linked, TimelineKind::Note, update, kActor);
            return *linked;
        }
    auto created = m_incidents.report(report, kActor);
    if (!created)
        return std::nullopt;
    m_webhooks.linkAlert(alertKey, created->id);
    return created->id;
}

void WebhookService::map(qint64 rowId, const WebhookDelivery& d, const QJsonObject& payload)
{
    const QString repo = d.repository;
    QString outcome = QStringLiteral("accepted");
    std::optional<qint64> incident;
    if (d.event == QLatin1String("ping")) {
        if (hookRow(d.hookId))
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
            const bool existed = m_webhooks.incidentForAlert(key).has_value();
            incident = openOrUpdateAlertIncident(key, r, update);
            outcome = existed ? QStringLiteral("incident_updated") : QStringLiteral("incident_opened");
        } else if (const auto linked = m_webhooks.incidentForAlert(key)) {
            m_incidents.addTimelineEntry(*linked, TimelineKind::Note, update, kActor);
            incident = linked;
            outcome = QStringLiteral("incident_updated");
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
            const bool existed = m_webhooks.incidentForAlert(key).has_value();
            incident = openOrUpdateAlertIncident(
                key, r, QStringLiteral("GitHub %1 %2 (delivery %3)").arg(d.event, d.action, d.deliveryId));
            outcome = existed ? QStringLiteral("incident_updated") : QStringLiteral("incident_opened");
        } else
            outcome = QStringLiteral("below_threshold");
    }
    m_webhooks.setDeliveryOutcome(rowId, outcome, incident);
}

std::optional<qint64> WebhookService::spoofIncident(const QString& detection)
{
    if (const auto stored = m_webhooks.setting(kSpoofIncidentKey))
        if (const auto incident = m_incidents.incidents().load(stored->toLongLong(), false);
            incident && isOpen(incident->state)) {
            m_incidents.addTimelineEntry(incident->id, TimelineKind::Note, detection, kActor);
            return incident->id;
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

void WebhookService::onThresholdCrossed(const QString& source, const QString& reason)
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
}

Result<WebhookBlock> WebhookService::block(const QString& source, const QString& reason, const QString& actor,
                                           int seconds)
{
    const qint64 now = m_clock->nowMs();
    const qint64 until = now + qint64(seconds) * 1000;
    // The block holds in memory even when the store refuses to record it.
    m_controls->addBlock(source, until);
    auto id = m_webhooks.insertBlock(source, reason, actor, now, until);
    if (m_notifier)
        Q_EMIT m_notifier->webhooksChanged();
    if (!id)
        return id.error();
    return WebhookBlock{id.value(),
                        source,
                        reason,
                        actor,
                        QDateTime::fromMSecsSinceEpoch(now, Qt::UTC),
                        QDateTime::fromMSecsSinceEpoch(until, Qt::UTC),
                        std::nullopt};
}

Result<int> WebhookService::unblock(const QString& source, const QString& actor)
{
    auto lifted = m_webhooks.liftBlocks(source, actor, m_clock->nowMs());
    if (!lifted)
        return lifted.error();
    m_controls->liftBlock(source);
    if (m_notifier)
        Q_EMIT m_notifier->webhooksChanged();
    return lifted;
}

Result<Done> WebhookService::flushTelemetry()
{
    const QList<RefusalCount> counts = m_controls->takeTelemetry(m_clock->nowMs());
    if (counts.isEmpty())
        return Done{};
    auto written = m_webhooks.addRefusals(counts, WebhookControls::kSamplesPerWindow);
    const auto incidentId = m_webhooks.setting(kSpoofIncidentKey);
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
                IncidentStore holds(m_store);
                if (holds.activeHolds(*incident).isEmpty())
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
            IncidentStore(m_store).clearHolds(incidentId->toLongLong(), kTelemetryHold, m_clock->nowMs());
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
