#include "net/webhooks/WebhookReceiver.h"

#include "net/http/ResponseWriter.h"
#include "net/webhooks/WebhookJson.h"

#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QTcpSocket>

namespace watchpost {

WebhookReceiver::WebhookReceiver(WebhookService& service, const DomainDeps& deps, QObject* parent)
    : QObject(parent), m_store(deps.store), m_service(service)
{
    const std::shared_ptr<Store> store = deps.store;
    const std::shared_ptr<const Clock> clock = deps.clock;
    ChangeNotifier* notifier = deps.notifier;
    const WebhookSetup webhooks = deps.webhooks;
    // The controls start from what the store says: policy and active blocks.
    if (auto policy = WebhookPolicy::load(*store))
        webhooks.controls->setPolicy(policy.value());
    if (const auto blocks = m_service.store().activeBlocks(clock->nowMs()))
        webhooks.controls->setBlocks(*blocks);
    else // shown on the webhooks page and in /sources until telemetry is written again
        webhooks.controls->setTelemetryState(
            true, QStringLiteral("the blocked sources could not be read at start: %1").arg(blocks.error().message));
    m_service.mapPending();
    m_writerThread.setObjectName(QStringLiteral("watchpost-writer"));
    m_writerContext = new QObject;
    m_writerContext->moveToThread(&m_writerThread);
    m_writerThread.start();
    QMetaObject::invokeMethod(
        m_writerContext,
        [this, store, clock, webhooks, notifier] {
            m_writerService =
                new WebhookService(store, clock, webhooks.secrets, webhooks.controls, notifier, webhooks.secretStore);
            // What this thread's services watch (the kill switch's violations) runs on the listener's thread.
            m_writerService->setDeliveryObserver([this](const WebhookDelivery& d, const QJsonObject& payload) {
                if (d.event != QLatin1String("push") && d.event != QLatin1String("pull_request"))
                    return;
                QMetaObject::invokeMethod(
                    this, [this, d, payload] { m_service.observe(d, payload); }, Qt::QueuedConnection);
            });
        },
        Qt::BlockingQueuedConnection);
    m_commitTimer.setSingleShot(true);
    m_commitTimer.setInterval(0);
    connect(&m_commitTimer, &QTimer::timeout, this, &WebhookReceiver::commit);
    m_telemetryTimer.setInterval(500);
    connect(&m_telemetryTimer, &QTimer::timeout, this, [this] { m_service.flushTelemetry(); });
    m_telemetryTimer.start();
}

WebhookReceiver::~WebhookReceiver()
{
    for (int round = 0; round < 3 && (m_writing || !m_pending.isEmpty()); ++round) {
        QMetaObject::invokeMethod(
            m_writerContext, [] {}, Qt::BlockingQueuedConnection);  // the writer is idle
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall); // its answers are sent
        commit();
    }
    QMetaObject::invokeMethod(
        m_writerContext, [] {}, Qt::BlockingQueuedConnection);
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    auto store = m_store;
    QMetaObject::invokeMethod(
        m_writerContext,
        [this, store] {
            delete m_writerService;
            delete m_writerContext;
            store->closeThreadConnection();
        },
        Qt::BlockingQueuedConnection);
    m_writerThread.quit();
    m_writerThread.wait();
    m_service.flushTelemetry();
}

WebhookRequest WebhookReceiver::requestOf(const QString& path, QHostAddress peer,
                                          const std::function<QByteArray(const char*)>& field)
{
    WebhookRequest r;
    r.hookId = path.size() > 21 ? path.mid(21) : QStringLiteral("default"); // after "/api/github/webhooks/"
    if (peer.protocol() == QAbstractSocket::IPv6Protocol) {
        bool mapped = false;
        const quint32 v4 = peer.toIPv4Address(&mapped);
        if (mapped)
            peer = QHostAddress(v4);
    }
    r.peer = peer.toString();
    r.contentType = field("content-type");
    r.event = field("x-github-event");
    r.deliveryId = field("x-github-delivery");
    r.signature256 = field("x-hub-signature-256");
    r.signature1 = field("x-hub-signature");
    r.userAgent = field("user-agent");
    r.forwardedFor = field("x-forwarded-for");
    return r;
}

void WebhookReceiver::receive(const QHttpServerRequest& request, QHttpServerResponder&& responder, QTcpSocket* socket)
{
    WebhookRequest r = requestOf(request.url().path(), request.remoteAddress(),
                                 [&request](const char* name) { return request.value(name); });
    r.body = request.body();
    auto admitted = m_service.admit(r);
    if (auto* answer = std::get_if<WebhookOutcome>(&admitted))
        return sendAnswer(responder, *answer);
    m_pending.append(std::move(std::get<WebhookPending>(admitted)));
    m_waiting.push_back({std::move(responder), QPointer<QTcpSocket>(socket)});
    // Group commit: every delivery read in this pass of the event loop goes into one transaction.
    // WATCHPOST_GROUP_COMMIT=0 commits each delivery on its own (for measuring the difference).
    static const bool grouped = qEnvironmentVariable("WATCHPOST_GROUP_COMMIT") != QLatin1String("0");
    if (!grouped) {
        QList<WebhookPending> one;
        one.swap(m_pending);
        Waiting waiting = std::move(m_waiting.back());
        m_waiting.clear();
        const QList<WebhookOutcome> answers = m_service.commit(one);
        m_service.settled(one);
        sendAnswer(waiting.responder, answers.value(0));
    } else if (!m_commitTimer.isActive())
        m_commitTimer.start();
}
void WebhookReceiver::commit()
{
    if (m_pending.isEmpty() || m_writing)
        return; // a commit in flight: what arrives meanwhile goes into the next batch
    m_writing = true;
    m_inFlight.swap(m_pending);
    m_inFlightWaiting.swap(m_waiting);
    QList<WebhookPending> batch = m_inFlight;
    QMetaObject::invokeMethod(m_writerContext, [this, batch]() mutable {
        const QList<WebhookOutcome> answers = m_writerService->commit(batch);
        QMetaObject::invokeMethod(this, [this, answers] { committed(answers); });
    });
}

void WebhookReceiver::committed(const QList<WebhookOutcome>& answers)
{
    for (size_t i = 0; i < m_inFlightWaiting.size(); ++i)
        if (m_inFlightWaiting[i].socket && m_inFlightWaiting[i].socket->state() == QAbstractSocket::ConnectedState)
            sendAnswer(m_inFlightWaiting[i].responder, answers.value(qsizetype(i)));
    m_service.settled(m_inFlight);
    m_inFlight.clear();
    m_inFlightWaiting.clear();
    m_writing = false;
    commit();
}

void WebhookReceiver::sendAnswer(QHttpServerResponder& responder, const WebhookOutcome& outcome)
{
    http::write(responder, json::webhookAnswer(outcome));
}

} // namespace watchpost
