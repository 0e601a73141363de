#pragma once
// AttentionCenter: brings what cannot wait to the lead — turns posture snapshots and spoofing detections into
// desktop notifications (their action opens the incident; the tray's balloon when the desktop has no notification
// service), keeps the tray icon's count of unacknowledged incidents, and says which incident is new so its row can
// be highlighted. While the console is locked a notification names no incident.

#include "models/attention/AttentionTracker.h"
#include "models/attention/DesktopSession.h"
#include "ui/shell/ConsoleContext.h"

#include <QObject>

class QSystemTrayIcon;
class QMenu;

namespace watchpost {

class AttentionCenter : public QObject
{
    Q_OBJECT
public:
    AttentionCenter(const ConsoleContext& ctx, PostureWorker* worker, DesktopSession* desktop, QObject* parent);

    int unacknowledged() const { return m_unacknowledged; }
    QSystemTrayIcon* tray() const { return m_tray; }
    void setLocked(bool locked);
    // Every notification sent, newest last (what the tray fallback showed too): the test API.
    const QList<DesktopNotification>& sent() const { return m_sent; }

public Q_SLOTS:
    void onSnapshot(const watchpost::PostureSnapshot& snapshot);
    void onSpoofing(qint64 incidentId, const QString& source);

Q_SIGNALS:
    void countChanged(int unacknowledged);
    void openRequested(const QString& route);
    void incidentArrived(qint64 incidentId);
    void showWindowRequested();

private:
    void announce(const AttentionEvent& event);
    void updateTray();

    ConsoleContext m_ctx;
    DesktopSession* m_desktop;
    AttentionTracker m_tracker;
    QSystemTrayIcon* m_tray = nullptr;
    QMenu* m_trayMenu = nullptr;
    QString m_trayRoute;
    int m_unacknowledged = -1;
    bool m_locked = false;
    QList<DesktopNotification> m_sent;
};

} // namespace watchpost
