#pragma once
// TransportGuard: the QTcpServer the HTTP listener is bound to. QHttpServer 6.4 enforces no limits, so this
// sees every connection's bytes first and answers 413/431/408/411/503 before an oversized request is buffered.

#include <QHash>
#include <QTcpServer>

namespace watchpost {

struct TransportLimits
{
    qint64 maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 1024 * 1024;               // REST API
    qint64 maxWebhookBodyBytes = 25LL * 1024 * 1024; // /api/github/webhooks: GitHub's own cap
    int idleTimeoutMs = 30 * 1000;
    int requestTimeoutMs = 60 * 1000;
    int maxConnectionsPerSource = 64;
    int maxConnections = 512;
};

class TransportGuard : public QTcpServer
{
    Q_OBJECT
public:
    explicit TransportGuard(TransportLimits limits, QObject* parent = nullptr);

    const TransportLimits& limits() const { return m_limits; }
    int openConnections() const { return m_total; }
    quint64 rejectedRequests() const { return m_rejected; }

    // A complete HTTP/1.1 error answer that closes the connection.
    static QByteArray errorResponse(int status, const QByteArray& reason, const QString& code, const QString& message);
    static bool isWebhookPath(const QByteArray& path)
    {
        return path == "/api/github/webhooks" || path.startsWith("/api/github/webhooks/");
    }

Q_SIGNALS:
    // A webhook delivery refused here, before the receiver saw it (oversize).
    void webhookRefused(const QString& source, const QString& reason, const QString& detail);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    friend class ConnectionGuard;
    void connectionClosed(const QString& source);
    void countRejection() { ++m_rejected; }

    TransportLimits m_limits;
    QHash<QString, int> m_perSource;
    int m_total = 0;
    quint64 m_rejected = 0;
};

} // namespace watchpost
