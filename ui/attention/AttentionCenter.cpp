#include "ui/attention/AttentionCenter.h"

#include "models/incidents/Vocabulary.h"
#include "ui/shell/AppIcon.h"

#include <QApplication>
#include <QFile>
#include <QMenu>
#include <QSystemTrayIcon>

namespace watchpost {

AttentionCenter::AttentionCenter(const ConsoleContext& ctx, PostureWorker* worker, DesktopSession* desktop,
                                 QObject* parent)
    : QObject(parent), m_ctx(ctx), m_desktop(desktop)
{
    connect(worker, &PostureWorker::ready, this, &AttentionCenter::onSnapshot);
    if (ctx.notifier())
        connect(ctx.notifier(), &ChangeNotifier::spoofingDetected, this, &AttentionCenter::onSpoofing);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(AppIcon::icon(), this);
        m_tray->setObjectName(QStringLiteral("trayIcon"));
        m_trayMenu = new QMenu(qobject_cast<QWidget*>(parent));
        m_trayMenu->addAction(QStringLiteral("Show Watchpost"), this, &AttentionCenter::showWindowRequested);
        m_trayMenu->addAction(QStringLiteral("Incidents"), this,
                              [this] { Q_EMIT openRequested(QStringLiteral("/incidents")); });
        m_tray->setContextMenu(m_trayMenu);
        connect(m_tray, &QSystemTrayIcon::activated, this,
                [this](QSystemTrayIcon::ActivationReason) { Q_EMIT showWindowRequested(); });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            if (!m_trayRoute.isEmpty())
                Q_EMIT openRequested(m_trayRoute);
        });
        m_tray->show();
    }
    if (m_desktop) {
        connect(m_desktop, &DesktopSession::notificationActivated, this, &AttentionCenter::openRequested);
        // No notification service: the tray says it instead (critical ones stay up as long as the tray allows).
        connect(m_desktop, &DesktopSession::notificationFailed, this,
                [this](const DesktopNotification& n, const QString&) {
                    if (!m_tray)
                        return;
                    m_trayRoute = n.route;
                    m_tray->showMessage(n.summary, n.body,
                                        n.critical ? QSystemTrayIcon::Critical : QSystemTrayIcon::Warning,
                                        n.critical ? 0 : 10000);
                });
    }
    updateTray();
}

void AttentionCenter::setLocked(bool locked)
{
    m_locked = locked;
    updateTray();
}

void AttentionCenter::onSnapshot(const PostureSnapshot& snapshot)
{
    if (!snapshot.readError.isEmpty())
        return;
    for (const AttentionEvent& e : m_tracker.update(snapshot))
        announce(e);
    if (snapshot.unacknowledgedTotal != m_unacknowledged) {
        m_unacknowledged = snapshot.unacknowledgedTotal;
        updateTray();
        Q_EMIT countChanged(m_unacknowledged);
    }
}

void AttentionCenter::onSpoofing(qint64 incidentId, const QString& source)
{
    const auto incident = m_ctx.incidents().incidents().load(incidentId, false);
    if (!incident || !incident->has_value())
        return;
    const Incident& i = **incident;
    announce(m_tracker.spoofing(i.id, i.publicId, i.title, i.severity, source));
}

void AttentionCenter::announce(const AttentionEvent& event)
{
    if (event.kind == AttentionEvent::Kind::NewIncident || event.kind == AttentionEvent::Kind::Spoofing)
        Q_EMIT incidentArrived(event.incidentId);
    DesktopNotification n{event.summary(), event.body(), event.route(), event.critical()};
    if (m_locked) // the lock hides what the console shows: the notification says only that something waits
        n = {event.critical() ? QStringLiteral("Watchpost: a critical alert is waiting")
                              : QStringLiteral("Watchpost: an alert is waiting"),
             QStringLiteral("Unlock Watchpost to see it."), event.route(), event.critical()};
    m_sent << n;
    if (m_desktop)
        m_desktop->notify(n);
    else if (m_tray) {
        m_trayRoute = n.route;
        m_tray->showMessage(n.summary, n.body, n.critical ? QSystemTrayIcon::Critical : QSystemTrayIcon::Warning,
                            n.critical ? 0 : 10000);
    }
}

void AttentionCenter::updateTray()
{
    if (!m_tray)
        return;
    if (m_locked)
        m_tray->setToolTip(QStringLiteral("Watchpost — Locked"));
    else if (m_unacknowledged > 0)
        m_tray->setToolTip(QStringLiteral("Watchpost — %1 unacknowledged incident%2")
                               .arg(m_unacknowledged)
                               .arg(m_unacknowledged == 1 ? "" : "s"));
    else
        m_tray->setToolTip(QStringLiteral("Watchpost — nothing unacknowledged"));
    m_tray->setIcon(AppIcon::withCount(m_locked ? 0 : std::max(0, m_unacknowledged)));
}

} // namespace watchpost
