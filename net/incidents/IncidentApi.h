#pragma once
// IncidentApi: the /api/v1/security/... handlers. Parses and checks JSON, then calls IncidentService —
// the same service the console uses — and maps its answer to HTTP.

#include "models/incidents/IncidentService.h"
#include "models/incidents/MetricsService.h"
#include "net/http/ApiRouteTable.h"

namespace watchpost {

class IncidentApi
{
public:
    explicit IncidentApi(IncidentService& service) : m_service(service), m_metrics(service.incidents()) {}

    // Registers /api/v1/security/incidents… and /api/v1/security/metrics.
    void addRoutes(ApiRouteTable& table);

    static constexpr int kDefaultLimit = 50;
    static constexpr int kMaxLimit = 500;

private:
    ApiResponse list(const ApiRequest& r);
    ApiResponse create(const ApiRequest& r);
    ApiResponse show(const ApiRequest& r, qint64 id);
    ApiResponse acknowledge(const ApiRequest& r, qint64 id);
    ApiResponse addTimeline(const ApiRequest& r, qint64 id);
    ApiResponse timeline(const ApiRequest& r, qint64 id);
    ApiResponse contain(const ApiRequest& r, qint64 id);
    ApiResponse addFollowUp(const ApiRequest& r, qint64 id);
    ApiResponse changeFollowUp(const ApiRequest& r, qint64 id, const QString& followUpId);
    ApiResponse resolve(const ApiRequest& r, qint64 id);
    ApiResponse close(const ApiRequest& r, qint64 id);
    ApiResponse metrics(const ApiRequest& r);
    // 200 with the incident, or the refusal mapped to its status.
    ApiResponse answer(const Result<Incident>& result) const;

    IncidentService& m_service;
    MetricsService m_metrics;
};

} // namespace watchpost
