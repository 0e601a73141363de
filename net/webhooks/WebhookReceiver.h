#pragma once
// WebhookReceiver: GitHub deliveries on the listener thread. Refusals are answered at once; admitted deliveries are
// committed in groups on a writer thread of their own (so parsing and verifying the next ones overlaps the commit)
// and each is answered only after its commit.

#include "models/services/DomainServices.h"

#include <QHostAddress>
#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QTimer>
#include <vector>

class QHttpServerRequest;
class QTcpSocket;

namespace watchpost {

class WebhookReceiver : public QObject
{
    Q_OBJECT
public:
    // `service` is the listener thread's; the writer thread builds its own from `deps`.
    WebhookReceiver(WebhookService& service, const DomainDeps& deps, QObject* parent = nullptr);
    // Deliveries admitted but not yet committed are committed and answered first.
    ~WebhookReceiver() override;

    void receive(const QHttpServerRequest& request, QHttpServerResponder&& responder, QTcpSocket* socket);
    // A delivery's fields as the intake reads them, from its path, peer and header fields (no body yet): the
    // one reading of them, for the head-time checks and for the delivery itself.
    static WebhookRequest requestOf(const QString& path, QHostAddress peer,
                                    const std::function<QByteArray(const char*)>& field);

private:
    struct Waiting
    {
        QHttpServerResponder responder;
        QPointer<QTcpSocket> socket;
    };
    void commit();
    void committed(const QList<WebhookOutcome>& answers);
    static void sendAnswer(QHttpServerResponder& responder, const WebhookOutcome& outcome);

    std::shared_ptr<Store> m_store;
    WebhookService& m_service;
    QList<WebhookPending> m_pending;
    std::vector<Waiting> m_waiting;
    QThread m_writerThread;
    QObject* m_writerContext = nullptr;
    WebhookService* m_writerService = nullptr; // lives on the writer thread
    bool m_writing = false;
    QList<WebhookPending> m_inFlight;
    std::vector<Waiting> m_inFlightWaiting;
    QTimer m_commitTimer;
    QTimer m_telemetryTimer;
};

} // namespace watchpost
