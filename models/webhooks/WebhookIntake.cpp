#include "models/webhooks/WebhookIntake.h"

#include "models/webhooks/FormEncoding.h"
#include "models/webhooks/SpoofingResponse.h"
#include "models/webhooks/WebhookEventMapper.h"
#include "models/webhooks/WebhookSignature.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace watchpost {

WebhookIntake::WebhookIntake(std::shared_ptr<const Clock> clock, std::shared_ptr<WebhookSecrets> secrets,
                             std::shared_ptr<WebhookControls> controls, ChangeNotifier* notifier,
                             SecretStore* secretStore, WebhookStore& webhooks, WebhookEventMapper& mapper,
                             SpoofingResponse& spoofing)
    : m_clock(std::move(clock)), m_secrets(std::move(secrets)), m_controls(std::move(controls)), m_notifier(notifier),
      m_secretStore(secretStore), m_webhooks(webhooks), m_mapper(mapper), m_spoofing(spoofing)
{
}

QString WebhookIntake::sourceOf(const WebhookRequest& r) const
{
    return m_controls->policy().sourceOf(r.peer, r.forwardedFor);
}

bool WebhookIntake::claimsGitHub(const WebhookRequest& r)
{
    return !r.event.isEmpty() && !r.deliveryId.isEmpty() && (!r.signature256.isEmpty() || !r.signature1.isEmpty());
}

WebhookOutcome WebhookIntake::refuse(const WebhookRequest& r, const QString& source, WebhookRefusal refusal,
                                     const QString& message, bool countsAsSpoof, int retryAfterSeconds)
{
    // Only a request that claims to be a GitHub delivery (event, delivery id and a signature) and fails counts
    // toward spoofing; anything else (a form post from a web page, a scanner) is recorded as noise.
    const bool noise = countsAsSpoof && !claimsGitHub(r);
    if (noise)
        countsAsSpoof = false;
    const QString reason = noise ? QStringLiteral("noise") : WebhookOutcome::name(refusal);
    const qint64 now = m_clock->nowMs();
    // Only the first few refusals of a window keep a sample: the rest are counted without building one.
    m_controls->recordTelemetry(source, reason, now, [&] {
        QJsonObject sample{
            {QStringLiteral("at"), QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("user_agent"), QString::fromLatin1(r.userAgent.left(200))},
            {QStringLiteral("event"), QString::fromLatin1(r.event.left(100))},
            {QStringLiteral("hook"), r.hookId.left(100)},
            {QStringLiteral("delivery"), QString::fromLatin1(r.deliveryId.left(100))}};
        if (noise)
            sample.insert(QStringLiteral("refused_as"), WebhookOutcome::name(refusal));
        return QString::fromUtf8(QJsonDocument(sample).toJson(QJsonDocument::Compact));
    });
    if (countsAsSpoof && m_controls->countRefusal(source, now))
        m_spoofing.onThresholdCrossed(source, reason);
    if (m_notifier)
        Q_EMIT m_notifier->webhooksChanged();
    return WebhookOutcome::refused(refusal, message, retryAfterSeconds);
}

void WebhookIntake::refuseEarly(const WebhookRequest& r, WebhookRefusal reason, const QString& detail)
{
    refuse(r, sourceOf(r), reason, detail);
}

Result<std::optional<WebhookHook>> WebhookIntake::hookRow(const QString& hookId)
{
    const qint64 now = m_clock->nowMs();
    auto it = m_hookRows.find(hookId);
    if (it == m_hookRows.end() || now - it->first > 1000) {
        auto read = m_webhooks.hook(hookId);
        if (!read)
            return read.error(); // not remembered: the next delivery reads again
        if (m_hookRows.size() > 1000)
            m_hookRows.clear();
        it = m_hookRows.insert(hookId, {now, *read});
    }
    return it->second;
}

void WebhookIntake::refreshSecrets(const QString& hookId)
{
    const auto read = hookRow(hookId);
    if (!read)
        return; // the store cannot say; the secrets already loaded stay as they are
    const std::optional<WebhookHook>& hook = *read;
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

std::optional<WebhookOutcome> WebhookIntake::checkHead(const WebhookRequest& r, const QString& source, qint64 now)
{
    const WebhookControls::Gate gate = m_controls->gate(source, now);
    if (gate.kind == WebhookControls::Gate::Kind::Blocked)
        return refuse(r, source, WebhookRefusal::Blocked,
                      QStringLiteral("source %1 is blocked until %2")
                          .arg(source, QDateTime::fromMSecsSinceEpoch(gate.untilMs, Qt::UTC).toString(Qt::ISODate)),
                      false);
    if (gate.kind == WebhookControls::Gate::Kind::RateLimited) {
        return refuse(r, source, WebhookRefusal::RateLimited,
                      QStringLiteral("too many refused deliveries from %1; retry later").arg(source), false,
                      gate.retryAfterSeconds);
    }
    static const QRegularExpression hookName(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
    bool known = r.hookId == QLatin1String("default");
    if (!known && hookName.match(r.hookId).hasMatch()) {
        const auto row = hookRow(r.hookId);
        if (!row)
            return WebhookOutcome::refused(WebhookRefusal::StorageError, row.error().message);
        known = row->has_value();
    }
    if (!known)
        return refuse(r, source, WebhookRefusal::UnknownHook,
                      QStringLiteral("no webhook %1 is configured").arg(r.hookId.left(64)));
    const QByteArray type = r.contentType.split(';').value(0).trimmed().toLower();
    const bool form = FormEncoding::isForm(type);
    if (type != "application/json" && !form)
        return refuse(r, source, WebhookRefusal::WrongContentType,
                      QStringLiteral("Content-Type must be application/json or application/x-www-form-urlencoded"));
    if (r.signature256.isEmpty())
        return refuse(
            r, source, WebhookRefusal::MissingSignature,
            r.signature1.isEmpty()
                ? QStringLiteral("X-Hub-Signature-256 is required")
                : QStringLiteral(
                      "X-Hub-Signature (SHA-1) is not accepted; configure the hook to send X-Hub-Signature-256"));
    if (WebhookSignature::parse(r.signature256).size() != 32)
        return refuse(r, source, WebhookRefusal::MalformedSignature,
                      QStringLiteral("X-Hub-Signature-256 must be sha256= and 64 hex digits"));
    if (r.event.isEmpty() || r.deliveryId.isEmpty())
        return refuse(
            r, source, WebhookRefusal::MissingHeader,
            QStringLiteral("%1 is required")
                .arg(r.event.isEmpty() ? QStringLiteral("X-GitHub-Event") : QStringLiteral("X-GitHub-Delivery")));
    if (r.deliveryId.size() > 100 || r.event.size() > 100)
        return refuse(r, source, WebhookRefusal::MissingHeader,
                      QStringLiteral("X-GitHub-Event and X-GitHub-Delivery are at most 100 characters"));

    return std::nullopt;
}

std::optional<WebhookOutcome> WebhookIntake::admitHead(const WebhookRequest& r)
{
    return checkHead(r, sourceOf(r), m_clock->nowMs());
}

std::variant<WebhookOutcome, WebhookPending> WebhookIntake::admit(const WebhookRequest& r)
{
    const QString source = sourceOf(r);
    const qint64 now = m_clock->nowMs();
    if (auto refused = checkHead(r, source, now))
        return *refused;
    refreshSecrets(r.hookId);
    const QList<WebhookSecrets::Candidate> candidates = m_secrets->candidates(r.hookId, now);
    if (candidates.isEmpty()) {
        return refuse(
            r, source, WebhookRefusal::NoSecret,
            QStringLiteral("no webhook secret is configured for %1; nothing is accepted unsigned").arg(r.hookId),
            false);
    }
    QString verifiedWith;
    for (const auto& c : candidates)
        if (WebhookSignature::check(r.signature256, r.body, c.secret) == WebhookSignature::Check::Valid) {
            verifiedWith = c.label;
            break;
        }
    if (verifiedWith.isEmpty())
        return refuse(r, source, WebhookRefusal::SignatureMismatch,
                      QStringLiteral("the signature does not match the body"));

    // Verified: decode the payload (a form's signature covered the raw form bytes).
    const QByteArray json = FormEncoding::deliveryJson(r.body, r.contentType);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        // Signed by the sender, so not spoofing: refused, not counted.
        return WebhookOutcome::refused(WebhookRefusal::MalformedPayload,
                                       QStringLiteral("the signed payload is not a JSON object"));

    const QString deliveryId = QString::fromLatin1(r.deliveryId);
    const QString idKey = r.hookId + QLatin1Char('|') + deliveryId;
    if (m_batchIds.contains(idKey))
        return WebhookOutcome{WebhookOutcome::Kind::Duplicate, {}, {}, deliveryId, {}, 0};
    const auto stored = m_webhooks.deliveryExists(r.hookId, deliveryId);
    if (!stored) // fail closed: a delivery that cannot be checked for a replay is not taken
        return WebhookOutcome::refused(WebhookRefusal::StorageError, stored.error().message);
    if (*stored)
        return WebhookOutcome{WebhookOutcome::Kind::Duplicate, {}, {}, deliveryId, {}, 0};
    const QString sha = WebhookSignature::sha256Hex(r.body);
    const QString bodyKey = r.hookId + QLatin1Char('|') + sha;
    std::optional<QString> earlier;
    if (m_batchBodies.contains(bodyKey))
        earlier = m_batchBodies.value(bodyKey);
    else {
        const auto read = m_webhooks.deliveryWithBody(r.hookId, sha);
        if (!read)
            return WebhookOutcome::refused(WebhookRefusal::StorageError, read.error().message);
        earlier = *read;
    }
    if (earlier)
        return refuse(
            r, source, WebhookRefusal::Replay,
            QStringLiteral("this signed body was already delivered as %1; a new delivery id does not make it new")
                .arg(*earlier));

    const QJsonObject payload = doc.object();
    WebhookPending p;
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
    m_mapper.classify(d);
    m_batchIds.insert(idKey);
    m_batchBodies.insert(bodyKey, deliveryId);
    return p;
}

void WebhookIntake::settled(const QList<WebhookPending>& batch)
{
    for (const WebhookPending& p : batch) {
        m_batchIds.remove(p.delivery.hookId + QLatin1Char('|') + p.delivery.deliveryId);
        m_batchBodies.remove(p.delivery.hookId + QLatin1Char('|') + p.delivery.bodySha256);
    }
}

} // namespace watchpost
