#include "net/webhooks/WebhookJson.h"

#include "net/incidents/IncidentJson.h"

namespace watchpost::json {

QJsonObject delivery(const WebhookDelivery& d)
{
    return {{QStringLiteral("id"), double(d.id)},
            {QStringLiteral("hook"), d.hookId},
            {QStringLiteral("delivery_id"), d.deliveryId},
            {QStringLiteral("event"), d.event},
            {QStringLiteral("action"), d.action.isEmpty() ? QJsonValue() : QJsonValue(d.action)},
            {QStringLiteral("repository"), d.repository.isEmpty() ? QJsonValue() : QJsonValue(d.repository)},
            {QStringLiteral("source"), d.source},
            {QStringLiteral("verified_with"), d.verifiedWith},
            {QStringLiteral("received_at"), json::time(d.receivedAt)},
            {QStringLiteral("outcome"), d.outcome},
            {QStringLiteral("security_relevant"), d.securityRelevant},
            {QStringLiteral("incident_id"), d.incidentId ? QJsonValue(double(*d.incidentId)) : QJsonValue()},
            {QStringLiteral("body_sha256"), d.bodySha256}};
}

int statusFor(WebhookRefusal reason)
{
    switch (reason) {
    case WebhookRefusal::Blocked:
        return 403;
    case WebhookRefusal::RateLimited:
        return 429;
    case WebhookRefusal::UnknownHook:
        return 404;
    case WebhookRefusal::WrongContentType:
        return 415;
    case WebhookRefusal::MissingSignature:
    case WebhookRefusal::MalformedSignature:
    case WebhookRefusal::MissingHeader:
    case WebhookRefusal::MalformedPayload:
        return 400;
    case WebhookRefusal::NoSecret:
    case WebhookRefusal::StorageError:
        return 503;
    case WebhookRefusal::SignatureMismatch:
        return 401;
    case WebhookRefusal::Oversize:
        return 413;
    case WebhookRefusal::Replay:
        return 409;
    }
    return 400;
}

ApiResponse webhookAnswer(const WebhookOutcome& outcome)
{
    switch (outcome.kind) {
    case WebhookOutcome::Kind::Accepted:
        return ApiResponse::json(202, {{QStringLiteral("status"), QStringLiteral("accepted")},
                                       {QStringLiteral("delivery"), outcome.deliveryId},
                                       {QStringLiteral("verified_with"), outcome.verifiedWith}});
    case WebhookOutcome::Kind::Duplicate:
        return ApiResponse::json(200, {{QStringLiteral("status"), QStringLiteral("duplicate")},
                                       {QStringLiteral("delivery"), outcome.deliveryId}});
    case WebhookOutcome::Kind::Refused:
        break;
    }
    ApiResponse r =
        ApiResponse::error(statusFor(outcome.refusal), WebhookOutcome::name(outcome.refusal), outcome.message);
    if (outcome.retryAfterSeconds > 0)
        r.headers << std::pair<QByteArray, QByteArray>("Retry-After", QByteArray::number(outcome.retryAfterSeconds));
    return r;
}

} // namespace watchpost::json
