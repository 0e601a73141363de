#pragma once
// WebhookApi: /api/v1/security/webhooks/... — deliveries, spoof sources with block state, and blocks.

#include "models/webhooks/WebhookService.h"
#include "net/http/ApiMessage.h"

namespace watchpost {

class WebhookApi
{
public:
    explicit WebhookApi(WebhookService& service) : m_service(service) {}
    // `request.segments` starts after /api/v1/security; nullopt when no route matches.
    std::optional<ApiResponse> handle(const ApiRequest& request);

private:
    ApiResponse deliveries(const ApiRequest& r);
    ApiResponse sources(const ApiRequest& r);
    ApiResponse addBlock(const ApiRequest& r);
    ApiResponse removeBlock(const ApiRequest& r, const QString& source);

    WebhookService& m_service;
};

} // namespace watchpost
