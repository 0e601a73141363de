#include "net/http/HttpListener.h"

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

HttpListener::HttpListener(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock, ChangeNotifier* notifier,
                           TransportLimits limits, WebhookSetup webhooks, std::shared_ptr<SecretStore> secrets,
                           QObject* parent)
    : QAbstractHttpServer(parent), m_store(store), m_clock(clock),
      m_incidents(std::make_unique<IncidentService>(store, clock, notifier)),
      m_api(std::make_unique<IncidentApi>(*m_incidents)),
      m_credentials(
          std::make_unique<CredentialService>(store, clock, secrets, std::make_shared<AuditLog>(store, clock))),
      m_managedSecrets(std::make_unique<ManagedSecretService>(store, clock, secrets, m_credentials->auditLog())),
      m_recovery(std::make_unique<RecoveryService>(*m_credentials, m_incidents.get(), m_managedSecrets.get())),
      m_securityApi(std::make_unique<SecurityApi>(*m_credentials, *m_recovery)),
      m_secretsApi(std::make_unique<SecretsApi>(
          *m_managedSecrets, RotationDeps{store, clock, m_managedSecrets.get(), &m_credentials->sessions(),
                                          webhooks.secretStore, webhooks.secrets, &m_network})),
      m_webhooks(std::make_unique<WebhookService>(store, clock, webhooks.secrets, webhooks.controls, notifier,
                                                  webhooks.secretStore)),
      m_webhookApi(std::make_unique<WebhookApi>(*m_webhooks)), m_guard(new TransportGuard(limits, this))
{
    // The controls start from what the store says: policy and active blocks.
    if (auto policy = WebhookPolicy::load(*store))
        webhooks.controls->setPolicy(policy.value());
    webhooks.controls->setBlocks(m_webhooks->store().activeBlocks(clock->nowMs()));
    m_webhooks->mapPending();
    m_writerThread.setObjectName(QStringLiteral("watchpost-writer"));
    m_writerContext = new QObject;
    m_writerContext->moveToThread(&m_writerThread);
    m_writerThread.start();
    QMetaObject::invokeMethod(
        m_writerContext,
        [this, store, clock, webhooks, notifier] {
            m_writerService =
                new WebhookService(store, clock, webhooks.secrets, webhooks.controls, notifier, webhooks.secretStore);
        },
        Qt::BlockingQueuedConnection);
    m_commitTimer.setSingleShot(true);
    m_commitTimer.setInterval(0);
    connect(&m_commitTimer, &QTimer::timeout, this, &HttpListener::commitWebhooks);
    m_telemetryTimer.setInterval(500);
    connect(&m_telemetryTimer, &QTimer::timeout, this, [this] { m_webhooks->flushTelemetry(); });
    m_telemetryTimer.start();
    connect(m_guard, &TransportGuard::webhookRefused, this,
            [this](const QString& source, const QString& reason, const QString& detail) {
                m_webhooks->refuseEarly(source, reason, detail);
            });
}

HttpListener::~HttpListener()
{
    // Deliveries admitted but not yet committed are committed and answered before the listener goes.
    for (int round = 0; round < 3 && (m_writing || !m_pending.isEmpty()); ++round) {
        QMetaObject::invokeMethod(
            m_writerContext, [] {}, Qt::BlockingQueuedConnection);  // the writer is idle
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall); // its answers are sent
        commitWebhooks();
    }
    QMetaObject::invokeMethod(
        m_writerContext, [] {}, Qt::BlockingQueuedConnection);
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    auto store = m_store;
    QMetaObject::invokeMethod(
        m_writerContext,
        [this, store] {
            delete m_writerService;
            delete m_writerContext;
            store->closeThreadConnection();
        },
        Qt::BlockingQueuedConnection);
    m_writerThread.quit();
    m_writerThread.wait();
    m_webhooks->flushTelemetry();
    // Their prepared statements go before the connection does.
    m_webhookApi.reset();
    m_webhooks.reset();
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
        receiveWebhook(request, socket);
    else
        send(request, socket, dispatch(request));
    return true;
}

void HttpListener::receiveWebhook(const QHttpServerRequest& request, QTcpSocket* socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    if (request.method() != QHttpServerRequest::Method::Post)
        return sendWebhookAnswer(
            responder, {405,
                        QJsonObject{{QStringLiteral("error"),
                                     QJsonObject{{QStringLiteral("code"), QStringLiteral("method_not_allowed")},
                                                 {QStringLiteral("message"), QStringLiteral("use POST")},
                                                 {QStringLiteral("fields"), QJsonArray()}}}},
                        0});
    WebhookRequest r;
    const QString path = request.url().path();
    r.hookId = path.size() > 21 ? path.mid(21) : QStringLiteral("default"); // after "/api/github/webhooks/"
    QHostAddress peer = request.remoteAddress();
    if (peer.protocol() == QAbstractSocket::IPv6Protocol) {
        bool mapped = false;
        const quint32 v4 = peer.toIPv4Address(&mapped);
        if (mapped)
            peer = QHostAddress(v4);
    }
    r.peer = peer.toString();
    r.contentType = request.value("Content-Type");
    r.event = request.value("X-GitHub-Event");
    r.deliveryId = request.value("X-GitHub-Delivery");
    r.signature256 = request.value("X-Hub-Signature-256");
    r.signature1 = request.value("X-Hub-Signature");
    r.userAgent = request.value("User-Agent");
    r.forwardedFor = request.value("X-Forwarded-For");
    r.body = request.body();
    auto admitted = m_webhooks->admit(r);
    if (auto* answer = std::get_if<WebhookAnswer>(&admitted))
        return sendWebhookAnswer(responder, *answer);
    m_pending.append(std::move(std::get<WebhookService::Pending>(admitted)));
    m_waiting.push_back({std::move(responder), QPointer<QTcpSocket>(socket)});
    // Group commit: every delivery read in this pass of the event loop goes into one transaction.
    // WATCHPOST_GROUP_COMMIT=0 commits each delivery on its own (for measuring the difference).
    static const bool grouped = qEnvironmentVariable("WATCHPOST_GROUP_COMMIT") != QLatin1String("0");
    if (!grouped) {
        QList<WebhookService::Pending> one;
        one.swap(m_pending);
        Waiting waiting = std::move(m_waiting.back());
        m_waiting.clear();
        const QList<WebhookAnswer> answers = m_webhooks->commit(one);
        m_webhooks->settled(one);
        sendWebhookAnswer(waiting.responder, answers.value(0));
    } else if (!m_commitTimer.isActive())
        m_commitTimer.start();
}

void HttpListener::commitWebhooks()
{
    if (m_pending.isEmpty() || m_writing)
        return; // a commit in flight: what arrives meanwhile goes into the next batch
    m_writing = true;
    m_inFlight.swap(m_pending);
    m_inFlightWaiting.swap(m_waiting);
    QList<WebhookService::Pending> batch = m_inFlight;
    QMetaObject::invokeMethod(m_writerContext, [this, batch]() mutable {
        const QList<WebhookAnswer> answers = m_writerService->commit(batch);
        QMetaObject::invokeMethod(this, [this, answers] { committed(answers); });
    });
}

void HttpListener::committed(const QList<WebhookAnswer>& answers)
{
    for (size_t i = 0; i < m_inFlightWaiting.size(); ++i)
        if (m_inFlightWaiting[i].socket && m_inFlightWaiting[i].socket->state() == QAbstractSocket::ConnectedState)
            sendWebhookAnswer(m_inFlightWaiting[i].responder, answers.value(qsizetype(i)));
    m_webhooks->settled(m_inFlight);
    m_inFlight.clear();
    m_inFlightWaiting.clear();
    m_writing = false;
    commitWebhooks();
}

void HttpListener::sendWebhookAnswer(QHttpServerResponder& responder, const WebhookAnswer& answer)
{
    const QByteArray body = QJsonDocument(answer.body).toJson(QJsonDocument::Compact);
    responder.writeStatusLine(QHttpServerResponder::StatusCode(answer.status));
    responder.writeHeader("Content-Type", "application/json");
    responder.writeHeader("Content-Length", QByteArray::number(body.size()));
    responder.writeHeader("Cache-Control", "no-store");
    if (answer.retryAfterSeconds > 0)
        responder.writeHeader("Retry-After", QByteArray::number(answer.retryAfterSeconds));
    responder.writeBody(body);
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
    auto principal = m_credentials->authenticate(presented);
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
                write(it->second.responder, answer);
            m_deferred.erase(it);
        });
        return;
    }
    QHttpServerResponder responder = makeResponder(request, socket);
    write(responder, response);
}

void HttpListener::write(QHttpServerResponder& responder, const ApiResponse& response)
{
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
