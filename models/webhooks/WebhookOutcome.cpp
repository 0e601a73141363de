#include "models/webhooks/WebhookOutcome.h"

#include <QHash>

namespace watchpost {

QString WebhookOutcome::name(WebhookRefusal reason)
{
    switch (reason) {
    case WebhookRefusal::Blocked:
        return QStringLiteral("blocked");
    case WebhookRefusal::RateLimited:
        return QStringLiteral("rate_limited");
    case WebhookRefusal::UnknownHook:
        return QStringLiteral("unknown_hook");
    case WebhookRefusal::WrongContentType:
        return QStringLiteral("wrong_content_type");
    case WebhookRefusal::MissingSignature:
        return QStringLiteral("missing_signature");
    case WebhookRefusal::MalformedSignature:
        return QStringLiteral("malformed_signature");
    case WebhookRefusal::MissingHeader:
        return QStringLiteral("missing_header");
    case WebhookRefusal::NoSecret:
        return QStringLiteral("no_secret");
    case WebhookRefusal::SignatureMismatch:
        return QStringLiteral("signature_mismatch");
    case WebhookRefusal::Oversize:
        return QStringLiteral("oversize");
    case WebhookRefusal::MalformedPayload:
        return QStringLiteral("malformed_payload");
    case WebhookRefusal::Replay:
        return QStringLiteral("replay");
    case WebhookRefusal::StorageError:
        return QStringLiteral("storage_error");
    }
    return QStringLiteral("refused");
}

const QStringList& deliveryOutcomeNames()
{
    static const QStringList names{
        QStringLiteral("accepted"),     QStringLiteral("incident_opened"),   QStringLiteral("incident_updated"),
        QStringLiteral("hook_healthy"), QStringLiteral("security_activity"), QStringLiteral("below_threshold"),
        QStringLiteral("pending")};
    return names;
}

QString deliveryOutcomeLabel(const QString& outcome)
{
    static const QHash<QString, QString> labels{
        {QStringLiteral("accepted"), QStringLiteral("Accepted")},
        {QStringLiteral("incident_opened"), QStringLiteral("Opened an incident")},
        {QStringLiteral("incident_updated"), QStringLiteral("Updated an incident")},
        {QStringLiteral("hook_healthy"), QStringLiteral("Hook check (ping)")},
        {QStringLiteral("security_activity"), QStringLiteral("Security activity")},
        {QStringLiteral("below_threshold"), QStringLiteral("Below threshold")},
        {QStringLiteral("pending"), QStringLiteral("Pending")}};
    return labels.value(outcome, outcome);
}

} // namespace watchpost
