#pragma once
// MainWindow: the pages, navigation and Go menu built from ConsoleRoutes, routing, live refresh, and the owner's
// lock.

#include "ui/shell/ConsoleContext.h"

#include <QMainWindow>
#include <QThread>

#include <memory>

class QListWidget;
class QStackedWidget;
class QTimer;

namespace watchpost {

class IncidentPage;
class IncidentsPage;
class MetricsPage;
class OwnerLockPanel;
class SecurityPage;
class PosturePage;
class StoreWatcher;
class WebhooksPage;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const ConsoleContext& ctx, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Shows the page for `route`; false (and a status message) for a route that names nothing.
    bool openRoute(const QString& route);
    QString currentRoute() const { return m_route; }

    IncidentsPage* incidentsPage() const { return m_incidents; }
    IncidentPage* incidentPage() const { return m_incident; }
    PosturePage* posturePage() const { return m_posture; }
    WebhooksPage* webhooksPage() const { return m_webhooks; }
    SecurityPage* securityPage() const { return m_security; }
    OwnerLockPanel* lockPanel() const { return m_lock; }
    bool isLocked() const;
    QString actor() const { return m_ctx.actor(); }

public Q_SLOTS:
    // Locks when re-authentication was forced after the owner signed in.
    void checkLock();

Q_SIGNALS:
    // The start-up check of "stay signed in" is done (it reads the OS keychain on a thread of its own).
    void rememberedChecked(bool remembered);

private:
    // Asks, off the GUI thread, whether the owner chose to stay signed in; unlocks when the keychain says so.
    void checkRememberedInBackground();
    void unlockAs(const QString& name, bool announce);
    void scheduleRefresh(qint64 incidentId);
    void refreshNow();
    void lock(const QString& why);

    ConsoleContext m_ctx;
    QListWidget* m_nav;
    QStackedWidget* m_stack;
    PosturePage* m_posture;
    IncidentsPage* m_incidents;
    IncidentPage* m_incident;
    MetricsPage* m_metrics;
    WebhooksPage* m_webhooks;
    SecurityPage* m_security;
    QStackedWidget* m_outer;
    OwnerLockPanel* m_lock = nullptr;
    QDateTime m_unlockedAt;
    std::unique_ptr<QThread> m_rememberedCheck; // waited for on close: a keychain read ends within its timeout
    QTimer* m_webhookRefresh;
    StoreWatcher* m_watcher;
    QTimer* m_refresh;
    QSet<qint64> m_changed;
    bool m_externalChange = false;
    qint64 m_postureTickAt = 0; // clock time of the last timed posture refresh
    QString m_route;
    QHash<QString, QWidget*> m_pages; // page key (ConsoleRoutes) → page
};

} // namespace watchpost
