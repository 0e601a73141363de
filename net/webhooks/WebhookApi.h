#pragma once
// WebhookApi: /api/v1/security/webhooks/... — deliveries, spoof sources with block state, and blocks.

#include "models/webhooks/WebhookService.h"
#include "net/http/ApiRouteTable.h"

namespace watchpost {

class WebhookApi
{
public:
    explicit WebhookApi(WebhookService& service) : m_service(service) {}
    // Registers /api/v1/security/webhooks/….
    void addRoutes(ApiRouteTable& table);

private:
    ApiResponse deliveries(const ApiRequest& r);
    ApiResponse sources(const ApiRequest& r);
    ApiResponse addBlock(const ApiRequest& r);
    ApiResponse removeBlock(const ApiRequest& r, const QString& source);

    WebhookService& m_service;
};

} // namespace watchpost
