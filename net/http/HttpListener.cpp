#include "net/http/HttpListener.h"

#include "net/http/ResponseWriter.h"

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
                       deps.webhooks.secretStore, deps.webhooks.secrets, &m_network})),
      m_webhooks(std::make_unique<WebhookReceiver>(m_services->webhooks(), deps)),
      m_webhookApi(std::make_unique<WebhookApi>(m_services->webhooks())), m_guard(new TransportGuard(limits, this))
{
    connect(m_guard, &TransportGuard::webhookRefused, this,
            [this](const QString& source, const QString& reason, const QString& detail) {
                m_services->webhooks().refuseEarly(source, reason, detail);
            });
}

HttpListener::~HttpListener()
{
    // Admitted deliveries are committed and answered first; prepared statements go before the connection does.
    m_webhookApi.reset();
    m_webhooks.reset();
    m_secretsApi.reset();
    m_securityApi.reset();
    m_api.reset();
    m_services.reset();
    m_store->closeThreadConnection();
}

Result<quint16> HttpListener::start(const QHostAddress& address, quint16 port)
{
    if (!m_guard->listen(address, port))
        return Error::storage(
            QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(m_guard->errorString()));
    bind(m_guard);
    return m_guard->serverPort();
}

bool HttpListener::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    ++m_served;
    if (TransportGuard::isWebhookPath(request.url().path().toUtf8()))
        m_webhooks->receive(request, makeResponder(request, socket), socket);
    else
        send(request, socket, dispatch(request));
    return true;
}

void HttpListener::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    send(request, socket, ApiResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such route")));
}

ApiResponse HttpListener::dispatch(const QHttpServerRequest& request)
{
    const QString path = request.url().path();
    QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const QByteArray method = methodName(request.method());
    if (segments.size() < 2 || segments.at(0) != QLatin1String("api") || segments.at(1) != QLatin1String("v1"))
        return ApiResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no route %1").arg(path.left(200)));
    segments = segments.mid(2);
    if (segments == QStringList{QStringLiteral("health")}) {
        if (method != "GET")
            return ApiResponse::error(405, QStringLiteral("method_not_allowed"), QStringLiteral("use GET"));
        return ApiResponse::json(200, {{QStringLiteral("status"), QStringLiteral("ok")},
                                       {QStringLiteral("version"), QStringLiteral(WATCHPOST_VERSION)},
                                       {QStringLiteral("schema_version"), m_store->schemaVersion()}});
    }

    // Everything else needs a bearer token: an API key, or a session token exchanged for one.
    const QByteArray authorization = request.value("Authorization");
    if (authorization.isEmpty()) {
        ApiResponse r = ApiResponse::error(401, QStringLiteral("missing_token"),
                                           QStringLiteral("send Authorization: Bearer <token>"));
        r.headers << std::pair<QByteArray, QByteArray>("WWW-Authenticate", "Bearer");
        return r;
    }
    if (!authorization.startsWith("Bearer "))
        return ApiResponse::error(401, QStringLiteral("invalid_token"),
                                  QStringLiteral("the Authorization header must be 'Bearer <token>'"));
    const QString presented = QString::fromLatin1(authorization.mid(7).trimmed());
    if (segments == QStringList{QStringLiteral("auth"), QStringLiteral("sessions")}) {
        if (method != "POST")
            return ApiResponse::error(405, QStringLiteral("method_not_allowed"), QStringLiteral("use POST"));
        return m_securityApi->openSession(presented);
    }
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

    ApiRequest api;
    api.method = method;
    api.query = QUrlQuery(request.url());
    api.contentType = request.value("Content-Type");
    api.body = request.body();
    api.principal = principal.value();
    if (segments.value(0) == QLatin1String("security")) {
        api.segments = segments.mid(1);
        if (auto response = m_api->handle(api))
            return *response;
        if (auto response = m_webhookApi->handle(api))
            return *response;
        if (auto response = m_securityApi->handle(api))
            return *response;
        if (auto response = m_secretsApi->handle(api))
            return *response;
    }
    return ApiResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no route %1").arg(path.left(200)));
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
