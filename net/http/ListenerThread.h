#pragma once
// ListenerThread: runs an HttpListener on its own QThread and reports where it listens.

#include "net/http/HttpListener.h"

#include <QThread>

namespace watchpost {

struct ListenerStatus
{
    bool listening = false;
    QString url;   // http://HOST:PORT, or https:// with TLS
    QString error; // why it is not listening
};

class ListenerThread : public QObject
{
    Q_OBJECT
public:
    explicit ListenerThread(DomainDeps deps, TransportLimits limits = {}, QObject* parent = nullptr);
    ~ListenerThread() override;

    // Starts the thread and waits until the listener is bound (or failed); with `tls`, HTTPS only.
    ListenerStatus start(const QHostAddress& address, quint16 port, std::optional<QSslConfiguration> tls = {});
    // Stops accepting, lets the thread finish its current request, and joins it.
    void stop();
    ListenerStatus status() const { return m_status; }

private:
    DomainDeps m_deps;
    TransportLimits m_limits;
    QThread m_thread;
    HttpListener* m_listener = nullptr;
    ListenerStatus m_status;
};

} // namespace watchpost
