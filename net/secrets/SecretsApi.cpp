#include "net/secrets/SecretsApi.h"

#include "models/secrets/GracePeriod.h"

#include "net/http/ApiRequestParts.h"
#include "net/incidents/IncidentJson.h"
#include "net/secrets/SecretJson.h"

#include <QJsonArray>

namespace watchpost {

SecretsApi::~SecretsApi() = default;

void SecretsApi::addRoutes(ApiRouteTable& table)
{
    const QString base = QStringLiteral("/api/v1/security/secrets");
    const QString forbidden = QStringLiteral("a %1 credential cannot manage secrets");
    // The managed secret a route's {name} names, or the 404 to send (500 when the store cannot say).
    auto withSecret = [this](ApiResponse (SecretsApi::*handler)(const ApiRequest&, const ManagedSecret&)) {
        return [this, handler](const ApiRequest& r) {
            const QString name = r.params.value(0);
            const auto secret = m_secrets.secret(name);
            if (!secret)
                return ApiResponse::fromError(secret.error());
            if (!secret->has_value())
                return ApiResponse::error(404, QStringLiteral("not_found"),
                                          QStringLiteral("no managed secret %1").arg(name.left(64)));
            return (this->*handler)(r, **secret);
        };
    };
    table.add({"POST", base, ApiRoute::Access::Bearer, &TokenService::canAdminister, forbidden,
               [this](const ApiRequest& r) { return create(r); }});
    table.add({"GET", base, ApiRoute::Access::Bearer, &TokenService::canAdminister, forbidden,
               [this](const ApiRequest& r) { return list(r); }});
    table.add({"POST", base + QStringLiteral("/{name}/rotations"), ApiRoute::Access::Bearer,
               &TokenService::canAdminister, forbidden, withSecret(&SecretsApi::rotate)});
    table.add({"GET", base + QStringLiteral("/{name}/rotations"), ApiRoute::Access::Bearer,
               &TokenService::canAdminister, forbidden, withSecret(&SecretsApi::history)});
    table.add({"POST", base + QStringLiteral("/{name}/rollback"), ApiRoute::Access::Bearer,
               &TokenService::canAdminister, forbidden, withSecret(&SecretsApi::rollback)});
}

ApiResponse SecretsApi::create(const ApiRequest& r)
{
    struct NewSecret
    {
        QString name;
        QString kind;
        QJsonObject config;
        QByteArray token;
    };
    return withBody(
        r,
        {"name", "kind", "health_check_url", "hook", "repository", "organization", "github_hook_id", "api_base_url",
         "api_token", "ping_timeout_s"},
        [](JsonBody& body) {
            NewSecret in{body.string(QStringLiteral("name")), body.string(QStringLiteral("kind")), {}, {}};
            for (const char* key : {"health_check_url", "hook", "repository", "organization", "api_base_url"})
                if (auto v = body.optionalString(QLatin1String(key)))
                    in.config.insert(QLatin1String(key), *v);
            if (auto v = body.integer(QStringLiteral("github_hook_id")))
                in.config.insert(QStringLiteral("github_hook_id"), *v);
            if (auto v = body.integer(QStringLiteral("ping_timeout_s")))
                in.config.insert(QStringLiteral("ping_timeout_s"), *v);
            in.token = body.optionalString(QStringLiteral("api_token")).value_or(QString()).toUtf8();
            return in;
        },
        [&](const NewSecret& in) {
            auto created = m_secrets.create(in.name, in.kind, in.config, in.token, r.principal.name);
            if (!created)
                return ApiResponse::fromError(created.error());
            const auto o = json::secret(m_secrets, created.value());
            if (!o)
                return ApiResponse::fromError(o.error());
            return ApiResponse::json(201, *o);
        });
}

ApiResponse SecretsApi::list(const ApiRequest&)
{
    if (auto expired = m_secrets.expireGraceWindows(); !expired)
        return ApiResponse::fromError(expired.error()); // a version past its grace window is never listed as live
    const auto all = m_secrets.list();
    if (!all)
        return ApiResponse::fromError(all.error());
    QJsonArray items;
    for (const ManagedSecret& s : *all) {
        const auto o = json::secret(m_secrets, s);
        if (!o)
            return ApiResponse::fromError(o.error());
        items << *o;
    }
    return ApiResponse::json(200, {{QStringLiteral("secrets"), items},
                                   {QStringLiteral("total"), int(all->size())},
                                   {QStringLiteral("next_cursor"), QJsonValue()}});
}

ApiResponse SecretsApi::rotate(const ApiRequest& r, const ManagedSecret& secret)
{
    struct RotationInput
    {
        RotationOptions options;
        QString reason;
    };
    return withBody(
        r, {"grace_seconds", "value", "reason"},
        [&](JsonBody& body) {
            RotationInput in;
            RotationOptions& options = in.options;
            options.actor = r.principal.name;
            options.graceSeconds = int(body.integer(QStringLiteral("grace_seconds")).value_or(0));
            if (const auto problem = GracePeriod::problem(body.integer(QStringLiteral("grace_seconds")).value_or(0)))
                body.problem(QStringLiteral("grace_seconds"), *problem);
            options.enteredValue = body.optionalString(QStringLiteral("value")).value_or(QString()).toUtf8();
            in.reason = body.optionalString(QStringLiteral("reason")).value_or(QString()).trimmed().left(500);
            return in;
        },
        [&](const RotationInput& in) {
            const RotationOptions& options = in.options;
            if (auto ready = SecretRotation::canStart(m_secrets, secret.name); !ready)
                return ApiResponse::fromError(ready.error());
            // Why it was asked for, as the console records it.
            if (!in.reason.isEmpty())
                if (auto asked = m_secrets.audit().append(options.actor, AuditAction::RotationRequested,
                                                          {QStringLiteral("secret:") + secret.name},
                                                          QStringLiteral("succeeded"), in.reason);
                    !asked)
                    return ApiResponse::fromError(asked.error());
            auto target = makeRotationTarget(secret, m_deps);
            if (!target)
                return ApiResponse::error(503, QStringLiteral("unavailable"), target.error().message);
            auto* rotation = new SecretRotation(m_secrets, secret, std::move(target.value()), options, &m_running);
            ApiResponse later;
            later.deferred = [rotation](std::function<void(const ApiResponse&)> answer) {
                QObject::connect(rotation, &SecretRotation::finished, rotation,
                                 [rotation, answer](const RotationRecord& record) {
                                     answer(ApiResponse::json(201, json::rotation(record)));
                                     rotation->deleteLater();
                                 });
                rotation->start();
            };
            return later;
        },
        true);
}

ApiResponse SecretsApi::rollback(const ApiRequest& r, const ManagedSecret& secret)
{
    return withBody(
        r, {"reason"},
        [](JsonBody& body) {
            const QString reason = body.string(QStringLiteral("reason")).trimmed();
            if (reason.isEmpty())
                body.problem(QStringLiteral("reason"), QStringLiteral("a rollback needs a reason"));
            return reason;
        },
        [&](const QString& reason) {
            auto target = makeRotationTarget(secret, m_deps);
            if (!target)
                return ApiResponse::error(503, QStringLiteral("unavailable"), target.error().message);
            ApiResponse later;
            auto shared = std::make_shared<std::unique_ptr<RotationTarget>>(std::move(target.value()));
            later.deferred = [this, secret, shared, actor = r.principal.name,
                              reason](std::function<void(const ApiResponse&)> answer) {
                SecretRotation::rollback(
                    m_secrets, secret, std::move(*shared), actor, reason, [answer](bool ok, const QString& detail) {
                        answer(ApiResponse::json(
                            ok ? 200 : 502,
                            {{QStringLiteral("status"), ok ? QStringLiteral("rolled_back") : QStringLiteral("failed")},
                             {QStringLiteral("detail"), detail}}));
                    });
            };
            return later;
        });
}

ApiResponse SecretsApi::history(const ApiRequest& r, const ManagedSecret& secret)
{
    const auto page = pageOf(r);
    if (const auto* refusal = std::get_if<ApiResponse>(&page))
        return *refusal;
    const auto [limit, before] = std::get<0>(page);
    const auto read = m_secrets.rotations(secret.name); // newest first
    if (!read)
        return ApiResponse::fromError(read.error());
    QList<RotationRecord> shown;
    for (const RotationRecord& rotation : *read)
        if (!before || rotation.id < *before)
            shown << rotation;
    const int total = int(read->size());
    if (shown.size() > limit + 1)
        shown.resize(limit + 1);
    return pageAnswer(
        QStringLiteral("rotations"), Result<QList<RotationRecord>>(shown), Result<int>(total), limit,
        "before:", [](const RotationRecord& rotation) { return json::rotation(rotation); },
        [](const RotationRecord& rotation) { return rotation.id; });
}

} // namespace watchpost
