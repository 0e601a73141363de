#pragma once
// TransportGuard: the QTcpServer the HTTP listener is bound to, and the only reader of every connection's
// socket (plain TCP, or TLS it terminates itself). It frames each request itself (RequestFraming), applies every limit
// from the head before a body byte is read (sizes, the body budget, header-time admission), and hands QHttpServer one
// checked request at a time in canonical form through a GuardedSocket — the next one only after the answer to the
// previous was written.

#include "net/http/ApiMessage.h"
#include "net/http/BodyBudget.h"
#include "net/http/TransportLimits.h"

#include <QHash>
#include <QSslConfiguration>
#include <QTcpServer>

#include <functional>
#include <optional>

namespace watchpost {

class ConnectionGuard;

// What the listener decides for the guard from a request's head.
struct GuardAdmission
{
    // The address a request counts under: the peer, or behind the trusted proxy its last X-Forwarded-For hop.
    std::function<QString(const QString& peer, const QByteArray& forwardedFor)> sourceOf;
    // The trusted proxy's address (exempt from the per-source connection cap), or empty.
    std::function<QString()> trustedProxy;
    // A refusal the listener would give once the body arrived, decided now (webhooks: blocked source, unknown
    // hook, missing delivery headers); nullopt admits the request.
    std::function<std::optional<ApiResponse>(const RequestHead& head, const QString& source)> admitHead;
    // A webhook delivery refused for its declared size.
    std::function<void(const RequestHead& head, const QString& source, const QString& message)> webhookOversize;
};

// The one route on which an upgrade is not refused with 426: the guard frames the request, asks `authorize`
// (nullopt: go ahead), and hands the socket over with the head; the socket is then the handler's.
struct UpgradeRoute
{
    QByteArray path;
    std::function<std::optional<ApiResponse>(const RequestHead& head, const QString& source)> authorize;
    std::function<void(QTcpSocket* socket, const RequestHead& head)> handOver;
};

class TransportGuard : public QTcpServer
{
    Q_OBJECT
public:
    explicit TransportGuard(TransportLimits limits, QObject* parent = nullptr);
    ~TransportGuard() override;

    const TransportLimits& limits() const { return m_limits; }
    void setAdmission(GuardAdmission admission) { m_admission = std::move(admission); }
    void setUpgradeRoute(UpgradeRoute route) { m_upgrade = std::move(route); }
    // TLS on every connection (ServerTls): the guard makes each socket a QSslSocket, runs the handshake under its
    // own deadline, answers plain HTTP with 400, and frames requests only once the connection is encrypted.
    void setTls(std::optional<QSslConfiguration> tls) { m_tls = std::move(tls); }
    bool tls() const { return m_tls.has_value(); }
    int openConnections() const { return m_total; }
    quint64 rejectedRequests() const { return m_rejected; }
    quint64 evictedConnections() const { return m_evicted; }
    const BodyBudget& budget() const { return m_budget; }

    // A complete HTTP/1.1 error answer that closes the connection.
    static QByteArray errorResponse(int status, const QByteArray& reason, const QString& code, const QString& message);
    static bool isWebhookPath(const QByteArray& path)
    {
        return path == "/api/github/webhooks" || path.startsWith("/api/github/webhooks/");
    }

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    friend class ConnectionGuard;
    void connectionClosed(ConnectionGuard* connection, const QString& peer, bool exempt);
    void countRejection() { ++m_rejected; }
    bool evictOldestIncomplete();

    TransportLimits m_limits;
    GuardAdmission m_admission;
    UpgradeRoute m_upgrade;
    std::optional<QSslConfiguration> m_tls;
    BodyBudget m_budget;
    QHash<QString, int> m_perSource;
    QList<ConnectionGuard*> m_connections; // oldest first
    int m_total = 0;
    quint64 m_rejected = 0;
    quint64 m_evicted = 0;
};

} // namespace watchpost
