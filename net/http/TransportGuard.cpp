#include "net/http/TransportGuard.h"

#include "net/http/ResponseWriter.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

namespace watchpost {

// ConnectionGuard follows one connection's request boundaries (headers, then Content-Length bytes of body)
// so it can refuse a request from its headers alone. Its readyRead slot is connected before QHttpServer's,
// and a refused request's bytes are drained here so QHttpServer never buffers them.
class ConnectionGuard : public QObject
{
public:
    ConnectionGuard(QTcpSocket* socket, TransportGuard* server, QString source)
        : QObject(socket), m_socket(socket), m_server(server), m_source(std::move(source))
    {
        m_idle.setSingleShot(true);
        m_request.setSingleShot(true);
        connect(&m_idle, &QTimer::timeout, this, [this] { timedOut(m_inRequest); });
        connect(&m_request, &QTimer::timeout, this, [this] { timedOut(true); });
        m_idle.start(m_server->limits().idleTimeoutMs);
    }
    ~ConnectionGuard() override
    {
        if (m_server)
            m_server->connectionClosed(m_source);
    }

    void onReadyRead()
    {
        if (m_rejected) {
            m_socket->readAll();
            return;
        }
        m_idle.start(m_server->limits().idleTimeoutMs);
        const QByteArray fresh = m_socket->peek(m_socket->bytesAvailable());
        qsizetype pos = 0;
        while (pos < fresh.size() && !m_rejected) {
            if (m_bodyRemaining > 0) {
                const qint64 take = qMin<qint64>(m_bodyRemaining, fresh.size() - pos);
                m_bodyRemaining -= take;
                pos += take;
                if (m_bodyRemaining == 0)
                    requestEnded();
                continue;
            }
            if (!m_inRequest) {
                m_inRequest = true;
                m_request.start(m_server->limits().requestTimeoutMs);
            }
            // Accumulate header bytes; the limit bounds this buffer.
            const qsizetype room = m_server->limits().maxHeaderBytes + 4 - m_header.size();
            const qsizetype take = qMin<qsizetype>(room, fresh.size() - pos);
            const qsizetype before = m_header.size();
            m_header += fresh.mid(pos, take);
            const qsizetype end = m_header.indexOf("\r\n\r\n");
            if (end < 0) {
                if (m_header.size() > m_server->limits().maxHeaderBytes)
                    reject(431, "Request Header Fields Too Large", QStringLiteral("headers_too_large"),
                           QStringLiteral("request headers exceed %1 bytes").arg(m_server->limits().maxHeaderBytes));
                pos += take;
                continue;
            }
            pos += end + 4 - before;
            if (end + 4 > m_server->limits().maxHeaderBytes) {
                reject(431, "Request Header Fields Too Large", QStringLiteral("headers_too_large"),
                       QStringLiteral("request headers exceed %1 bytes").arg(m_server->limits().maxHeaderBytes));
                break;
            }
            headersComplete(m_header.left(end));
            m_header.clear();
        }
    }

private:
    void headersComplete(const QByteArray& head)
    {
        qint64 length = 0;
        bool sawLength = false;
        const QList<QByteArray> lines = head.split('\n');
        const QByteArray path = lines.value(0).split(' ').value(1).split('?').value(0);
        const bool webhook = TransportGuard::isWebhookPath(path);
        const qint64 limit = webhook ? m_server->limits().maxWebhookBodyBytes : m_server->limits().maxBodyBytes;
        for (int i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length") {
                bool ok = false;
                const qint64 v = value.toLongLong(&ok);
                if (!ok || v < 0 || (sawLength && v != length))
                    return reject(400, "Bad Request", QStringLiteral("bad_content_length"),
                                  QStringLiteral("Content-Length is not a single non-negative number"));
                length = v;
                sawLength = true;
            } else if (name == "transfer-encoding")
                return reject(411, "Length Required", QStringLiteral("length_required"),
                              QStringLiteral("chunked bodies are not accepted; send Content-Length"));
        }
        if (length > limit) {
            const QString message =
                QStringLiteral("request body of %1 bytes exceeds the limit of %2 bytes").arg(length).arg(limit);
            if (webhook)
                Q_EMIT m_server->webhookRefused(m_source, QStringLiteral("oversize"), message);
            return reject(413, "Payload Too Large", QStringLiteral("payload_too_large"), message);
        }

        m_bodyRemaining = length;
        if (length == 0)
            requestEnded();
    }

    void requestEnded()
    {
        m_inRequest = false;
        m_request.stop();
    }

    void timedOut(bool midRequest)
    {
        if (m_rejected)
            return;
        if (midRequest)
            reject(408, "Request Timeout", QStringLiteral("request_timeout"),
                   QStringLiteral("the request was not received in time"));
        else
            m_socket->disconnectFromHost();
    }

    void reject(int status, const QByteArray& reason, const QString& code, const QString& message)
    {
        m_rejected = true;
        m_server->countRejection();
        m_idle.stop();
        m_request.stop();
        m_socket->readAll(); // QHttpServer's slot runs after this one and finds nothing to buffer
        m_socket->setReadBufferSize(64 * 1024);
        m_socket->write(TransportGuard::errorResponse(status, reason, code, message));
        // Lingering close: send the answer, half-close, and keep discarding what the client still sends, so
        // its TCP stack does not throw the answer away on a reset. Cut off after a few seconds either way.
        QTcpSocket* socket = m_socket;
        auto halfClose = [socket] {
            if (socket->bytesToWrite() == 0 && socket->state() == QAbstractSocket::ConnectedState)
                ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
        };
        connect(m_socket, &QTcpSocket::bytesWritten, this, halfClose);
        m_socket->flush();
        halfClose();
        QTimer::singleShot(5000, m_socket, [socket] { socket->abort(); });
    }

    QTcpSocket* m_socket;
    QPointer<TransportGuard> m_server;
    QString m_source;
    QByteArray m_header;
    qint64 m_bodyRemaining = 0;
    bool m_inRequest = false;
    bool m_rejected = false;
    QTimer m_idle;
    QTimer m_request;
};

TransportGuard::TransportGuard(TransportLimits limits, QObject* parent) : QTcpServer(parent), m_limits(limits) {}

QByteArray TransportGuard::errorResponse(int status, const QByteArray& reason, const QString& code,
                                         const QString& message)
{
    // The one error envelope and the one set of headers, as every other answer has.
    return http::serialize(ApiResponse::error(status, code, message), reason);
}

void TransportGuard::incomingConnection(qintptr socketDescriptor)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    const QString source = socket->peerAddress().toString();
    if (m_total >= m_limits.maxConnections || m_perSource.value(source) >= m_limits.maxConnectionsPerSource) {
        ++m_rejected;
        socket->write(errorResponse(503, "Service Unavailable", QStringLiteral("too_many_connections"),
                                    QStringLiteral("too many open connections; retry later")));
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(2000, socket, &QObject::deleteLater);
        return;
    }
    ++m_total;
    ++m_perSource[source];
    auto* guard = new ConnectionGuard(socket, this, source);
    connect(socket, &QTcpSocket::readyRead, guard, &ConnectionGuard::onReadyRead);
    addPendingConnection(socket);
}

void TransportGuard::connectionClosed(const QString& source)
{
    --m_total;
    if (--m_perSource[source] <= 0)
        m_perSource.remove(source);
}

} // namespace watchpost
