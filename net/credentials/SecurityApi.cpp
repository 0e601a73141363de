#include "net/credentials/SecurityApi.h"

#include "net/credentials/CredentialJson.h"

#include "net/http/ApiRequestParts.h"
#include "net/incidents/IncidentJson.h"

#include <QJsonArray>

namespace watchpost {
namespace {

QList<qint64> idList(JsonBody& body, const QString& key)
{
    QList<qint64> ids;
    const QJsonArray array = body.array(key);
    for (const QJsonValue& v : array) {
        if (!v.isDouble() || v.toDouble() != double(v.toInteger()) || v.toInteger() < 1) {
            body.problem(key,
                         QStringLiteral("%1 must be an array of credential ids (positive whole numbers)").arg(key));
            return {};
        }
        ids << v.toInteger();
    }
    return ids;
}

QJsonArray reauthenticated(const QList<std::pair<QString, QDateTime>>& since)
{
    QJsonArray back;
    for (const auto& [name, at] : since)
        back << QJsonObject{{QStringLiteral("credential"), name}, {QStringLiteral("at"), json::time(at)}};
    return back;
}
} // namespace

void SecurityApi::addRoutes(ApiRouteTable& table)
{
    const QString base = QStringLiteral("/api/v1/security");
    auto admin = [&](const char* method, const QString& path, const char* what,
                     std::function<ApiResponse(const ApiRequest&)> handler) {
        table.add({method, base + path, ApiRoute::Access::Bearer, &TokenService::canAdminister,
                   QStringLiteral("a %1 credential cannot ") + QLatin1String(what), std::move(handler)});
    };
    admin("POST", QStringLiteral("/credentials"), "create credentials",
          [this](const ApiRequest& r) { return createCredential(r); });
    admin("GET", QStringLiteral("/credentials"), "list credentials",
          [this](const ApiRequest& r) { return listCredentials(r); });
    admin("POST", QStringLiteral("/credentials/{id}/revoke"), "revoke credentials",
          [this](const ApiRequest& r) { return revoke(r, r.params.value(0)); });
    admin("GET", QStringLiteral("/sessions"), "list sessions", [this](const ApiRequest& r) { return listSessions(r); });
    admin("POST", QStringLiteral("/recovery/token-compromise"), "run a token-compromise recovery",
          [this](const ApiRequest& r) { return recover(r); });
    admin("GET", QStringLiteral("/recovery/token-compromise"), "run a token-compromise recovery",
          [this](const ApiRequest& r) { return recoveryState(r); });
    table.add({"GET", base + QStringLiteral("/audit"), ApiRoute::Access::Bearer, &TokenService::canAudit,
               QStringLiteral("a %1 credential cannot read the audit log"),
               [this](const ApiRequest& r) { return audit(r); }});
}

ApiResponse SecurityApi::openSession(const QString& apiKey)
{
    auto session = m_credentials.openSession(apiKey);
    if (!session) {
        if (session.error().kind == Error::Kind::Storage)
            return ApiResponse::fromError(session.error());
        ApiResponse a = ApiResponse::error(401, session.error().code, session.error().message);
        a.headers << std::pair<QByteArray, QByteArray>(
            "WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" +
                                    session.error().message.toLatin1().replace('"', '\'') + "\"");
        return a;
    }
    return ApiResponse::json(201, {{QStringLiteral("session_token"), session->token},
                                   {QStringLiteral("session_id"), session->id},
                                   {QStringLiteral("key_id"), session->keyId},
                                   {QStringLiteral("expires_at"), json::time(session->expiresAt)}});
}

ApiResponse SecurityApi::createCredential(const ApiRequest& r)
{
    struct NewCredential
    {
        QString name;
        QString role;
        QString owner;
        std::optional<QDateTime> expires;
    };
    return withBody(
        r, {"name", "role", "expires_at", "owner"},
        [](JsonBody& body) {
            return NewCredential{body.string(QStringLiteral("name")), body.string(QStringLiteral("role")),
                                 body.optionalString(QStringLiteral("owner")).value_or(QString()),
                                 body.time(QStringLiteral("expires_at"))};
        },
        [&](const NewCredential& in) {
            auto created = m_credentials.create(in.name, in.role, in.owner, in.expires, r.principal.name);
            if (!created)
                return ApiResponse::fromError(created.error());
            const auto stored = m_credentials.credential(created->id);
            if (!stored || !stored->has_value())
                return ApiResponse::fromError(
                    stored ? Error::storage(QStringLiteral("credential %1 was not stored").arg(created->id))
                           : stored.error());
            QJsonObject o = json::credential(**stored);
            o.insert(QStringLiteral("token"), created->token);
            return ApiResponse::json(201, o);
        });
}

ApiResponse SecurityApi::listCredentials(const ApiRequest&)
{
    return listAnswer(QStringLiteral("credentials"), m_credentials.list(),
                      [](const CredentialInfo& c) { return json::credential(c); });
}

ApiResponse SecurityApi::revoke(const ApiRequest& r, const QString& idText)
{
    bool ok = false;
    const qint64 id = idText.toLongLong(&ok);
    const auto existing = ok && id > 0 ? m_credentials.credential(id) : std::optional<CredentialInfo>();
    if (!existing)
        return ApiResponse::fromError(existing.error());
    if (!existing->has_value())
        return ApiResponse::error(404, QStringLiteral("not_found"),
                                  QStringLiteral("no credential %1").arg(idText.left(40)));
    struct Revocation
    {
        QString reason;
        std::optional<SessionPolicy> policy;
    };
    return withBody(
        r, {"reason", "sessions"},
        [](JsonBody& body) {
            Revocation in{body.string(QStringLiteral("reason")), std::nullopt};
            in.policy = CredentialService::policyFromName(
                body.optionalString(QStringLiteral("sessions")).value_or(QStringLiteral("immediate")));
            if (!in.policy)
                body.problem(QStringLiteral("sessions"),
                             QStringLiteral("sessions must be \"immediate\" or \"at_expiry\""));
            if (in.reason.trimmed().isEmpty())
                body.problem(QStringLiteral("reason"), QStringLiteral("a revocation needs a reason"));
            return in;
        },
        [&](const Revocation& in) {
            auto report = m_credentials.revoke({id}, in.reason, *in.policy, r.principal.name);
            if (!report)
                return ApiResponse::fromError(report.error());
            return ApiResponse::json(200, json::revocation(*report));
        });
}

ApiResponse SecurityApi::listSessions(const ApiRequest& r)
{
    std::optional<qint64> credential;
    if (const QString c = r.query.queryItemValue(QStringLiteral("credential_id")); !c.isEmpty()) {
        bool ok = false;
        credential = c.toLongLong(&ok);
        if (!ok)
            return badParameter(QStringLiteral("credential_id"),
                                QStringLiteral("credential_id must be a whole number"));
    }
    const QString active = r.query.queryItemValue(QStringLiteral("active"));
    if (!active.isEmpty() && active != QLatin1String("true") && active != QLatin1String("false"))
        return badParameter(QStringLiteral("active"), QStringLiteral("active must be true or false"));
    return listAnswer(QStringLiteral("sessions"),
                      m_credentials.sessions().sessions(credential, active != QLatin1String("false")),
                      [](const SessionInfo& s) { return json::session(s); });
}

ApiResponse SecurityApi::recover(const ApiRequest& r)
{
    return withBody(
        r, {"credential_ids", "session_ids", "rotate_signing_key", "reason", "incident_id"},
        [](JsonBody& body) {
            RecoveryRequest request;
            request.credentialIds = idList(body, QStringLiteral("credential_ids"));
            request.leakedSessionIds = body.stringList(QStringLiteral("session_ids"));
            request.reason = body.string(QStringLiteral("reason"));
            request.incidentId = body.integer(QStringLiteral("incident_id"));
            request.rotateSigningKey = body.boolean(QStringLiteral("rotate_signing_key")).value_or(false);
            if (request.credentialIds.isEmpty() && request.leakedSessionIds.isEmpty())
                body.problem(QStringLiteral("credential_ids"),
                             QStringLiteral("name the compromised credential_ids (or session_ids)"));
            return request;
        },
        [&](const RecoveryRequest& request) {
            auto report = m_recovery.tokenCompromise(request, r.principal.name);
            if (!report)
                return ApiResponse::fromError(report.error());
            QJsonObject o = json::recovery(*report);
            // The recovery is done and its report stands; who has signed in again since is read after it.
            const auto back = m_recovery.reauthenticatedSinceLatest();
            o.insert(QStringLiteral("reauthenticated"), back ? reauthenticated(*back) : QJsonValue());
            if (!back)
                o.insert(QStringLiteral("reauthenticated_error"), back.error().message);
            return ApiResponse::json(200, o);
        });
}

ApiResponse SecurityApi::recoveryState(const ApiRequest&)
{
    const auto read = m_recovery.latest();
    if (!read)
        return ApiResponse::fromError(read.error());
    const auto back = m_recovery.reauthenticatedSinceLatest();
    if (!back)
        return ApiResponse::fromError(back.error());
    const std::optional<RecoveryReport>& latest = *read;
    return ApiResponse::json(200, {{QStringLiteral("latest"),
                                    latest ? QJsonValue(QJsonObject{{QStringLiteral("id"), latest->id},
                                                                    {QStringLiteral("at"), json::time(latest->at)},
                                                                    {QStringLiteral("status"), latest->status()},
                                                                    {QStringLiteral("manual_steps"),
                                                                     QJsonArray::fromStringList(latest->manualSteps)}})
                                           : QJsonValue()},
                                   {QStringLiteral("reauthenticated"), reauthenticated(*back)}});
}

ApiResponse SecurityApi::audit(const ApiRequest& r)
{
    const auto page = pageOf(r);
    if (const auto* refusal = std::get_if<ApiResponse>(&page))
        return *refusal;
    const auto [limit, before] = std::get<0>(page);
    AuditFilter f{r.query.queryItemValue(QStringLiteral("target"), QUrl::FullyDecoded).left(200),
                  r.query.queryItemValue(QStringLiteral("action")).left(100)};
    return pageAnswer(
        QStringLiteral("records"), m_credentials.audit().list(f, before, limit + 1), m_credentials.audit().count(f),
        limit, "before:", [](const AuditRecord& a) { return json::auditRecord(a); },
        [](const AuditRecord& a) { return a.id; });
}

} // namespace watchpost
