#pragma once
// WebhookOutcome: what became of a GitHub delivery, in the domain's words — accepted (once committed), a duplicate
// of one already stored, or refused for a reason. How each is answered over HTTP is decided in net/.

#include <QString>
#include <QStringList>

namespace watchpost {

// Why a delivery was refused. The name is what telemetry records and what the answer's error code says.
enum class WebhookRefusal
{
    Blocked,
    RateLimited,
    UnknownHook,
    WrongContentType,
    MissingSignature,
    MalformedSignature,
    MissingHeader,
    NoSecret,
    SignatureMismatch,
    Oversize,
    MalformedPayload,
    Replay,
    StorageError,
};

struct WebhookOutcome
{
    enum class Kind
    {
        Accepted,
        Duplicate,
        Refused,
    };
    Kind kind = Kind::Accepted;
    WebhookRefusal refusal = WebhookRefusal::StorageError; // when refused
    QString message;                                       // when refused: why, for the sender
    QString deliveryId;
    QString verifiedWith;      // accepted: current, previous or file
    int retryAfterSeconds = 0; // rate limited: when to try again

    static WebhookOutcome refused(WebhookRefusal reason, QString message, int retryAfterSeconds = 0)
    {
        return {Kind::Refused, reason, std::move(message), {}, {}, retryAfterSeconds};
    }
    static QString name(WebhookRefusal reason);
};

// What a stored delivery led to (the `outcome` column), and how a person reads it: "incident_opened" is stored,
// "Opened an incident" is shown.
const QStringList& deliveryOutcomeNames();
QString deliveryOutcomeLabel(const QString& outcome);

} // namespace watchpost
