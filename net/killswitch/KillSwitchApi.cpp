#include "net/killswitch/KillSwitchApi.h"

#include "net/http/ApiRequestParts.h"
#include "net/http/JsonBody.h"
#include "net/incidents/IncidentJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace watchpost {
namespace {
QJsonValue optionalTime(const std::optional<QDateTime>& t)
{
    return t ? QJsonValue(json::time(*t)) : QJsonValue();
}
} // namespace

ApiResponse KillSwitchApi::refusal(const Error& e)
{
    if (e.code != KillSwitchService::kNotPersisted)
        return ApiResponse::fromError(e);
    // Never a persisted switch that is not: 503, persisted false, and what holds in this process.
    QJsonObject body{{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), e.code},
                                                           {QStringLiteral("message"), e.message},
                                                           {QStringLiteral("fields"), QJsonArray()}}},
                     {QStringLiteral("persisted"), false}};
    if (const auto held = m_service.held()) {
        QJsonObject engagement = engagementJson(held->engagement());
        engagement.insert(QStringLiteral("id"), QJsonValue());
        engagement.insert(QStringLiteral("persisted"), false);
        engagement.insert(QStringLiteral("store_error"), held->storeError);
        body.insert(QStringLiteral("engagement"), engagement);
    }
    ApiResponse r = ApiResponse::json(503, body);
    r.headers << std::pair<QByteArray, QByteArray>("Retry-After", "5");
    return r;
}

void KillSwitchApi::addRoutes(ApiRouteTable& table)
{
    const QString base = QStringLiteral("/api/v1/security/kill-switch");
    const QString respond = QStringLiteral("a %1 token cannot engage or change the kill switch; use a responder or "
                                           "admin token");
    table.add({"GET", base, ApiRoute::Access::Bearer, nullptr, {}, [this](const ApiRequest& r) { return state(r); }});
    table.add({"PATCH", base, ApiRoute::Access::Bearer, &TokenService::canRespond, respond,
               [this](const ApiRequest& r) { return changeScope(r); }});
    table.add({"POST", base + QStringLiteral("/engage"), ApiRoute::Access::Bearer, &TokenService::canRespond, respond,
               [this](const ApiRequest& r) { return engage(r); }});
    table.add({"POST", base + QStringLiteral("/release"), ApiRoute::Access::Bearer, &TokenService::canAdminister,
               QStringLiteral("a %1 token cannot release the kill switch; only an admin releases it"),
               [this](const ApiRequest& r) { return release(r); }});
    table.add({"GET",
               base + QStringLiteral("/decisions"),
               ApiRoute::Access::Bearer,
               nullptr,
               {},
               [this](const ApiRequest& r) { return decisions(r); }});
    table.add({"POST",
               QStringLiteral("/api/v1/shipping/decisions"),
               ApiRoute::Access::Bearer,
               nullptr,
               {},
               [this](const ApiRequest& r) { return decide(r); }});
}

QJsonObject KillSwitchApi::engagementJson(const KillSwitchEngagement& e)
{
    const auto incident = m_incidents.get(e.incidentId);
    const auto blocked = m_service.blockedAttempts(e.id);
    return {{QStringLiteral("id"), e.id},
            {QStringLiteral("incident_id"), e.incidentId},
            {QStringLiteral("incident"), incident ? QJsonValue(incident->publicId) : QJsonValue()},
            {QStringLiteral("reason"), e.reason},
            {QStringLiteral("scope"), e.scope.toJson()},
            {QStringLiteral("engaged_by"), e.engagedBy},
            {QStringLiteral("engaged_at"), json::time(e.engagedAt)},
            {QStringLiteral("expires_at"), optionalTime(e.expiresAt)},
            {QStringLiteral("released_at"), optionalTime(e.releasedAt)},
            {QStringLiteral("released_by"), e.releasedAt ? QJsonValue(e.releasedBy) : QJsonValue()},
            {QStringLiteral("release_reason"), e.releasedAt ? QJsonValue(e.releaseReason) : QJsonValue()},
            {QStringLiteral("active"), e.activeAt(m_clock.now())},
            {QStringLiteral("persisted"), e.id != 0},
            {QStringLiteral("blocked_attempts"), blocked ? QJsonValue(*blocked) : QJsonValue()}};
}

QJsonObject KillSwitchApi::withLevers(QJsonObject engagement, const KillSwitchEngagement& e)
{
    const auto levers =
        e.id ? m_service.levers().forEngagement(e.id) : Result<QList<KillSwitchLever>>(QList<KillSwitchLever>{});
    QJsonArray list;
    QJsonArray steps;
    bool waiting = false;
    bool failing = false;
    for (const KillSwitchLever& l : levers ? *levers : QList<KillSwitchLever>{}) {
        list << QJsonObject{
            {QStringLiteral("id"), l.id},
            {QStringLiteral("repository"), l.repository},
            {QStringLiteral("lever"), l.kind},
            {QStringLiteral("target"), l.target},
            {QStringLiteral("state"), l.state},
            {QStringLiteral("github_id"), l.githubId ? QJsonValue(*l.githubId) : QJsonValue()},
            {QStringLiteral("detail"), l.detail},
            {QStringLiteral("manual_step"), l.manualStep.isEmpty() ? QJsonValue() : QJsonValue(l.manualStep)},
            {QStringLiteral("updated_at"), json::time(l.updatedAt)}};
        waiting |= l.state == lever::kPending || l.state == lever::kApplying || l.state == lever::kRestorePending ||
                   l.state == lever::kRestoring;
        const bool failed =
            l.state == lever::kFailed || l.state == lever::kUnverified || l.state == lever::kRestoreFailed;
        failing |= failed;
        if (failed && !l.manualStep.isEmpty())
            steps << QStringLiteral("%1 (%2%3): %4")
                         .arg(l.repository, l.kind, l.target.isEmpty() ? QString() : QStringLiteral(" ") + l.target,
                              l.manualStep);
    }
    const bool active = e.activeAt(m_clock.now());
    engagement.insert(QStringLiteral("levers"), list);
    engagement.insert(QStringLiteral("manual_steps"), steps);
    engagement.insert(QStringLiteral("levers_status"), !levers          ? QStringLiteral("unknown")
                                                       : list.isEmpty() ? QStringLiteral("none")
                                                       : waiting        ? QStringLiteral("in_progress")
                                                       : failing        ? QStringLiteral("partial")
                                                                        : QStringLiteral("done"));
    engagement.insert(QStringLiteral("status"),
                      !active   ? (e.releasedAt && e.releasedBy != QLatin1String("expiry") ? QStringLiteral("released")
                                                                                           : QStringLiteral("expired"))
                      : failing ? QStringLiteral("partial")
                                : QStringLiteral("engaged"));
    return engagement;
}

ApiResponse KillSwitchApi::state(const ApiRequest&)
{
    const QJsonArray actions = QJsonArray::fromStringList(shipping::actionNames());
    if (const auto held = m_service.held()) {
        QJsonObject engagement = engagementJson(held->engagement());
        engagement.insert(QStringLiteral("id"), QJsonValue());
        engagement.insert(QStringLiteral("store_error"), held->storeError);
        return ApiResponse::json(200, {{QStringLiteral("engaged"), true},
                                       {QStringLiteral("persisted"), false},
                                       {QStringLiteral("warning"), QStringLiteral("kill switch not persisted — "
                                                                                  "unresolved high-severity incident")},
                                       {QStringLiteral("engagement"), engagement},
                                       {QStringLiteral("actions"), actions}});
    }
    // The open engagement, else the last one (released or expired: its levers' restore shows there).
    const auto open = m_service.latest();
    if (!open)
        return ApiResponse::fromError(open.error());
    const bool engaged = *open && (*open)->activeAt(m_clock.now());
    return ApiResponse::json(200, {{QStringLiteral("engaged"), engaged},
                                   {QStringLiteral("persisted"), true},
                                   {QStringLiteral("engagement"),
                                    *open ? QJsonValue(withLevers(engagementJson(**open), **open)) : QJsonValue()},
                                   {QStringLiteral("actions"), actions}});
}

ApiResponse KillSwitchApi::engage(const ApiRequest& r)
{
    struct EngageInput
    {
        QString reason;
        std::optional<qint64> incidentId;
        KillSwitchScope scope;
        std::optional<QDateTime> expiresAt;
    };
    return withBody(
        r, {"reason", "incident_id", "scope", "expires_at"},
        [this](JsonBody& body) {
            EngageInput in;
            in.reason = body.string(QStringLiteral("reason"));
            if (const auto id = body.optionalString(QStringLiteral("incident_id")); id) {
                const auto found = m_incidents.findId(*id);
                if (found)
                    in.incidentId = *found;
                else
                    body.problem(QStringLiteral("incident_id"), QStringLiteral("no incident %1").arg(id->left(40)));
            }
            const auto scope = KillSwitchScope::fromJson(body.object(QStringLiteral("scope")));
            if (scope)
                in.scope = *scope;
            else
                for (qsizetype i = 0; i < scope.error().fields.size(); ++i)
                    body.problem(scope.error().fields.at(i), scope.error().fieldMessages.value(i));
            in.expiresAt = body.time(QStringLiteral("expires_at"));
            return in;
        },
        [&](const EngageInput& in) {
            auto engaged = m_service.engage(in.reason, in.incidentId, in.scope, in.expiresAt, r.principal.name);
            if (!engaged)
                return refusal(engaged.error());
            return ApiResponse::json(201, withLevers(engagementJson(*engaged), *engaged));
        });
}

ApiResponse KillSwitchApi::changeScope(const ApiRequest& r)
{
    return withBody(
        r, {"scope"},
        [](JsonBody& body) {
            const auto scope = KillSwitchScope::fromJson(body.object(QStringLiteral("scope")));
            if (!scope)
                for (qsizetype i = 0; i < scope.error().fields.size(); ++i)
                    body.problem(scope.error().fields.at(i), scope.error().fieldMessages.value(i));
            return scope ? *scope : KillSwitchScope{};
        },
        [&](const KillSwitchScope& scope) {
            auto changed = m_service.changeScope(scope, r.principal.name);
            if (!changed)
                return refusal(changed.error());
            return ApiResponse::json(200, withLevers(engagementJson(*changed), *changed));
        });
}

ApiResponse KillSwitchApi::release(const ApiRequest& r)
{
    return withBody(
        r, {"reason"}, [](JsonBody& body) { return body.string(QStringLiteral("reason")); },
        [&](const QString& reason) {
            auto released = m_service.release(reason, r.principal.name);
            if (!released)
                return refusal(released.error());
            return ApiResponse::json(200, withLevers(engagementJson(*released), *released));
        });
}

ApiResponse KillSwitchApi::decisions(const ApiRequest& r)
{
    std::optional<bool> allowed;
    const QString result = r.query.queryItemValue(QStringLiteral("result"));
    if (result == QLatin1String("denied"))
        allowed = false;
    else if (result == QLatin1String("allowed"))
        allowed = true;
    else if (!result.isEmpty())
        return ApiResponse::error(400, QStringLiteral("invalid_parameter"),
                                  QStringLiteral("result must be denied or allowed"), {QStringLiteral("result")});
    const auto page = pageOf(r);
    if (const auto* refusal = std::get_if<ApiResponse>(&page))
        return *refusal;
    const auto [limit, before] = std::get<0>(page);
    return pageAnswer(
        QStringLiteral("decisions"), m_service.decisions(allowed, before, limit + 1), m_service.decisionCount(allowed),
        limit, "before:",
        [](const DecisionAggregate& d) {
            return QJsonObject{{QStringLiteral("id"), d.id},
                               {QStringLiteral("engagement_id"), d.engagementId},
                               {QStringLiteral("minute"), json::time(d.minute)},
                               {QStringLiteral("credential_id"), d.credentialId},
                               {QStringLiteral("actor"), d.actor},
                               {QStringLiteral("action"), d.action},
                               {QStringLiteral("target"), d.target},
                               {QStringLiteral("allowed"), d.allowed},
                               {QStringLiteral("reason"), d.reason},
                               {QStringLiteral("count"), d.count},
                               {QStringLiteral("first_at"), json::time(d.firstAt)},
                               {QStringLiteral("last_at"), json::time(d.lastAt)},
                               {QStringLiteral("samples"), QJsonDocument::fromJson(d.samples.toUtf8()).array()}};
        },
        [](const DecisionAggregate& d) { return d.id; });
}

ApiResponse KillSwitchApi::decide(const ApiRequest& r)
{
    return withBody(
        r, {"action", "repository", "ref", "workflow", "detail"},
        [](JsonBody& body) {
            ShippingRequest in{body.string(QStringLiteral("action")).trimmed(),
                               body.string(QStringLiteral("repository")).trimmed(),
                               body.optionalString(QStringLiteral("ref")).value_or(QString()).left(200),
                               body.optionalString(QStringLiteral("workflow")).value_or(QString()).trimmed(),
                               body.optionalString(QStringLiteral("detail")).value_or(QString()).left(500)};
            if (in.action.isEmpty() || in.action.size() > 60)
                body.problem(
                    QStringLiteral("action"),
                    QStringLiteral("action is required: %1").arg(shipping::actionNames().join(QStringLiteral(", "))));
            if (!KillSwitchScope::validRepository(in.repository))
                body.problem(QStringLiteral("repository"), QStringLiteral("repository must be owner/repo"));
            if (!in.workflow.isEmpty() &&
                !KillSwitchScope::validWorkflow(in.repository + QLatin1Char(':') + in.workflow))
                body.problem(QStringLiteral("workflow"), QStringLiteral("workflow must be .github/workflows/NAME.yml"));
            return in;
        },
        [&](const ShippingRequest& in) {
            const RecordedDecision d = m_service.decide(r.principal, in);
            const QJsonValue incident = d.incident.isEmpty() ? QJsonValue() : QJsonValue(d.incident);
            ApiResponse answer =
                ApiResponse::json(200, {{QStringLiteral("allowed"), d.decision.allowed},
                                        {QStringLiteral("reason"), d.decision.reason},
                                        {QStringLiteral("decision_id"), d.decisionId},
                                        {QStringLiteral("engagement_id"),
                                         d.decision.engagementId ? QJsonValue(d.decision.engagementId) : QJsonValue()},
                                        {QStringLiteral("incident"), incident}});
            answer.unchanged = true; // counted in memory, written by the flush
            return answer;
        });
}

} // namespace watchpost
