#pragma once
// ListenerThread: runs an HttpListener on its own QThread and reports where it listens.

#include "net/http/HttpListener.h"

#include <QThread>

namespace watchpost {

struct ListenerStatus
{
    bool listening = false;
    QString url;   // http://HOST:PORT
    QString error; // why it is not listening
};

class ListenerThread : public QObject
{
    Q_OBJECT
public:
    ListenerThread(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock, ChangeNotifier* notifier,
                   TransportLimits limits = {}, WebhookSetup webhooks = {},
                   std::shared_ptr<SecretStore> secrets = nullptr, QObject* parent = nullptr);
    ~ListenerThread() override;

    // Starts the thread and waits until the listener is bound (or failed).
    ListenerStatus start(const QHostAddress& address, quint16 port);
    // Stops accepting, lets the thread finish its current request, and joins it.
    void stop();
    ListenerStatus status() const { return m_status; }

private:
    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
    ChangeNotifier* m_notifier;
    TransportLimits m_limits;
    WebhookSetup m_webhooks;
    std::shared_ptr<SecretStore> m_secrets;
    QThread m_thread;
    HttpListener* m_listener = nullptr;
    ListenerStatus m_status;
};

} // namespace watchpost
