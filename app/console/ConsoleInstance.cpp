#include "app/console/ConsoleInstance.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>

#include <unistd.h>

namespace watchpost {

ConsoleInstance::ConsoleInstance(const QString& storePath, QObject* parent)
    : QObject(parent),
      m_name(QStringLiteral("watchpost-%1-%2")
                 .arg(QString::number(::getuid()),
                      QString::fromLatin1(QCryptographicHash::hash(QFileInfo(storePath).absoluteFilePath().toUtf8(),
                                                                   QCryptographicHash::Sha256)
                                              .toHex()
                                              .left(16))))
{
}

ConsoleInstance::Delivery ConsoleInstance::sendToRunning(const QString& route) const
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(1000))
        return Delivery::NoConsole;
    socket.write(route.toUtf8().left(2000) + '\n');
    if (!socket.waitForBytesWritten(1000))
        return Delivery::NoConsole;
    // The console answers once it has handled the route.
    if (!socket.waitForReadyRead(3000))
        return Delivery::NoConsole;
    return socket.readLine().trimmed() == "ok" ? Delivery::Shown : Delivery::Refused;
}

bool ConsoleInstance::listen(QString* error)
{
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_name)) {
        // A name left behind by a console that crashed: nobody answered on it, so it is safe to take.
        QLocalServer::removeServer(m_name);
        if (!m_server->listen(m_name)) {
            *error = m_server->errorString();
            return false;
        }
    }
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket* socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, socket, [this, socket] {
                if (!socket->canReadLine())
                    return;
                const QString route = QString::fromUtf8(socket->readLine().trimmed());
                const bool shown = m_handler && m_handler(route);
                socket->write(shown ? "ok\n" : "unknown route\n");
                socket->flush();
            });
        }
    });
    return true;
}

} // namespace watchpost
