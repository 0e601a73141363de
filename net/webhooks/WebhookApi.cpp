#include "net/webhooks/WebhookApi.h"

#include "models/sync/SyncTables.h"
#include "net/http/ApiRequestParts.h"
#include "net/http/JsonBody.h"
#include "net/incidents/IncidentJson.h"
#include "net/webhooks/WebhookJson.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>

namespace watchpost {

void WebhookApi::addRoutes(ApiRouteTable& table)
{
    const QString base = QStringLiteral("/api/v1/security/webhooks");
    const QString respond = QStringLiteral("a %1 token cannot change webhook controls");
    table.add({"GET",
               base + QStringLiteral("/deliveries"),
               ApiRoute::Access::Bearer,
               nullptr,
               {},
               [this](const ApiRequest& r) { return deliveries(r); }});
    table.add(
        {"GET", base + QStringLiteral("/sources"), ApiRoute::Access::Bearer, nullptr, {}, [this](const ApiRequest& r) {
             return sources(r);
         }});
    table.add({"POST", base + QStringLiteral("/blocks"), ApiRoute::Access::Bearer, &TokenService::canRespond, respond,
               [this](const ApiRequest& r) { return addBlock(r); }});
    table.add({"DELETE", base + QStringLiteral("/blocks/{source}"), ApiRoute::Access::Bearer, &TokenService::canRespond,
               respond, [this](const ApiRequest& r) { return removeBlock(r, r.params.value(0)); }});
    const QString administer = QStringLiteral("a %1 token cannot change hook secrets or the webhook policy; use an "
                                              "admin token");
    table.add({"PUT", base + QStringLiteral("/hooks/{hook}/secret"), ApiRoute::Access::Bearer,
               &TokenService::canAdminister, administer,
               [this](const ApiRequest& r) { return setSecret(r, r.params.value(0)); }});
    table.add({"DELETE", base + QStringLiteral("/hooks/{hook}/secret"), ApiRoute::Access::Bearer,
               &TokenService::canAdminister, administer,
               [this](const ApiRequest& r) { return removeSecret(r.params.value(0)); }});
    table.add({"PATCH", base + QStringLiteral("/policy"), ApiRoute::Access::Bearer, &TokenService::canAdminister,
               administer, [this](const ApiRequest& r) { return changePolicy(r); }});
}

ApiResponse WebhookApi::setSecret(const ApiRequest& r, const QString& hook)
{
    struct SecretInput
    {
        QByteArray secret;
        int graceSeconds = 0;
    };
    if (!WebhookHookService::validHookId(hook))
        return ApiResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no hook %1").arg(hook.left(64)));
    return withBody(
        r, {"secret", "grace_seconds"},
        [](JsonBody& body) {
            const QString secret = body.string(QStringLiteral("secret"));
            if (secret.isEmpty())
                body.problem(QStringLiteral("secret"), QStringLiteral("secret is required"));
            const auto grace = body.integer(QStringLiteral("grace_seconds"));
            if (grace && (*grace < 0 || *grace > 30LL * 86400))
                body.problem(QStringLiteral("grace_seconds"),
                             QStringLiteral("grace_seconds must be 0 to 2592000 seconds"));
            return SecretInput{secret.toUtf8(), int(grace.value_or(0))};
        },
        [&](const SecretInput& in) {
            if (auto set = m_actions.setHookSecret(hook, in.secret, in.graceSeconds); !set)
                return ApiResponse::fromError(set.error());
            return ApiResponse::json(200, {{QStringLiteral("hook"), hook},
                                           {QStringLiteral("secret_set"), true},
                                           {QStringLiteral("grace_seconds"), in.graceSeconds}});
        });
}

ApiResponse WebhookApi::removeSecret(const QString& hook)
{
    if (!WebhookHookService::validHookId(hook))
        return ApiResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no hook %1").arg(hook.left(64)));
    if (auto removed = m_actions.removeHookSecret(hook); !removed)
        return ApiResponse::fromError(removed.error());
    return ApiResponse::json(200, {{QStringLiteral("hook"), hook}, {QStringLiteral("secret_set"), false}});
}

ApiResponse WebhookApi::changePolicy(const ApiRequest& r)
{
    // The policy's own keys (one list: WebhookPolicy::toMap), each given as a string, number or boolean.
    const QStringList keys = WebhookPolicy{}.toMap().keys();
    return withBody(
        r, keys,
        [this, &keys](JsonBody& body) {
            // The fields given change; the rest stay as they are.
            QHash<QString, QString> map = m_service.controls().policy().toMap();
            for (const QString& k : keys)
                if (const auto v = body.scalarText(k))
                    map.insert(k, v->trimmed());
            return map;
        },
        [&](const QHash<QString, QString>& map) {
            auto policy = WebhookPolicy::fromMap(map);
            if (!policy)
                return ApiResponse::fromError(policy.error());
            if (auto saved = m_actions.savePolicy(*policy); !saved)
                return ApiResponse::fromError(saved.error());
            QJsonObject o;
            const auto now = policy->toMap();
            for (auto it = now.begin(); it != now.end(); ++it)
                o.insert(it.key(), it.value());
            return ApiResponse::json(200, o);
        });
}

ApiResponse WebhookApi::deliveries(const ApiRequest& r)
{
    DeliveryFilter f;
    f.event = r.query.queryItemValue(QStringLiteral("event")).left(100);
    f.outcome = r.query.queryItemValue(QStringLiteral("outcome")).left(100);
    f.text = r.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).left(200);
    const auto page = pageOf(r);
    if (const auto* refusal = std::get_if<ApiResponse>(&page))
        return *refusal;
    const auto [limit, before] = std::get<0>(page);
    const bool withBody = r.query.queryItemValue(QStringLiteral("include")) == QLatin1String("body");
    if (withBody && !SyncTables::mayReadBodies(r.principal.role))
        return ApiResponse::error(403, QStringLiteral("forbidden"),
                                  QStringLiteral("a %1 credential cannot read webhook delivery bodies")
                                      .arg(TokenService::roleName(r.principal.role)));
    return pageAnswer(
        QStringLiteral("deliveries"), m_service.store().deliveries(f, before, limit + 1, withBody),
        m_service.store().deliveryCount(f), limit, "before:",
        [withBody](const WebhookDelivery& d) {
            QJsonObject o = json::delivery(d);
            if (withBody)
                o.insert(QStringLiteral("body"), QString::fromUtf8(d.body));
            return o;
        },
        [](const WebhookDelivery& d) { return d.id; });
}

ApiResponse WebhookApi::sources(const ApiRequest&)
{
    m_service.flushTelemetry();
    const qint64 now = m_service.clock().nowMs();
    const auto read = m_service.store().sources(now - 7LL * 86400 * 1000, now);
    if (!read)
        return ApiResponse::fromError(read.error());
    const QList<SourceSummary>& all = *read;
    QJsonArray items;
    for (const SourceSummary& s : all) {
        QJsonObject reasons;
        for (auto it = s.byReason.begin(); it != s.byReason.end(); ++it)
            reasons.insert(it.key(), it.value());
        QJsonArray samples;
        for (const QString& sample : s.samples)
            samples.append(QJsonDocument::fromJson(sample.toUtf8()).object());
        items.append(QJsonObject{
            {QStringLiteral("source"), s.source},
            {QStringLiteral("refused"), s.refused},
            {QStringLiteral("reasons"), reasons},
            {QStringLiteral("first_at"), s.firstAt.isValid() ? QJsonValue(json::time(s.firstAt)) : QJsonValue()},
            {QStringLiteral("last_at"), s.lastAt.isValid() ? QJsonValue(json::time(s.lastAt)) : QJsonValue()},
            {QStringLiteral("blocked_until"), s.blockedUntil ? QJsonValue(json::time(*s.blockedUntil)) : QJsonValue()},
            {QStringLiteral("block_reason"), s.blockReason.isEmpty() ? QJsonValue() : QJsonValue(s.blockReason)},
            {QStringLiteral("samples"), samples}});
    }
    const WebhookControls::Health health = m_service.controls().health();
    return ApiResponse::json(
        200, {{QStringLiteral("sources"), items},
              {QStringLiteral("total"), int(all.size())},
              {QStringLiteral("next_cursor"), QJsonValue()},
              {QStringLiteral("telemetry"), QJsonObject{{QStringLiteral("degraded"), health.telemetryDegraded},
                                                        {QStringLiteral("error"), health.telemetryError}}}});
}

ApiResponse WebhookApi::addBlock(const ApiRequest& r)
{
    struct BlockInput
    {
        QString source;
        QString reason;
        int durationSeconds = 0;
    };
    return withBody(
        r, {"source", "reason", "duration_s"},
        [](JsonBody& body) {
            const QString source = body.string(QStringLiteral("source")).trimmed();
            const QString reason = body.string(QStringLiteral("reason")).trimmed();
            const auto duration = body.integer(QStringLiteral("duration_s"));
            if (QHostAddress(source).isNull())
                body.problem(QStringLiteral("source"), QStringLiteral("source must be an IP address"));
            if (reason.isEmpty() || reason.size() > 500)
                body.problem(QStringLiteral("reason"), QStringLiteral("a reason of 1 to 500 characters is required"));
            if (!duration || *duration < 1 || *duration > 30LL * 86400)
                body.problem(QStringLiteral("duration_s"), QStringLiteral("duration_s must be 1 to 2592000 seconds"));
            return BlockInput{QHostAddress(source).toString(), reason, int(duration.value_or(0))};
        },
        [&](const BlockInput& in) {
            auto blocked = m_service.block(in.source, in.reason, r.principal.name, in.durationSeconds);
            if (!blocked)
                return ApiResponse::fromError(blocked.error());
            QJsonObject o{{QStringLiteral("source"), blocked->source},
                          {QStringLiteral("reason"), blocked->reason},
                          {QStringLiteral("actor"), blocked->actor},
                          {QStringLiteral("created_at"), json::time(blocked->createdAt)},
                          {QStringLiteral("expires_at"), json::time(blocked->expiresAt)},
                          {QStringLiteral("in_force"), true},
                          {QStringLiteral("stored"), blocked->stored}};
            if (!blocked->stored)
                o.insert(QStringLiteral("store_error"), blocked->storeError);
            return ApiResponse::json(201, o);
        });
}

ApiResponse WebhookApi::removeBlock(const ApiRequest& r, const QString& source)
{
    const QString address = QUrl::fromPercentEncoding(source.toLatin1());
    if (QHostAddress(address).isNull())
        return ApiResponse::error(422, QStringLiteral("validation_failed"),
                                  QStringLiteral("source must be an IP address"), {QStringLiteral("source")});
    auto lifted = m_service.unblock(QHostAddress(address).toString(), r.principal.name);
    if (!lifted)
        return ApiResponse::fromError(lifted.error());
    if (!lifted->wasBlocked && lifted->storedLifted == 0)
        return ApiResponse::error(404, QStringLiteral("not_found"), QStringLiteral("%1 is not blocked").arg(address));
    QJsonObject o{{QStringLiteral("source"), QHostAddress(address).toString()},
                  {QStringLiteral("lifted"), qMax(lifted->storedLifted, lifted->wasBlocked ? 1 : 0)},
                  {QStringLiteral("stored"), lifted->stored}};
    if (!lifted->stored)
        o.insert(QStringLiteral("store_error"), lifted->storeError);
    return ApiResponse::json(200, o);
}

} // namespace watchpost
