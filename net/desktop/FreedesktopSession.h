#pragma once
// FreedesktopSession: DesktopSession over the session's D-Bus — notifications through
// org.freedesktop.Notifications (its "default" action opens the incident; critical ones never expire), and the
// screen lock heard from org.freedesktop.ScreenSaver / org.gnome.ScreenSaver ActiveChanged and logind's Lock signal
// for this session. Every call is asynchronous: a slow or absent bus never holds the console.

#include "models/attention/DesktopSession.h"

#include <QDBusConnection>
#include <QHash>

class QDBusPendingCallWatcher;

namespace watchpost {

class FreedesktopSession : public DesktopSession
{
    Q_OBJECT
public:
    // `session`: the session bus to use (tests pass a private one); the system bus is asked for logind.
    explicit FreedesktopSession(QDBusConnection session = QDBusConnection::sessionBus(), QObject* parent = nullptr);

    void notify(const DesktopNotification& notification) override;
    // The logind object path of a session id, as logind escapes it ("3" → "/org/freedesktop/login1/session/_33").
    static QString logindSessionPath(const QString& sessionId);

private Q_SLOTS:
    void onActionInvoked(uint id, const QString& action);
    void onClosed(uint id, uint reason);
    void onScreenSaverActive(bool active);
    void onLogindLock();

private:
    QDBusConnection m_bus;
    QHash<uint, QString> m_routes; // notification id → the route its action opens
};

} // namespace watchpost
