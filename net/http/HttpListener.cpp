#include "net/http/HttpListener.h"

#include "net/http/ResponseWriter.h"
#include "net/sync/SyncJson.h"
#include "net/webhooks/WebhookJson.h"

#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

namespace watchpost {
namespace {
QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    default:
        return "OTHER";
    }
}
} // namespace

HttpListener::HttpListener(const DomainDeps& deps, TransportLimits limits, QObject* parent)
    : QAbstractHttpServer(parent), m_store(deps.store), m_services(std::make_unique<DomainServices>(deps)),
      m_api(std::make_unique<IncidentApi>(m_services->incidents())),
      m_securityApi(std::make_unique<SecurityApi>(m_services->credentials(), m_services->recovery())),
      m_secretsApi(std::make_unique<SecretsApi>(
          m_services->secrets(),
          RotationDeps{deps.store, deps.clock, &m_services->secrets(), &m_services->credentials().sessions(),
                       deps.webhooks.secretStore, deps.webhooks.secrets, &m_network,
                       std::shared_ptr<const GitHubConnectionService>(&m_services->github(),
                                                                      [](const GitHubConnectionService*) {})})),
      m_webhooks(std::make_unique<WebhookReceiver>(m_services->webhooks(), deps)),
      m_webhookApi(std::make_unique<WebhookApi>(m_services->webhooks(), m_services->webhookActions())),
      m_syncApi(std::make_unique<SyncApi>(m_services->feed())),
      m_killSwitchApi(std::make_unique<KillSwitchApi>(m_services->killSwitch(), m_services->incidents(), *deps.clock)),
      m_guard(new TransportGuard(limits, this))
{
    addOwnRoutes();
    m_api->addRoutes(m_routes);
    m_webhookApi->addRoutes(m_routes);
    m_securityApi->addRoutes(m_routes);
    m_secretsApi->addRoutes(m_routes);
    m_syncApi->addRoutes(m_routes);
    m_killSwitchApi->addRoutes(m_routes);
    m_githubApi = std::make_unique<GitHubConnectionApi>(m_services->github());
    m_githubApi->addRoutes(m_routes);
    auto webhookOf = [](const RequestHead& head) {
        return WebhookReceiver::requestOf(QString::fromLatin1(head.path), {},
                                          [&head](const char* name) { return head.value(name); });
    };
    GuardAdmission admission;
    std::shared_ptr<WebhookControls> controls = deps.webhooks.controls;
    admission.sourceOf = [controls](const QString& peer, const QByteArray& forwardedFor) {
        return controls->policy().sourceOf(peer, forwardedFor);
    };
    admission.trustedProxy = [controls] { return controls->policy().trustedProxy; };
    admission.admitHead = [this, webhookOf](const RequestHead& head,
                                            const QString& source) -> std::optional<ApiResponse> {
        if (!TransportGuard::isWebhookPath(head.path) || head.method != "POST")
            return std::nullopt;
        WebhookRequest r = webhookOf(head);
        r.peer = source;
        r.forwardedFor.clear(); // the guard already took the trusted proxy's hop
        if (auto refused = m_services->webhooks().admitHead(r))
            return json::webhookAnswer(*refused);
        return std::nullopt;
    };
    admission.webhookOversize = [this, webhookOf](const RequestHead& head, const QString& source,
                                                  const QString& message) {
        WebhookRequest r = webhookOf(head);
        r.peer = source;
        r.forwardedFor.clear();
        m_services->webhooks().refuseEarly(r, WebhookRefusal::Oversize, message);
    };
    m_guard->setAdmission(std::move(admission));
    // Counted shipping decisions are written, and a kill switch held in memory retried, once a second.
    // GitHub's levers planned by any console or process on this store are applied (and restored) from here.
    m_levers = std::make_unique<KillSwitchLeverRunner>(m_store, deps.clock, m_services->github(), &m_network);
    connect(&m_killSwitchTick, &QTimer::timeout, this, [this] {
        m_services->killSwitch().tick();
        m_levers->run();
    });
    m_killSwitchTick.start(1000);
}

HttpListener::~HttpListener()
{
    // Admitted deliveries are committed and answered first; prepared statements go before the connection does.
    m_levers.reset();
    m_syncApi.reset();
    m_webhookApi.reset();
    m_webhooks.reset();
    m_secretsApi.reset();
    m_securityApi.reset();
    m_api.reset();
    m_services.reset();
    m_store->closeThreadConnection();
}

Result<quint16> HttpListener::start(const QHostAddress& address, quint16 port, std::optional<QSslConfiguration> tls)
{
    m_guard->setTls(std::move(tls));
    m_guard->setListenBacklogSize(m_guard->limits().listenBacklog);
    if (!m_guard->listen(address, port))
        return Error::storage(
            QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(m_guard->errorString()));
    bind(m_guard);
    return m_guard->serverPort();
}

bool HttpListener::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    ++m_served;
    const QByteArray method = methodName(request.method());
    const ApiRouteTable::Match match = m_routes.match(method, request.url().path());
    if (match.route && match.route->access == ApiRoute::Access::Webhook)
        m_webhooks->receive(request, makeResponder(request, socket), socket);
    else
        send(request, socket, dispatch(request, method, match));
    return true;
}

void HttpListener::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    send(request, socket, ApiResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such route")));
}

void HttpListener::addOwnRoutes()
{
    m_routes.add(
        {"GET", QStringLiteral("/api/v1/health"), ApiRoute::Access::Public, nullptr, {}, [this](const ApiRequest&) {
             // Healthy means the store answers: a store that cannot be read is a 500, not "ok".
             const auto schema = m_store->schemaVersion();
             if (!schema)
                 return ApiResponse::fromError(schema.error());
             QJsonObject health{{QStringLiteral("status"), QStringLiteral("ok")},
                                {QStringLiteral("version"), QStringLiteral(WATCHPOST_VERSION)},
                                {QStringLiteral("schema_version"), *schema}};
             // Degraded: serving, but something that must be stored is held in memory only.
             if (const auto held = m_services->killSwitch().held()) {
                 health.insert(QStringLiteral("status"), QStringLiteral("degraded"));
                 health.insert(QStringLiteral("problems"),
                               QJsonArray{QStringLiteral("kill switch not persisted — unresolved high-severity "
                                                         "incident: %1")
                                              .arg(held->storeError)});
             }
             return ApiResponse::json(200, health);
         }});
    // The bearer is the API key being exchanged; handled in dispatch() before a principal exists.
    m_routes.add({"POST", QStringLiteral("/api/v1/auth/sessions"), ApiRoute::Access::KeyExchange, nullptr, {}, {}});
    // Who the bearer is: an attached console names the person and knows whether it may act.
    m_routes.add(
        {"GET", QStringLiteral("/api/v1/auth/whoami"), ApiRoute::Access::Bearer, nullptr, {}, [](const ApiRequest& r) {
             return ApiResponse::json(200, {{QStringLiteral("credential_id"), r.principal.tokenId},
                                            {QStringLiteral("name"), r.principal.name},
                                            {QStringLiteral("role"), TokenService::roleName(r.principal.role)},
                                            {QStringLiteral("session"), !r.principal.sessionId.isEmpty()}});
         }});
    // Signed deliveries go to the webhook receiver, which answers after the group commit.
    m_routes.add({"POST", QStringLiteral("/api/github/webhooks"), ApiRoute::Access::Webhook, nullptr, {}, {}});
    m_routes.add({"POST", QStringLiteral("/api/github/webhooks/{hook}"), ApiRoute::Access::Webhook, nullptr, {}, {}});
}

namespace {
ApiResponse methodNotAllowed(const ApiRouteTable::Match& match)
{
    const QByteArray allow = match.allowed.join(", ");
    ApiResponse r = ApiResponse::error(405, QStringLiteral("method_not_allowed"),
                                       QStringLiteral("use %1").arg(QString::fromLatin1(allow)));
    r.headers << std::pair<QByteArray, QByteArray>("Allow", allow);
    return r;
}
} // namespace

ApiResponse HttpListener::dispatch(const QHttpServerRequest& request, const QByteArray& method,
                                   const ApiRouteTable::Match& match)
{
    ApiRequest api;
    api.method = method;
    api.params = match.params;
    api.query = QUrlQuery(request.url());
    api.contentType = request.value("Content-Type");
    api.body = request.body();
    auto answer = [&](ApiResponse response) {
        response.omitBody = match.head;
        return response;
    };
    const auto access = match.pathAccess;
    if (match.route && match.route->access == ApiRoute::Access::Public)
        return answer(match.route->handler(api));
    if (!match.route && (access == ApiRoute::Access::Public || access == ApiRoute::Access::Webhook))
        return methodNotAllowed(match);

    // Everything else needs a bearer token: an API key, or a session token exchanged for one.
    const QByteArray authorization = request.value("Authorization");
    if (authorization.isEmpty()) {
        ApiResponse r = ApiResponse::error(401, QStringLiteral("missing_token"),
                                           QStringLiteral("send Authorization: Bearer <token>"));
        r.headers << std::pair<QByteArray, QByteArray>("WWW-Authenticate", "Bearer");
        return r;
    }
    // The scheme is case-insensitive (RFC 9110 §11.1): "bearer", "BEARER" and "Bearer" are the same.
    const qsizetype space = authorization.indexOf(' ');
    if (space < 0 || authorization.left(space).compare("bearer", Qt::CaseInsensitive) != 0)
        return ApiResponse::error(401, QStringLiteral("invalid_token"),
                                  QStringLiteral("the Authorization header must be 'Bearer <token>'"));
    const QString presented = QString::fromLatin1(authorization.mid(space + 1).trimmed());
    if (access == ApiRoute::Access::KeyExchange)
        return match.route ? m_securityApi->openSession(presented) : methodNotAllowed(match);
    auto principal = m_services->credentials().authenticate(presented);
    if (!principal) {
        if (principal.error().kind == Error::Kind::Storage)
            return ApiResponse::fromError(principal.error());
        ApiResponse r = ApiResponse::error(401, principal.error().code, principal.error().message);
        // Says why (revoked, expired, retired key, re-authentication required), as RFC 6750 allows.
        QByteArray description = principal.error().message.toUtf8();
        description.replace('"', '\'').replace('\\', '/');
        r.headers << std::pair<QByteArray, QByteArray>(
            "WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + description + "\"");
        return r;
    }
    if (!match.route)
        return match.allowed.isEmpty()
                   ? ApiResponse::error(404, QStringLiteral("not_found"),
                                        QStringLiteral("no route %1").arg(request.url().path().left(200)))
                   : methodNotAllowed(match);
    api.principal = principal.value();
    if (match.route->allowed && !match.route->allowed(api.principal.role))
        return ApiResponse::error(403, QStringLiteral("forbidden"),
                                  match.route->forbidden.arg(TokenService::roleName(api.principal.role)));
    ApiResponse response = match.route->handler(api);
    // A committed write names the change feed's head after it: an attached console waits until its replica holds
    // that change, so the page it returns to shows the result.
    if (method != "GET" && method != "HEAD" && response.status / 100 == 2 && !response.deferred && !response.unchanged)
        if (const auto head = m_services->feed().headSeq())
            response.headers << std::pair<QByteArray, QByteArray>(json::kChangeSeqHeader, QByteArray::number(*head));
    return answer(std::move(response));
}

void HttpListener::send(const QHttpServerRequest& request, QTcpSocket* socket, const ApiResponse& response)
{
    if (response.deferred) {
        const quint64 id = ++m_nextDeferred;
        m_deferred.emplace(id, Waiting{makeResponder(request, socket), QPointer<QTcpSocket>(socket)});
        response.deferred([this, id](const ApiResponse& answer) {
            const auto it = m_deferred.find(id);
            if (it == m_deferred.end())
                return;
            if (it->second.socket)
                http::write(it->second.responder, answer);
            m_deferred.erase(it);
        });
        return;
    }
    QHttpServerResponder responder = makeResponder(request, socket);
    http::write(responder, response);
}

} // namespace watchpost
