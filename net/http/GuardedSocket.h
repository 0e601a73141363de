#pragma once
// GuardedSocket: the socket QHttpServer is given for one connection. It is not connected to anything: the
// transport guard, the only reader of the real socket, puts one checked request (in canonical form) into it at
// a time and the next only after the answer to the previous one was written. What QHttpServer writes goes
// straight to the real socket.

#include <QPointer>
#include <QTcpSocket>

#include <functional>

namespace watchpost {

class GuardedSocket : public QTcpSocket
{
    Q_OBJECT
public:
    explicit GuardedSocket(QTcpSocket* real, QObject* parent = nullptr);
    ~GuardedSocket() override;

    // The guard's side.
    void deliver(const QByteArray& bytes);
    void closedByPeer(); // the real socket went away: this one says so to QHttpServer
    // Called once the answer to the request in flight has been written in full.
    std::function<void()> onAnswered;
    // Called when QHttpServer asks to close the connection.
    std::function<void()> onCloseRequested;
    void setCloseAfterAnswer(bool close) { m_closeAfterAnswer = close; }

    // The listener's side, for the socket a handler was given (any QTcpSocket; only a GuardedSocket answers).
    // The answer to the request in flight is complete.
    static void answered(QTcpSocket* socket);
    // Whether the answer must say Connection: close (the client asked for it, or spoke HTTP/1.0).
    static bool closesAfterAnswer(const QTcpSocket* socket);

    qint64 bytesAvailable() const override;
    qint64 bytesToWrite() const override;
    void disconnectFromHost() override;
    void close() override;

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 size) override;

private:
    QPointer<QTcpSocket> m_real;
    QByteArray m_inbox;
    qsizetype m_read = 0;
    bool m_closeAfterAnswer = false;
};

} // namespace watchpost
