#pragma once
// ConnectionGuard: one connection as the transport guard sees it — the only reader of its socket. Reads a head
// with HeadParser, admits or refuses it from the head alone, then passes the canonical head and exactly
// Content-Length body bytes to the GuardedSocket QHttpServer reads, and reads nothing more until the answer
// was written. Owns the connection's timers: TLS handshake deadline, idle, header deadline, request deadline,
// minimum body rate.

#include "net/http/GuardedSocket.h"
#include "net/http/RequestFraming.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;

namespace watchpost {

class TransportGuard;
struct ApiResponse;

class ConnectionGuard : public QObject
{
public:
    // With `tls` the socket is a QSslSocket not yet encrypted: the guard runs the handshake first.
    ConnectionGuard(QTcpSocket* socket, TransportGuard* server, QString peer, bool exempt, bool tls = false);
    ~ConnectionGuard() override;

    GuardedSocket* inner() const { return m_inner.data(); }
    const QString& peer() const { return m_peer; }
    // Not yet through a request, or mid-way through one: what eviction takes first.
    bool incomplete() const;
    void evict();

private:
    enum class Phase
    {
        Handshake, // TLS: accepted, not yet encrypted; nothing is framed
        Head,      // reading a head
        Body,      // passing its body on
        Discard,   // refused from its head and answered: reading past its body
        Answering, // QHttpServer has the request; nothing is read until its answer is written
        Closing,   // refused or closing: what still arrives is discarded
        HandedOver,
    };
    void pump();
    void handshake();
    void encrypted();
    void schedulePump();
    void headComplete();
    void bodyProgress();
    void answered();
    void nextRequest();
    void answerAndDiscard(const ApiResponse& response);
    void refuse(const ApiResponse& response, const QByteArray& reason);
    void refuse(int status, const QByteArray& reason, const QString& code, const QString& message);
    void closeGracefully();
    void releaseBudget();
    void checkBodyRate();
    void timedOut(const QString& message);

    QTcpSocket* m_socket;
    QPointer<GuardedSocket> m_inner; // QHttpServer deletes it once the connection is gone
    QPointer<TransportGuard> m_server;
    QString m_peer;
    bool m_exempt;
    Phase m_phase = Phase::Head;
    HeadParser m_parser;
    RequestHead m_head;
    QString m_source;
    qint64 m_bodyLeft = 0;
    qint64 m_bodyReceived = 0;
    qint64 m_reserved = 0;
    qint64 m_drained = 0; // bytes discarded after a refusal
    bool m_completedOne = false;
    bool m_pumpQueued = false;
    QElapsedTimer m_bodyClock;
    QTimer m_handshakeDeadline;
    QTimer m_idle;
    QTimer m_headerDeadline;
    QTimer m_requestDeadline;
    QTimer m_bodyRate;
};

} // namespace watchpost
