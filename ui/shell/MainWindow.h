#pragma once
// MainWindow: the pages, navigation, menus and toolbar built from ConsoleRoutes and ConsoleActions; routing with
// Back; live refresh (ConsoleRefresh); what needs attention (AttentionCenter: notifications, tray and title counts);
// the owner's lock (Ctrl+L, idle, the session's screen lock); and what the window remembers between starts (QSettings).

#include "ui/shell/ConsoleContext.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QListWidget;
class QSettings;
class QStackedWidget;
class QToolBar;

namespace watchpost {

class AttentionCenter;
class ConsoleLock;
class ConsoleRefresh;
class IncidentPage;
class IncidentsPage;
class MetricsPage;
class OwnerLockPanel;
class PostureWorker;
class SecurityPage;
class PosturePage;
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
    // The page shown when the console last closed (the start page when no route is asked for).
    QString lastRoute() const;

    IncidentsPage* incidentsPage() const { return m_incidents; }
    IncidentPage* incidentPage() const { return m_incident; }
    PosturePage* posturePage() const { return m_posture; }
    WebhooksPage* webhooksPage() const { return m_webhooks; }
    SecurityPage* securityPage() const { return m_security; }
    OwnerLockPanel* lockPanel() const;
    AttentionCenter* attention() const { return m_attention; }
    QAction* action(const QString& id) const;
    bool isLocked() const;
    QString actor() const { return m_ctx.actor(); }
    // Minutes without input before the console locks (0: never); kept in the settings.
    int idleLockMinutes() const;
    void setIdleLockMinutes(int minutes);
    // Answers "Quit and stop the listener?" in tests (a seam: modal questions are not clicked offscreen).
    static void setQuitAnswerForTests(std::optional<bool> quit);
    // Off for a quit that no person asked for at this window (a termination signal).
    void setAskBeforeQuit(bool ask) { m_askBeforeQuit = ask; }

public Q_SLOTS:
    // Locks when re-authentication was forced after the owner signed in, or the idle time ran out.
    void checkLock();
    // Locks now (Ctrl+L): the passphrase is asked again; nothing else shows meanwhile.
    void lockNow(const QString& why = {});
    void showShortcuts();

Q_SIGNALS:
    // The start-up check of "stay signed in" is done (it reads the OS keychain on a thread of its own).
    void rememberedChecked(bool remembered);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void updateTitle();
    void updateStatus();
    void saveSettings();
    void goBack();

    ConsoleContext m_ctx;
    std::unique_ptr<QSettings> m_settings;
    QListWidget* m_nav;
    QStackedWidget* m_stack;
    PostureWorker* m_postureWorker;
    PosturePage* m_posture;
    IncidentsPage* m_incidents;
    IncidentPage* m_incident;
    MetricsPage* m_metrics;
    WebhooksPage* m_webhooks;
    SecurityPage* m_security;
    QStackedWidget* m_outer;
    ConsoleLock* m_lock = nullptr;
    AttentionCenter* m_attention;
    QToolBar* m_toolbar;
    QLabel* m_where;
    class ConnectionBanner* m_connection = nullptr; // attached to a server only
    class KillSwitchBanner* m_killSwitch = nullptr;
    QLabel* m_signedIn;
    QLabel* m_unacknowledged;
    QHash<QString, QAction*> m_actions;
    ConsoleRefresh* m_refresh;
    QString m_route;
    QStringList m_history; // routes shown before this one, for Back
    bool m_goingBack = false;
    bool m_askBeforeQuit = true;
    QHash<QString, QWidget*> m_pages; // page key (ConsoleRoutes) → page
};

} // namespace watchpost
