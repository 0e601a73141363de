#include "net/http/TransportGuard.h"

#include "net/http/ConnectionGuard.h"
#include "net/http/ResponseWriter.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

namespace watchpost {
namespace {
QString peerText(const QHostAddress& address)
{
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    return mapped && address.protocol() == QAbstractSocket::IPv6Protocol ? QHostAddress(v4).toString()
                                                                         : address.toString();
}
} // namespace

TransportGuard::TransportGuard(TransportLimits limits, QObject* parent)
    : QTcpServer(parent), m_limits(limits),
      m_budget(limits.bodyBudgetBytes, limits.bodyBudgetPerSourceBytes, limits.smallBodyReserveBytes,
               limits.smallBodyBytes * limits.bodyMemoryMultiplier)
{
}

TransportGuard::~TransportGuard()
{
    // Sockets no QHttpServer took (none is bound) are owned by their connections: QTcpServer must not delete
    // them again.
    while (hasPendingConnections())
        nextPendingConnection();
}

QByteArray TransportGuard::errorResponse(int status, const QByteArray& reason, const QString& code,
                                         const QString& message)
{
    // The one error envelope and the one set of headers, as every other answer has.
    return http::serialize(ApiResponse::error(status, code, message), reason);
}

bool TransportGuard::evictOldestIncomplete()
{
    for (ConnectionGuard* c : std::as_const(m_connections))
        if (c->incomplete()) {
            ++m_evicted;
            connectionClosed(c, c->peer(), false); // the slot is free now, not once the socket is gone
            c->evict();
            return true;
        }
    return false;
}

void TransportGuard::incomingConnection(qintptr socketDescriptor)
{
    // Not QSslServer: it counts a connection whose handshake stalls against its pending limit and stops accepting.
    // Here a TLS connection is counted, deadlined and evicted like any other from the moment it is accepted.
    QTcpSocket* socket = nullptr;
    if (m_tls) {
        auto* ssl = new QSslSocket(this);
        ssl->setSslConfiguration(*m_tls);
        socket = ssl;
    } else
        socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    const QString peer = peerText(socket->peerAddress());
    const bool exempt = m_admission.trustedProxy && !peer.isEmpty() && m_admission.trustedProxy() == peer;
    if (m_total >= m_limits.maxConnections - m_limits.evictionReserve)
        evictOldestIncomplete();
    if (m_total >= m_limits.maxConnections ||
        (!exempt && m_perSource.value(peer) >= m_limits.maxConnectionsPerSource)) {
        ++m_rejected;
        if (!m_tls) // a TLS client could not read a plain answer before its handshake
            socket->write(errorResponse(503, "Service Unavailable", QStringLiteral("too_many_connections"),
                                        QStringLiteral("too many open connections; retry later")));
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(m_limits.refusedCleanupMs, socket, &QObject::deleteLater);
        return;
    }
    ++m_total;
    ++m_perSource[peer];
    // The guard reads; the socket holds at most this much the guard has not taken yet (backpressure while a
    // request is being answered).
    socket->setReadBufferSize(64 * 1024);
    auto* connection = new ConnectionGuard(socket, this, peer, exempt, m_tls.has_value());
    m_connections.append(connection);
    addPendingConnection(connection->inner());
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(socket, &QTcpSocket::readyRead, Qt::QueuedConnection);
}

void TransportGuard::connectionClosed(ConnectionGuard* connection, const QString& peer, bool /*exempt*/)
{
    if (!m_connections.removeOne(connection))
        return;
    --m_total;
    if (--m_perSource[peer] <= 0)
        m_perSource.remove(peer);
}

} // namespace watchpost
