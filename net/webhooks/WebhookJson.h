#pragma once
// WebhookJson: webhook values as the API writes them — a stored delivery, and the answer to a delivery's outcome
// (the HTTP status for each refusal reason lives here, not in models/).

#include "models/webhooks/WebhookOutcome.h"
#include "models/webhooks/WebhookStore.h"
#include "net/http/ApiMessage.h"

#include <QJsonObject>

namespace watchpost::json {

QJsonObject delivery(const WebhookDelivery& d);
// 202 accepted (after the commit), 200 duplicate, or the refusal's status with the error envelope.
ApiResponse webhookAnswer(const WebhookOutcome& outcome);
int statusFor(WebhookRefusal reason);

} // namespace watchpost::json
