#pragma once
// HttpListener: the QHttpServer-based listener — routing, bearer-token auth and JSON errors for /api/v1, and
// webhook deliveries handed to the WebhookReceiver.
// Lives on the listener thread with its own store connection and services.

#include "models/services/DomainServices.h"
#include "net/credentials/SecurityApi.h"
#include "net/github/GitHubConnectionApi.h"
#include "net/github/KillSwitchLeverRunner.h"
#include "net/http/TransportGuard.h"
#include "net/incidents/IncidentApi.h"
#include "net/killswitch/KillSwitchApi.h"
#include "net/secrets/SecretsApi.h"
#include "net/sync/SyncApi.h"
#include "net/webhooks/WebhookApi.h"
#include "net/webhooks/WebhookReceiver.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QHttpServerResponder>
#include <QPointer>
#include <QThread>
#include <QTimer>
#include <map>
#include <memory>
#include <vector>

namespace watchpost {

class HttpListener : public QAbstractHttpServer
{
    Q_OBJECT
public:
    explicit HttpListener(const DomainDeps& deps, TransportLimits limits = {}, QObject* parent = nullptr);
    ~HttpListener() override;

    // Binds the guard; returns the real port (port 0 picks a free one) or an error naming the address. With `tls`
    // every connection is HTTPS (ServerTls), terminated by the guard.
    Result<quint16> start(const QHostAddress& address, quint16 port, std::optional<QSslConfiguration> tls = {});
    quint64 requestsServed() const { return m_served; }
    TransportGuard* guard() const { return m_guard; }
    // Every route this listener answers (docs/api.md is checked against it).
    const ApiRouteTable& routes() const { return m_routes; }

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    void addOwnRoutes();
    ApiResponse dispatch(const QHttpServerRequest& request, const QByteArray& method,
                         const ApiRouteTable::Match& match);
    void send(const QHttpServerRequest& request, QTcpSocket* socket, const ApiResponse& response);

    std::shared_ptr<Store> m_store;
    // This thread's services; every handler below works through them.
    std::unique_ptr<DomainServices> m_services;
    std::unique_ptr<IncidentApi> m_api;
    std::unique_ptr<SecurityApi> m_securityApi;
    QNetworkAccessManager m_network; // rotations talk to GitHub and health checks from here
    std::unique_ptr<SecretsApi> m_secretsApi;
    std::unique_ptr<WebhookReceiver> m_webhooks;
    std::unique_ptr<WebhookApi> m_webhookApi;
    std::unique_ptr<SyncApi> m_syncApi;
    std::unique_ptr<KillSwitchApi> m_killSwitchApi;
    std::unique_ptr<KillSwitchLeverRunner> m_levers;
    std::unique_ptr<GitHubConnectionApi> m_githubApi;
    struct Waiting
    {
        QHttpServerResponder responder;
        QPointer<QTcpSocket> socket;
    };
    std::map<quint64, Waiting> m_deferred; // answers that come later (rotations)
    quint64 m_nextDeferred = 0;
    TransportGuard* m_guard = nullptr;
    ApiRouteTable m_routes;
    quint64 m_served = 0;
    QTimer m_killSwitchTick;
};

} // namespace watchpost
