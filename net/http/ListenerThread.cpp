#include "net/http/ListenerThread.h"

#include <QMetaObject>

namespace watchpost {

ListenerThread::ListenerThread(DomainDeps deps, TransportLimits limits, QObject* parent)
    : QObject(parent), m_deps(std::move(deps)), m_limits(limits)
{
    m_thread.setObjectName(QStringLiteral("watchpost-listener"));
}

ListenerThread::~ListenerThread()
{
    stop();
}

ListenerStatus ListenerThread::start(const QHostAddress& address, quint16 port, std::optional<QSslConfiguration> tls)
{
    const bool https = tls.has_value();
    m_thread.start();
    ListenerStatus status;
    // Build and bind the listener on its own thread, so its sockets and store connection belong there.
    auto* anchor = new QObject;
    anchor->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        anchor,
        [&] {
            m_listener = new HttpListener(m_deps, m_limits);
            auto bound = m_listener->start(address, port, tls);
            if (!bound) {
                status.error = bound.error().message;
                delete m_listener;
                m_listener = nullptr;
                return;
            }
            const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                                     ? QStringLiteral("[%1]").arg(address.toString())
                                     : address.toString();
            status.listening = true;
            status.url =
                QStringLiteral("%1://%2:%3").arg(QLatin1String(https ? "https" : "http"), host).arg(bound.value());
        },
        Qt::BlockingQueuedConnection);
    anchor->deleteLater();
    m_status = status;
    if (!status.listening) {
        m_thread.quit();
        m_thread.wait();
    }
    return status;
}

void ListenerThread::stop()
{
    if (!m_thread.isRunning())
        return;
    if (m_listener) {
        HttpListener* listener = m_listener;
        m_listener = nullptr;
        // Deleting on its own thread closes the sockets and the store connection there.
        QMetaObject::invokeMethod(
            listener, [listener] { delete listener; }, Qt::BlockingQueuedConnection);
    }
    m_thread.quit();
    m_thread.wait();
    m_status.listening = false;
}

} // namespace watchpost
