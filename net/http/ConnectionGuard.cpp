#include "net/http/ConnectionGuard.h"

#include "net/http/GuardedSocket.h"
#include "net/http/ResponseWriter.h"
#include "net/http/TransportGuard.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <sys/socket.h>

namespace watchpost {

ConnectionGuard::ConnectionGuard(QTcpSocket* socket, TransportGuard* server, QString peer, bool exempt, bool tls)
    : QObject(socket), m_socket(socket), m_inner(new GuardedSocket(socket, socket)), m_server(server),
      m_peer(std::move(peer)), m_exempt(exempt), m_phase(tls ? Phase::Handshake : Phase::Head),
      m_parser(server->limits().framing)
{
    const TransportLimits& limits = server->limits();
    for (QTimer* t : {&m_handshakeDeadline, &m_idle, &m_headerDeadline, &m_requestDeadline})
        t->setSingleShot(true);
    connect(&m_handshakeDeadline, &QTimer::timeout, this, [this] {
        // Nothing can be answered mid-handshake: the connection is cut, as a slow client's is.
        m_server->countRejection();
        m_phase = Phase::Closing;
        m_socket->abort();
    });
    connect(&m_idle, &QTimer::timeout, this, [this] {
        if (m_phase == Phase::Head && !m_parser.started())
            m_socket->disconnectFromHost();
    });
    connect(&m_headerDeadline, &QTimer::timeout, this, [this] {
        timedOut(QStringLiteral("the request headers were not received within %1 ms")
                     .arg(m_server->limits().headerTimeoutMs));
    });
    connect(&m_requestDeadline, &QTimer::timeout, this, [this] {
        timedOut(QStringLiteral("the request was not received within %1 ms").arg(m_server->limits().requestTimeoutMs));
    });
    m_bodyRate.setInterval(limits.bodyRateCheckMs);
    connect(&m_bodyRate, &QTimer::timeout, this, &ConnectionGuard::checkBodyRate);
    if (auto* ssl = qobject_cast<QSslSocket*>(socket); ssl && tls) {
        connect(ssl, &QSslSocket::encrypted, this, &ConnectionGuard::encrypted);
        connect(ssl, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
            if (m_phase == Phase::Handshake) { // a failed handshake (an old protocol, no shared cipher) ends here
                m_server->countRejection();
                m_phase = Phase::Closing;
                m_handshakeDeadline.stop();
                // The TLS alert saying why is on its way out: closed after it, cut if the client does not read.
                // Not from inside the signal: the backend is still in its handshake call and would use a freed
                // session.
                QTcpSocket* socket = m_socket;
                QMetaObject::invokeMethod(
                    socket, [socket] { socket->disconnectFromHost(); }, Qt::QueuedConnection);
                QTimer::singleShot(m_server->limits().lingerMs, socket, [socket] { socket->abort(); });
            }
        });
        m_handshakeDeadline.start(limits.handshakeTimeoutMs);
    } else
        m_idle.start(limits.idleTimeoutMs);

    m_inner->onAnswered = [this] { answered(); };
    m_inner->onCloseRequested = [this] { closeGracefully(); };
    connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::pump);
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        if (m_inner)
            m_inner->closedByPeer();
        m_socket->deleteLater();
    });
}

ConnectionGuard::~ConnectionGuard()
{
    releaseBudget();
    if (m_server)
        m_server->connectionClosed(this, m_peer, m_exempt);
}

bool ConnectionGuard::incomplete() const
{
    if (m_phase == Phase::Body || m_phase == Phase::Handshake)
        return true;
    return m_phase == Phase::Head && (m_parser.started() || !m_completedOne);
}

void ConnectionGuard::evict()
{
    m_phase = Phase::Closing;
    m_socket->abort();
}

void ConnectionGuard::schedulePump()
{
    if (m_pumpQueued)
        return;
    m_pumpQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_pumpQueued = false;
            pump();
        },
        Qt::QueuedConnection);
}

void ConnectionGuard::pump()
{
    if (m_phase == Phase::Closing) {
        // Lingering close: drain so the client's stack does not reset the answer away — but only so much. Past
        // that nothing more is read, and a moment later (time for the client to read the answer it already
        // has) the connection is cut.
        if (m_drained <= m_server->limits().lingerDrainBytes) {
            m_drained += m_socket->skip(m_socket->bytesAvailable());
            if (m_drained > m_server->limits().lingerDrainBytes)
                QTimer::singleShot(m_server->limits().lingerAfterDrainMs, m_socket,
                                   [socket = m_socket] { socket->abort(); });
        }
        return;
    }
    if (m_phase == Phase::Handshake)
        return handshake();
    while (m_socket->bytesAvailable() > 0) {
        if (m_phase == Phase::Head) {
            const QByteArray bytes = m_socket->peek(qMin<qint64>(m_socket->bytesAvailable(), 4 * 1024));
            const bool wasStarted = m_parser.started();
            const HeadParser::Step step = m_parser.feed(bytes);
            m_socket->skip(step.consumed);
            if (!wasStarted && m_parser.started()) {
                m_idle.stop();
                m_headerDeadline.start(m_server->limits().headerTimeoutMs);
                m_requestDeadline.start(m_server->limits().requestTimeoutMs);
            }
            if (step.state == HeadParser::State::Refused) {
                const FramingRefusal& r = m_parser.refusal();
                return refuse(r.status, r.reason, r.code, r.message);
            }
            if (step.state == HeadParser::State::Done)
                headComplete();
        } else if (m_phase == Phase::Discard) {
            m_bodyLeft -= m_socket->skip(qMin(m_bodyLeft, m_socket->bytesAvailable()));
            if (m_bodyLeft == 0)
                nextRequest();
        } else if (m_phase == Phase::Body) {
            const QByteArray bytes = m_socket->read(qMin(m_bodyLeft, m_socket->bytesAvailable()));
            m_bodyLeft -= bytes.size();
            m_bodyReceived += bytes.size();
            if (m_bodyLeft == 0)
                bodyProgress();
            if (m_inner)
                m_inner->deliver(bytes);
        } else
            return; // Answering or handed over: the next request waits in the socket (its buffer is bounded)
    }
}

void ConnectionGuard::handshake()
{
    auto* ssl = static_cast<QSslSocket*>(m_socket);
    if (ssl->mode() != QSslSocket::UnencryptedMode || m_socket->bytesAvailable() == 0)
        return; // the handshake is under way: encrypted() goes on
    // A TLS connection opens with a handshake record (content type 22); anything else is plain text sent to the
    // TLS port — most likely HTTP — and is told where to go, in plain text it can read.
    char first = 0;
    if (m_socket->peek(&first, 1) != 1)
        return;
    if (first == 0x16) {
        ssl->startServerEncryption(); // reads the bytes peeked at
        return;
    }
    m_handshakeDeadline.stop();
    refuse(400, "Bad Request", QStringLiteral("https_required"),
           QStringLiteral("this port speaks HTTPS only: use https://%1:%2/")
               .arg(m_socket->localAddress().protocol() == QAbstractSocket::IPv6Protocol
                        ? QStringLiteral("[%1]").arg(m_socket->localAddress().toString())
                        : m_socket->localAddress().toString())
               .arg(m_socket->localPort()));
}

void ConnectionGuard::encrypted()
{
    if (m_phase != Phase::Handshake)
        return;
    m_handshakeDeadline.stop();
    m_phase = Phase::Head;
    m_idle.start(m_server->limits().idleTimeoutMs);
    schedulePump(); // a request may have come with the end of the handshake
}

void ConnectionGuard::headComplete()
{
    m_head = m_parser.head();
    m_headerDeadline.stop();
    TransportGuard& server = *m_server;
    const TransportLimits& limits = server.limits();
    const GuardAdmission& admission = server.m_admission;
    m_source = admission.sourceOf ? admission.sourceOf(m_peer, m_head.value("x-forwarded-for")) : m_peer;
    const bool webhook = TransportGuard::isWebhookPath(m_head.path);

    if (m_head.upgrade) {
        const UpgradeRoute& route = server.m_upgrade;
        if (route.handOver && route.path == m_head.path) {
            if (auto refusal = route.authorize ? route.authorize(m_head, m_source) : std::nullopt)
                return refuse(*refusal, http::reasonPhrase(refusal->status));
            m_phase = Phase::HandedOver;
            m_headerDeadline.stop();
            m_requestDeadline.stop();
            m_idle.stop();
            disconnect(m_socket, nullptr, this, nullptr);
            if (m_inner)
                m_inner->closedByPeer();
            route.handOver(m_socket, m_head);
            return;
        }
        ApiResponse r = ApiResponse::error(
            426, QStringLiteral("upgrade_refused"),
            QStringLiteral("no protocol upgrade is offered on %1").arg(QString::fromLatin1(m_head.path.left(200))));
        r.headers << std::pair<QByteArray, QByteArray>("Upgrade", "HTTP/1.1");
        return refuse(r, "Upgrade Required");
    }
    if (m_head.has("origin"))
        return answerAndDiscard(ApiResponse::error(
            403, QStringLiteral("origin_refused"),
            QStringLiteral("requests from web pages (with an Origin header) are not accepted here")));
    const qint64 limit = webhook ? limits.maxWebhookBodyBytes : limits.maxBodyBytes;
    if (m_head.contentLength > limit) {
        const QString message = QStringLiteral("request body of %1 bytes exceeds the limit of %2 bytes")
                                    .arg(m_head.contentLength)
                                    .arg(limit);
        if (webhook && admission.webhookOversize)
            admission.webhookOversize(m_head, m_source, message);
        return refuse(413, "Payload Too Large", QStringLiteral("payload_too_large"), message);
    }
    if (admission.admitHead)
        if (auto refusal = admission.admitHead(m_head, m_source))
            return answerAndDiscard(*refusal);

    const qint64 charge = m_head.contentLength * limits.bodyMemoryMultiplier;
    const BodyBudget::Verdict verdict = server.m_budget.reserve(m_source, charge);
    if (verdict != BodyBudget::Verdict::Granted) {
        ApiResponse r = ApiResponse::error(
            503, QStringLiteral("body_budget_exhausted"),
            verdict == BodyBudget::Verdict::OverTotal
                ? QStringLiteral("too many request bodies are in flight; retry later")
                : QStringLiteral("too many request bodies from %1 are in flight; retry later").arg(m_source));
        r.headers << std::pair<QByteArray, QByteArray>("Retry-After",
                                                       QByteArray::number(limits.budgetRetryAfterSeconds));
        return answerAndDiscard(r);
    }
    m_reserved = charge;

    if (!m_inner)
        return refuse(503, "Service Unavailable", QStringLiteral("connection_closing"),
                      QStringLiteral("this connection is closing"));
    m_inner->setCloseAfterAnswer(m_head.closeAfter);
    m_bodyLeft = m_head.contentLength;
    m_bodyReceived = 0;
    if (m_head.expectContinue && m_bodyLeft > 0)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    if (m_bodyLeft > 0) {
        m_phase = Phase::Body;
        m_bodyClock.start();
        m_bodyRate.start();
    } else
        bodyProgress();
    m_inner->deliver(m_head.canonical());
}

void ConnectionGuard::bodyProgress()
{
    // The whole request is with QHttpServer: its answer is the server's to give, in its own time.
    m_phase = Phase::Answering;
    m_requestDeadline.stop();
    m_bodyRate.stop();
}

void ConnectionGuard::answered()
{
    if (m_phase != Phase::Answering)
        return;
    releaseBudget();
    m_completedOne = true;
    if (m_head.closeAfter)
        return closeGracefully();
    nextRequest();
    schedulePump();
}

void ConnectionGuard::nextRequest()
{
    m_phase = Phase::Head;
    m_parser.reset();
    m_requestDeadline.stop();
    m_bodyRate.stop();
    m_idle.start(m_server->limits().idleTimeoutMs);
}

void ConnectionGuard::answerAndDiscard(const ApiResponse& response)
{
    // A refusal from the head whose framing is sound: answered now, its (small) body read past without being
    // kept, and the connection goes on — a blocked or rate-limited sender is not made to reconnect for each
    // refusal. A large body, or a client that asked to close, is refused with the connection.
    if (m_head.closeAfter || m_head.contentLength > m_server->limits().discardBodyBytes)
        return refuse(response, http::reasonPhrase(response.status));
    m_server->countRejection();
    m_socket->write(http::serialize(response, http::reasonPhrase(response.status), false));
    m_completedOne = true;
    m_bodyLeft = m_head.contentLength;
    if (m_bodyLeft == 0)
        return nextRequest();
    m_phase = Phase::Discard;
    m_bodyReceived = 0;
    m_bodyClock.start();
    m_bodyRate.start();
}

void ConnectionGuard::releaseBudget()
{
    if (m_reserved > 0 && m_server)
        m_server->m_budget.release(m_source, m_reserved);
    m_reserved = 0;
}

void ConnectionGuard::checkBodyRate()
{
    const qint64 elapsed = m_bodyClock.elapsed();
    const TransportLimits& limits = m_server->limits();
    if ((m_phase != Phase::Body && m_phase != Phase::Discard) || elapsed < limits.bodyRateGraceMs)
        return;
    if (m_bodyReceived * 1000 < limits.minBodyBytesPerSecond * elapsed)
        timedOut(QStringLiteral("the body arrived slower than %1 bytes a second").arg(limits.minBodyBytesPerSecond));
}

void ConnectionGuard::timedOut(const QString& message)
{
    if (m_phase == Phase::Head || m_phase == Phase::Body || m_phase == Phase::Discard)
        refuse(408, "Request Timeout", QStringLiteral("request_timeout"), message);
}

void ConnectionGuard::refuse(int status, const QByteArray& reason, const QString& code, const QString& message)
{
    refuse(ApiResponse::error(status, code, message), reason);
}

void ConnectionGuard::refuse(const ApiResponse& response, const QByteArray& reason)
{
    const bool inFlight = m_phase == Phase::Body; // QHttpServer holds a partial request: it is dropped
    m_phase = Phase::Closing;
    releaseBudget();
    m_server->countRejection();
    for (QTimer* t : {&m_handshakeDeadline, &m_idle, &m_headerDeadline, &m_requestDeadline, &m_bodyRate})
        t->stop();
    if (inFlight && m_inner)
        m_inner->closedByPeer();
    m_drained += m_socket->skip(m_socket->bytesAvailable());
    m_socket->write(http::serialize(response, reason));
    // Lingering close: send the answer, half-close, and keep discarding what the client still sends, so its
    // TCP stack does not throw the answer away on a reset. Cut off after lingerMs either way.
    // Over TLS the answer is written once its encrypted bytes are; the half-close then ends the connection without
    // TLS's close_notify, which an HTTP/1.1 client reading a Content-Length answer does not need.
    QTcpSocket* socket = m_socket;
    auto* ssl = qobject_cast<QSslSocket*>(m_socket);
    auto halfClose = [socket, ssl] {
        if (socket->bytesToWrite() == 0 && (!ssl || ssl->encryptedBytesToWrite() == 0) &&
            socket->state() == QAbstractSocket::ConnectedState)
            ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
    };
    connect(m_socket, &QTcpSocket::bytesWritten, this, halfClose);
    if (ssl)
        connect(ssl, &QSslSocket::encryptedBytesWritten, this, halfClose);
    m_socket->flush();
    halfClose();
    QTimer::singleShot(m_server->limits().lingerMs, m_socket, [socket] { socket->abort(); });
}

void ConnectionGuard::closeGracefully()
{
    if (m_phase == Phase::Closing || m_phase == Phase::HandedOver)
        return;
    m_phase = Phase::Closing;
    for (QTimer* t : {&m_handshakeDeadline, &m_idle, &m_headerDeadline, &m_requestDeadline, &m_bodyRate})
        t->stop();
    m_socket->disconnectFromHost(); // after what is still to be written (over TLS, with close_notify)
    QTimer::singleShot(m_server->limits().lingerMs, m_socket, [socket = m_socket] { socket->abort(); });
}

} // namespace watchpost
