#include "net/desktop/FreedesktopSession.h"

#include <QDBusError>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QVariantMap>

namespace watchpost {
namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
} // namespace

FreedesktopSession::FreedesktopSession(QDBusConnection session, QObject* parent)
    : DesktopSession(parent), m_bus(std::move(session))
{
    qRegisterMetaType<DesktopNotification>();
    // QDBusConnection::connect takes its slot by name: D-Bus signals have no typed connect in Qt 6.4.
    m_bus.connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this,
                  SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this, SLOT(onClosed(uint, uint)));
    // Screen lockers: the freedesktop name (KDE, xfce, many others) and GNOME's own.
    m_bus.connect(QString(), QStringLiteral("/org/freedesktop/ScreenSaver"),
                  QStringLiteral("org.freedesktop.ScreenSaver"), QStringLiteral("ActiveChanged"), this,
                  SLOT(onScreenSaverActive(bool)));
    m_bus.connect(QString(), QStringLiteral("/ScreenSaver"), QStringLiteral("org.freedesktop.ScreenSaver"),
                  QStringLiteral("ActiveChanged"), this, SLOT(onScreenSaverActive(bool)));
    m_bus.connect(QString(), QStringLiteral("/org/gnome/ScreenSaver"), QStringLiteral("org.gnome.ScreenSaver"),
                  QStringLiteral("ActiveChanged"), this, SLOT(onScreenSaverActive(bool)));
    // logind's Lock is sent to the session object (loginctl lock-session); only this session's counts.
    const QString sessionId = qEnvironmentVariable("XDG_SESSION_ID");
    if (!sessionId.isEmpty())
        QDBusConnection::systemBus().connect(QStringLiteral("org.freedesktop.login1"), logindSessionPath(sessionId),
                                             QStringLiteral("org.freedesktop.login1.Session"), QStringLiteral("Lock"),
                                             this, SLOT(onLogindLock()));
}

QString FreedesktopSession::logindSessionPath(const QString& sessionId)
{
    // sd_bus_path_encode: letters and (not leading) digits stay, every other byte becomes _xx.
    QString escaped;
    const QByteArray bytes = sessionId.toUtf8();
    for (int i = 0; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool digit = c >= '0' && c <= '9';
        if (letter || (digit && i > 0))
            escaped += QLatin1Char(c);
        else
            escaped += QStringLiteral("_%1").arg(uint(uchar(c)), 2, 16, QLatin1Char('0'));
    }
    return QStringLiteral("/org/freedesktop/login1/session/") + (escaped.isEmpty() ? QStringLiteral("_") : escaped);
}

void FreedesktopSession::notify(const DesktopNotification& n)
{
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    QVariantMap hints;
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(uchar(n.critical ? 2 : 1)));
    hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("watchpost"));
    hints.insert(QStringLiteral("category"), QStringLiteral("watchpost.incident"));
    call << QStringLiteral("Watchpost") << uint(0) << QStringLiteral("watchpost") << n.summary << n.body
         << QStringList{QStringLiteral("default"), QStringLiteral("Open incident")} << hints
         << int(n.critical ? 0 : -1); // 0: never expires; -1: the daemon's default
    if (!m_bus.isConnected()) {       // no session bus at all: said after this call returns, as a late answer would be
        const QString why =
            m_bus.lastError().isValid() ? m_bus.lastError().message() : QStringLiteral("no D-Bus session bus");
        QMetaObject::invokeMethod(
            this, [this, n, why] { Q_EMIT notificationFailed(n, why); }, Qt::QueuedConnection);
        return;
    }
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, n](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        const QDBusPendingReply<uint> reply = *w;
        if (reply.isError()) {
            Q_EMIT notificationFailed(n, reply.error().message());
            return;
        }
        m_routes.insert(reply.value(), n.route);
    });
}

void FreedesktopSession::onActionInvoked(uint id, const QString& action)
{
    const auto route = m_routes.constFind(id);
    if (route == m_routes.constEnd())
        return; // another program's notification
    if (action == QLatin1String("default"))
        Q_EMIT notificationActivated(*route);
}

void FreedesktopSession::onClosed(uint id, uint)
{
    m_routes.remove(id);
}

void FreedesktopSession::onScreenSaverActive(bool active)
{
    if (active)
        Q_EMIT screenLocked();
}

void FreedesktopSession::onLogindLock()
{
    Q_EMIT screenLocked();
}

} // namespace watchpost
