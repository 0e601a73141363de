#pragma once
// KillSwitchApi: /api/v1/security/kill-switch/… (state, engage, scope, release, the decision log) and
// /api/v1/shipping/decisions, where automation asks, as itself, before it ships. Over KillSwitchService, the one
// writer the console will use too.

#include "models/killswitch/KillSwitchService.h"
#include "net/http/ApiRouteTable.h"

namespace watchpost {

class KillSwitchApi
{
public:
    KillSwitchApi(KillSwitchService& service, IncidentService& incidents, const Clock& clock)
        : m_service(service), m_incidents(incidents), m_clock(clock)
    {
    }
    void addRoutes(ApiRouteTable& table);

private:
    ApiResponse state(const ApiRequest& r);
    ApiResponse engage(const ApiRequest& r);
    ApiResponse changeScope(const ApiRequest& r);
    ApiResponse release(const ApiRequest& r);
    ApiResponse decisions(const ApiRequest& r);
    ApiResponse decide(const ApiRequest& r);
    QJsonObject engagementJson(const KillSwitchEngagement& e);
    // GitHub's levers, their manual steps, and the engagement's status (engaged, partial, released, expired).
    QJsonObject withLevers(QJsonObject engagement, const KillSwitchEngagement& e);
    // 503 with `persisted: false` for an engagement the store refused (held in memory); else the error's status.
    ApiResponse refusal(const Error& e);

    KillSwitchService& m_service;
    IncidentService& m_incidents;
    const Clock& m_clock;
};

} // namespace watchpost
