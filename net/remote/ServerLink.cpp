#include "net/remote/ServerLink.h"

#include "net/sync/Replicator.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QPointer>
#include <QTimer>

namespace watchpost {

namespace {
// The alarms a replica holds; a replica that cannot read them says so as one alarm, never as none.
QList<SyncAlarm> heldAlarms(const Replica& replica)
{
    auto held = replica.alarms();
    if (held)
        return *held;
    SyncAlarm unreadable;
    unreadable.kind = QStringLiteral("unreadable");
    unreadable.table = QStringLiteral("sync_alarms");
    unreadable.detail = QStringLiteral("the replica's alarms cannot be read: %1").arg(held.error().message);
    return {unreadable};
}
} // namespace

ServerWaitIndicator& serverWaitIndicator()
{
    static ServerWaitIndicator indicator;
    return indicator;
}

// The replica and its Replicator, on the link's thread: every feed page is applied there, never on the GUI thread.
// What it learns goes to the link as queued calls carrying copies.
class SyncWorker : public QObject
{
public:
    SyncWorker(std::unique_ptr<Replica> replica, SyncServer server, bool bodies, int retryMs, ServerLink* link)
        : m_replica(std::move(replica)), m_server(std::move(server)), m_bodies(bodies), m_retryMs(retryMs), m_link(link)
    {
    }

    // On the worker's thread.
    void begin()
    {
        Replicator::Options options;
        options.bodies = m_bodies;
        options.follow = true;
        m_replicator = new Replicator(*m_replica, m_server, options, this);
        m_retry = new QTimer(this);
        m_retry->setSingleShot(true);
        connect(m_retry, &QTimer::timeout, m_replicator, &Replicator::catchUp);
        connect(m_replicator, &Replicator::progress, this,
                [this](qint64 lastSeq, qint64) { post([lastSeq](ServerLink* l) { l->onProgress(lastSeq); }); });
        connect(m_replicator, &Replicator::caughtUp, this, [this](const ReplicationOutcome&) {
            const QList<SyncAlarm> held = heldAlarms(*m_replica);
            post([held](ServerLink* l) { l->onCaughtUp(held); });
        });
        connect(m_replicator, &Replicator::finished, this, [this](const ReplicationOutcome& o) {
            const QList<SyncAlarm> held = heldAlarms(*m_replica);
            const SyncFailure failure = o.failure;
            const QString message = o.message;
            const bool local = o.localFailure;
            post([=](ServerLink* l) { l->onFailed(failure, message, local, held); });
            // Retrying cannot help a schema mismatch or a changed certificate: the person decides (reconnect()).
            if (failure != SyncFailure::SchemaMismatch && failure != SyncFailure::CertificateChanged)
                m_retry->start(m_retryMs);
        });
        m_replicator->catchUp();
    }
    void reconnect()
    {
        if (m_replicator && !m_replicator->running()) {
            m_retry->stop();
            m_replicator->catchUp();
        }
    }
    void end()
    {
        delete m_replicator;
        m_replicator = nullptr;
        m_replica->store()->closeThreadConnection();
    }

private:
    void post(std::function<void(ServerLink*)> f)
    {
        QPointer<ServerLink> link(m_link);
        QMetaObject::invokeMethod(
            m_link,
            [link, f = std::move(f)] {
                if (link)
                    f(link);
            },
            Qt::QueuedConnection);
    }

    std::unique_ptr<Replica> m_replica;
    SyncServer m_server;
    bool m_bodies;
    int m_retryMs;
    ServerLink* m_link;
    Replicator* m_replicator = nullptr;
    QTimer* m_retry = nullptr;
};

Result<std::unique_ptr<ServerLink>> ServerLink::open(Options options, std::shared_ptr<const Clock> clock)
{
    auto replica = Replica::open(options.replicaPath, clock);
    if (!replica)
        return replica.error();
    const auto held = (*replica)->state();
    if (!held)
        return held.error();
    if (!held->serverUrl.isEmpty() && QUrl(held->serverUrl).adjusted(QUrl::StripTrailingSlash) !=
                                          options.server.url.adjusted(QUrl::StripTrailingSlash))
        return Error::validation(QStringLiteral("replica %1 belongs to %2, not %3")
                                     .arg(options.replicaPath, held->serverUrl, options.server.url.toString()),
                                 {QStringLiteral("server")});
    if (options.server.pin.isEmpty())
        options.server.pin = held->fingerprint; // pinned on an earlier connection
    LinkState initial;
    initial.server = options.server.url.toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
    initial.lastSeq = held->lastSeq;
    initial.asOf = held->lastAppliedAt;
    initial.alarms = heldAlarms(**replica);
    std::shared_ptr<Store> view = (*replica)->store()->readOnlyView();
    (*replica)->store()->closeThreadConnection(); // from here on the replica is written on the link's thread only
    std::unique_ptr<ServerLink> link(new ServerLink(options, std::move(clock), std::move(view), initial));
    link->m_worker = new SyncWorker(std::move(*replica), options.server, options.bodies, options.retryMs, link.get());
    link->m_worker->moveToThread(&link->m_thread);
    return link;
}

ServerLink::ServerLink(Options options, std::shared_ptr<const Clock> clock, std::shared_ptr<Store> view,
                       LinkState initial)
    : m_options(std::move(options)), m_clock(std::move(clock)), m_view(std::move(view)), m_state(std::move(initial))
{
    m_client = new SyncClient(m_options.server, this);
    m_thread.setObjectName(QStringLiteral("watchpost-sync"));
}

ServerLink::~ServerLink()
{
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker] { w->end(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    delete m_worker;
    m_view->closeThreadConnection();
}

void ServerLink::setWaitIndicator(ServerWaitIndicator indicator)
{
    serverWaitIndicator() = std::move(indicator);
}

void ServerLink::probe(const SyncServer& server, std::function<void(const ServerProbe&)> done)
{
    auto* client = new SyncClient(server);
    client->get(QStringLiteral("/api/v1/auth/whoami"), {}, [client, done = std::move(done)](const SyncAnswer& a) {
        ServerProbe p;
        p.fingerprint = client->presentedFingerprint();
        p.message = a.message;
        switch (a.failure) {
        case SyncFailure::None:
            p.outcome = ServerProbe::Outcome::Connected;
            p.name = a.body.value(QStringLiteral("name")).toString();
            p.role = a.body.value(QStringLiteral("role")).toString();
            p.message = QStringLiteral("connected as %1 (%2)").arg(p.name, p.role);
            break;
        case SyncFailure::Untrusted:
            p.outcome = ServerProbe::Outcome::Untrusted;
            p.field = QStringLiteral("server");
            break;
        case SyncFailure::KeyRefused:
        case SyncFailure::Forbidden:
            p.field = QStringLiteral("key");
            break;
        default:
            p.field = QStringLiteral("server");
            break;
        }
        client->deleteLater();
        done(p);
    });
}

void ServerLink::start()
{
    if (m_thread.isRunning())
        return;
    m_thread.start();
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->begin(); }, Qt::QueuedConnection);
}

void ServerLink::reconnect()
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->reconnect(); }, Qt::QueuedConnection);
}

void ServerLink::setState(LinkState next)
{
    m_state = std::move(next);
    Q_EMIT stateChanged();
}

void ServerLink::onProgress(qint64 lastSeq)
{
    LinkState next = m_state;
    if (lastSeq != next.lastSeq)
        next.asOf = m_clock->nowMs();
    next.lastSeq = lastSeq;
    setState(next);
    Q_EMIT applied();
}

void ServerLink::onCaughtUp(const QList<SyncAlarm>& alarms)
{
    LinkState next = m_state;
    const bool wasLive = next.live();
    next.status = LinkState::Status::Live;
    next.reason.clear();
    next.offlineSince.reset();
    next.retrying = true;
    next.alarms = alarms;
    if (!next.asOf)
        next.asOf = m_clock->nowMs(); // caught up with a server that had nothing new: the replica is as of now
    setState(next);
    if (!wasLive)
        askWhoAmI(); // on every connection: the key's name and role (an admin may have changed it)
}

void ServerLink::onFailed(SyncFailure failure, const QString& message, bool local, const QList<SyncAlarm>& alarms)
{
    LinkState next = m_state;
    if (next.status != LinkState::Status::Offline)
        next.offlineSince = m_clock->nowMs();
    next.status = LinkState::Status::Offline;
    next.alarms = alarms;
    next.retrying = failure != SyncFailure::SchemaMismatch && failure != SyncFailure::CertificateChanged;
    if (failure == SyncFailure::None && !local && !alarms.isEmpty())
        next.reason = QStringLiteral("the server's history changed; the replica keeps its copy and applies nothing "
                                     "until the server's feed passes it again");
    else
        next.reason = local ? QStringLiteral("the replica on this machine failed: %1").arg(message) : message;
    setState(next);
}

void ServerLink::askWhoAmI()
{
    m_client->get(QStringLiteral("/api/v1/auth/whoami"), {}, [this](const SyncAnswer& a) {
        if (a.failure != SyncFailure::None)
            return; // the feed reports the same failure in its own words
        LinkState next = m_state;
        next.actor = a.body.value(QStringLiteral("name")).toString();
        next.role = a.body.value(QStringLiteral("role")).toString();
        setState(next);
    });
}

bool ServerLink::waitOnGuiThread(const std::function<bool()>& done, std::chrono::milliseconds timeout, bool indicator)
{
    if (done())
        return true;
    QEventLoop loop;
    bool cancelled = false;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    deadline.start(timeout);
    QTimer check; // the answer and the feed both arrive as events; look after each batch of them
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    check.start(10);
    QTimer::singleShot(s_indicatorDelay, &loop, &QEventLoop::quit);
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (!done() && deadline.isActive()) {
        const ServerWaitIndicator& show = serverWaitIndicator();
        if (indicator && show) {
            const std::unique_ptr<QObject> shown = show(std::chrono::milliseconds(deadline.remainingTime()), [&] {
                cancelled = true;
                loop.quit();
            });
            loop.exec();
        } else {
            loop.exec(QEventLoop::ExcludeUserInputEvents);
        }
    }
    return done() && !cancelled;
}

namespace {
Error errorFrom(const SyncAnswer& a, const QString& server)
{
    const QJsonObject e = a.body.value(QStringLiteral("error")).toObject();
    Error error;
    error.code = e.value(QStringLiteral("code")).toString();
    error.message = e.value(QStringLiteral("message")).toString(a.message);
    if (error.message.isEmpty())
        error.message = a.message;
    for (const QJsonValue& f : e.value(QStringLiteral("fields")).toArray())
        error.fields << f.toString();
    for (const QJsonValue& m : e.value(QStringLiteral("field_messages")).toArray())
        error.fieldMessages << m.toString();
    switch (a.status) {
    case 422:
    case 400:
        error.kind = Error::Kind::Validation;
        break;
    case 409:
        error.kind = Error::Kind::WrongState;
        break;
    case 404:
        error.kind = Error::Kind::NotFound;
        break;
    case 401:
    case 403:
        error.kind = Error::Kind::Forbidden;
        error.message = QStringLiteral("%1 refused: %2").arg(server, error.message);
        break;
    default:
        error.kind = Error::Kind::Storage;
        if (a.status == 0)
            error.message =
                QStringLiteral("%1 — nothing was recorded there; the action is not kept to send later").arg(a.message);
        break;
    }
    if (error.code.isEmpty())
        error.code = a.status == 0 ? QStringLiteral("server_unreachable") : QStringLiteral("server_refused");
    return error;
}
} // namespace

void ServerLink::callLater(const QByteArray& method, const QString& path, const QJsonObject& body,
                           std::chrono::milliseconds timeout, std::function<void(Result<QJsonObject>)> done)
{
    if (const auto why = m_state.whyCannotAct()) {
        QTimer::singleShot(0, this, [done, why] {
            done(Error{Error::Kind::Forbidden, QStringLiteral("cannot_act"), *why, {}, {}});
        });
        return;
    }
    const QString server = m_state.server;
    m_client->send(
        method, path, body,
        [done, server](const SyncAnswer& a) {
            if (a.status / 100 != 2)
                return done(errorFrom(a, server));
            done(a.body);
        },
        int(timeout.count()));
}

Result<QJsonObject> ServerLink::call(const QByteArray& method, const QString& path, const QJsonObject& body)
{
    if (const auto why = m_state.whyCannotAct())
        return Error{Error::Kind::Forbidden, QStringLiteral("cannot_act"), *why, {}, {}};
    // Shared with the callback: an answer that comes after we stopped waiting writes here, not to a gone frame.
    auto answer = std::make_shared<std::optional<SyncAnswer>>();
    m_client->send(method, path, body, [answer](const SyncAnswer& a) { *answer = a; });
    if (!waitOnGuiThread([&] { return answer->has_value(); }, m_options.callTimeout, true))
        return Error{Error::Kind::Storage,
                     QStringLiteral("server_timeout"),
                     QStringLiteral("%1 did not answer in time (or you stopped waiting): whether it recorded the "
                                    "action shows on this page once its change arrives")
                         .arg(m_state.server),
                     {},
                     {}};
    const SyncAnswer a = **answer;
    if (a.status / 100 != 2)
        return errorFrom(a, m_state.server);
    // Done on the server: come back once the replica holds it, so the page shows the result.
    if (a.changeSeq >= 0)
        waitOnGuiThread([&] { return m_state.lastSeq >= a.changeSeq; }, m_options.feedTimeout, false);
    return a.body;
}

} // namespace watchpost
