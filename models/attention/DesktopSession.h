#pragma once
// DesktopSession: what the console asks of the desktop it runs on — show a notification (the desktop's
// notification service), and hear when the session's screen locks. Implemented over D-Bus in net/desktop/; an
// empty implementation stands for a desktop without either.

#include <QObject>
#include <QString>

namespace watchpost {

struct DesktopNotification
{
    QString summary;
    QString body;
    QString route;         // what its action opens
    bool critical = false; // stays until dismissed
};

class DesktopSession : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    // Sends without waiting; `notificationFailed` follows when no notification service took it.
    virtual void notify(const DesktopNotification& notification) = 0;

Q_SIGNALS:
    // The person clicked the notification (or its "Open" action).
    void notificationActivated(const QString& route);
    // No notification service answered: the caller shows it another way (the tray).
    void notificationFailed(const watchpost::DesktopNotification& notification, const QString& why);
    // The session's screen locked (screensaver or logind).
    void screenLocked();
};

} // namespace watchpost

Q_DECLARE_METATYPE(watchpost::DesktopNotification)
