// libFuzzer target: what a webhook delivery goes through before it is stored — the signature header parsed and
// checked against the body in constant time, a form body's payload= decoded, the JSON read, the event looked up.
// Input: first byte picks the content type, then the signature header up to '\n', the rest is the body.
#include "models/webhooks/FormEncoding.h"
#include "models/webhooks/GitHubEvents.h"
#include "models/webhooks/WebhookSignature.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdlib>

using namespace watchpost;

namespace {
void require(bool condition)
{
    if (!condition)
        std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    static const QByteArray kSecret = "fuzzing secret";
    const QByteArray types[] = {"application/json", "application/x-www-form-urlencoded",
                                "application/x-www-form-urlencoded; charset=utf-8", "text/plain"};
    const QByteArray contentType = types[data[0] % 4];
    const QByteArray rest(reinterpret_cast<const char*>(data) + 1, qsizetype(size) - 1);
    const qsizetype newline = rest.indexOf('\n');
    const QByteArray header = newline < 0 ? rest : rest.left(newline);
    const QByteArray body = newline < 0 ? QByteArray() : rest.mid(newline + 1);

    const QByteArray digest = WebhookSignature::parse(header);
    require(digest.isEmpty() || digest.size() == 32);
    const WebhookSignature::Check check = WebhookSignature::check(header, body, kSecret);
    if (digest.size() == 32)
        require(check == WebhookSignature::Check::Valid || check == WebhookSignature::Check::Mismatch);
    else
        require(check == WebhookSignature::Check::Missing || check == WebhookSignature::Check::Malformed);
    // Its own signature always verifies, and one flipped bit of the body never does.
    const QByteArray signature = WebhookSignature::sign(body, kSecret);
    require(WebhookSignature::check(signature, body, kSecret) == WebhookSignature::Check::Valid);
    if (!body.isEmpty()) {
        QByteArray flipped = body;
        flipped[0] = char(flipped[0] ^ 1);
        require(WebhookSignature::check(signature, flipped, kSecret) == WebhookSignature::Check::Mismatch);
    }

    const QByteArray json = FormEncoding::deliveryJson(body, contentType);
    if (!FormEncoding::isForm(contentType.split(';').value(0).trimmed()))
        require(json == body);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error == QJsonParseError::NoError && doc.isObject()) {
        const QJsonObject payload = doc.object();
        const QString action = payload.value(QStringLiteral("action")).toString();
        const QString event = payload.value(QStringLiteral("event")).toString();
        GitHubEvents::find(event);
        GitHubEvents::isAlert(event);
        GitHubEvents::isSecurityActivity(event, action);
    }
    return 0;
}
