#pragma once
// WebhookIntake: everything a GitHub delivery goes through before it is stored — the gate (blocks, rate limit),
// the hook, content type and headers, the signature against the hook's current/previous secret or the secrets
// file, the payload, and redelivery and replay (against the store and the batch in flight). Refusals are
// answered at once and counted towards the spoofing response.

#include "models/core/ChangeNotifier.h"
#include "models/core/Clock.h"
#include "models/core/SecretStore.h"
#include "models/webhooks/WebhookControls.h"
#include "models/webhooks/WebhookOutcome.h"
#include "models/webhooks/WebhookSecrets.h"
#include "models/webhooks/WebhookStore.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <optional>
#include <variant>

namespace watchpost {

class SpoofingResponse;
class WebhookEventMapper;

// One delivery admitted by the intake and waiting for its batch's commit.
struct WebhookPending
{
    WebhookDelivery delivery;
    QJsonObject payload;
};

struct WebhookRequest
{
    QString hookId = QStringLiteral("default");
    QString peer;
    QByteArray contentType;
    QByteArray event;
    QByteArray deliveryId;
    QByteArray signature256;
    QByteArray signature1;
    QByteArray userAgent;
    QByteArray forwardedFor;
    QByteArray body;
};

// What the webhook receiver shares with the rest of the process: secrets, controls, the keychain.
struct WebhookSetup
{
    std::shared_ptr<WebhookSecrets> secrets = std::make_shared<WebhookSecrets>();
    std::shared_ptr<WebhookControls> controls = std::make_shared<WebhookControls>();
    SecretStore* secretStore = nullptr;
};

class WebhookIntake
{
public:
    WebhookIntake(std::shared_ptr<const Clock> clock, std::shared_ptr<WebhookSecrets> secrets,
                  std::shared_ptr<WebhookControls> controls, ChangeNotifier* notifier, SecretStore* secretStore,
                  WebhookStore& webhooks, WebhookEventMapper& mapper, SpoofingResponse& spoofing);

    std::variant<WebhookOutcome, WebhookPending> admit(const WebhookRequest& request);
    // The checks that need no body (gate, hook, content type, delivery and signature headers), for the
    // transport to refuse a delivery before reading its body. admit() runs them again.
    std::optional<WebhookOutcome> admitHead(const WebhookRequest& request);
    // A delivery with an event, a delivery id and a signature: only such a request counts toward spoofing.
    static bool claimsGitHub(const WebhookRequest& request);
    void settled(const QList<WebhookPending>& batch);
    // Records a refusal the transport answered itself (an oversize body), for the spoofing response.
    void refuseEarly(const WebhookRequest& request, WebhookRefusal reason, const QString& detail);
    // The hook's row, read at most once a second per hook (every delivery asks).
    Result<std::optional<WebhookHook>> hookRow(const QString& hookId);

private:
    WebhookOutcome refuse(const WebhookRequest& r, const QString& source, WebhookRefusal reason, const QString& message,
                          bool countsAsSpoof = true, int retryAfterSeconds = 0);
    std::optional<WebhookOutcome> checkHead(const WebhookRequest& r, const QString& source, qint64 now);
    QString sourceOf(const WebhookRequest& r) const;
    void refreshSecrets(const QString& hookId);

    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<WebhookSecrets> m_secrets;
    std::shared_ptr<WebhookControls> m_controls;
    ChangeNotifier* m_notifier;
    SecretStore* m_secretStore;
    WebhookStore& m_webhooks;
    WebhookEventMapper& m_mapper;
    SpoofingResponse& m_spoofing;
    QHash<QString, QString> m_batchBodies; // hook|sha256 → delivery id, for replays inside one batch
    QSet<QString> m_batchIds;              // hook|delivery id
    QHash<QString, std::pair<qint64, std::optional<WebhookHook>>> m_hookRows; // id → (read at, row)
};

} // namespace watchpost
