#pragma once
// WebhookApi: /api/v1/security/webhooks/... — deliveries, spoof sources with block state, blocks, hook secrets (set and
// removed, never answered back) and the policy on refused deliveries.

#include "models/webhooks/WebhookActions.h"
#include "net/http/ApiRouteTable.h"

namespace watchpost {

class WebhookApi
{
public:
    WebhookApi(WebhookService& service, WebhookActions& actions) : m_service(service), m_actions(actions) {}
    // Registers /api/v1/security/webhooks/….
    void addRoutes(ApiRouteTable& table);

private:
    ApiResponse deliveries(const ApiRequest& r);
    ApiResponse sources(const ApiRequest& r);
    ApiResponse addBlock(const ApiRequest& r);
    ApiResponse removeBlock(const ApiRequest& r, const QString& source);
    ApiResponse setSecret(const ApiRequest& r, const QString& hook);
    ApiResponse removeSecret(const QString& hook);
    ApiResponse changePolicy(const ApiRequest& r);

    WebhookService& m_service;
    WebhookActions& m_actions;
};

} // namespace watchpost
