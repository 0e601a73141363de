#include "HttpListener.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
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

HttpListener::HttpListener(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock, ChangeNotifier* notifier,
                           TransportLimits limits, QObject* parent)
    : QAbstractHttpServer(parent), m_store(store), m_clock(clock),
      m_incidents(std::make_unique<IncidentService>(store, clock, notifier)),
      m_api(std::make_unique<IncidentApi>(*m_incidents)), m_tokens(std::make_unique<TokenService>(store, clock)),
      m_guard(new TransportGuard(limits, this))
{
}

HttpListener::~HttpListener()
{
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

    // Everything else needs a bearer token.
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
    auto principal = m_tokens->authenticate(QString::fromLatin1(authorization.mid(7).trimmed()));
    if (!principal) {
        if (principal.error().kind == Error::Kind::Storage)
            return ApiResponse::fromError(principal.error());
        ApiResponse r = ApiResponse::error(401, principal.error().code, principal.error().message);
        r.headers << std::pair<QByteArray, QByteArray>("WWW-Authenticate", "Bearer error=\"invalid_token\"");
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
    }
    return ApiResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no route %1").arg(path.left(200)));
}

void HttpListener::send(const QHttpServerRequest& request, QTcpSocket* socket, const ApiResponse& response)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.writeStatusLine(QHttpServerResponder::StatusCode(response.status));
    responder.writeHeader("Content-Type", response.contentType);
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    responder.writeHeader("Cache-Control", "no-store");
    responder.writeHeader("X-Content-Type-Options", "nosniff");
    for (const auto& [name, value] : response.headers)
        responder.writeHeader(name, value);
    responder.writeBody(response.body);
}

} // namespace watchpost
