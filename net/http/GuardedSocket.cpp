#include "net/http/GuardedSocket.h"

#include <cstring>

namespace watchpost {

GuardedSocket::GuardedSocket(QTcpSocket* real, QObject* parent) : QTcpSocket(parent), m_real(real)
{
    setPeerAddress(real->peerAddress());
    setPeerPort(real->peerPort());
    setLocalAddress(real->localAddress());
    setLocalPort(real->localPort());
    setSocketState(QAbstractSocket::ConnectedState);
    setOpenMode(QIODevice::ReadWrite);
    connect(real, &QTcpSocket::bytesWritten, this, &QIODevice::bytesWritten);
}

GuardedSocket::~GuardedSocket()
{
    // Nothing to abort: keep QAbstractSocket's destructor away from a socket engine that never existed.
    setSocketState(QAbstractSocket::UnconnectedState);
    setOpenMode(QIODevice::NotOpen);
}

void GuardedSocket::deliver(const QByteArray& bytes)
{
    if (bytes.isEmpty() || state() != QAbstractSocket::ConnectedState)
        return;
    if (m_read == m_inbox.size()) {
        m_inbox = bytes;
        m_read = 0;
    } else
        m_inbox += bytes;
    Q_EMIT readyRead();
}

void GuardedSocket::closedByPeer()
{
    if (state() == QAbstractSocket::UnconnectedState)
        return;
    setSocketState(QAbstractSocket::UnconnectedState);
    setOpenMode(QIODevice::NotOpen);
    m_inbox.clear();
    m_read = 0;
    Q_EMIT stateChanged(QAbstractSocket::UnconnectedState);
    Q_EMIT disconnected();
}

qint64 GuardedSocket::bytesAvailable() const
{
    return QIODevice::bytesAvailable() + (m_inbox.size() - m_read);
}

qint64 GuardedSocket::bytesToWrite() const
{
    return m_real ? m_real->bytesToWrite() : 0;
}

qint64 GuardedSocket::readData(char* data, qint64 maxSize)
{
    const qint64 n = qMin<qint64>(maxSize, m_inbox.size() - m_read);
    if (n <= 0)
        return state() == QAbstractSocket::ConnectedState ? 0 : -1;
    std::memcpy(data, m_inbox.constData() + m_read, size_t(n));
    m_read += n;
    if (m_read == m_inbox.size()) {
        m_inbox.clear(); // frees a delivered body as soon as QHttpServer holds its own copy
        m_read = 0;
    }
    return n;
}

qint64 GuardedSocket::writeData(const char* data, qint64 size)
{
    if (!m_real || m_real->state() != QAbstractSocket::ConnectedState)
        return -1;
    return m_real->write(data, size);
}

void GuardedSocket::disconnectFromHost()
{
    if (onCloseRequested)
        onCloseRequested();
}

void GuardedSocket::close()
{
    disconnectFromHost();
}

void GuardedSocket::answered(QTcpSocket* socket)
{
    if (auto* guarded = qobject_cast<GuardedSocket*>(socket); guarded && guarded->onAnswered)
        guarded->onAnswered();
}

bool GuardedSocket::closesAfterAnswer(const QTcpSocket* socket)
{
    const auto* guarded = qobject_cast<const GuardedSocket*>(socket);
    return guarded && guarded->m_closeAfterAnswer;
}

} // namespace watchpost
