#include "ui/shell/MainWindow.h"

#include "models/posture/PostureSnapshot.h"
#include "ui/attention/AttentionCenter.h"
#include "ui/incidents/IncidentPage.h"
#include "ui/incidents/IncidentsPage.h"
#include "ui/incidents/MetricsPage.h"
#include "ui/killswitch/KillSwitchBanner.h"
#include "ui/posture/PosturePage.h"
#include "ui/remote/ConnectionBanner.h"
#include "ui/security/SecurityPage.h"
#include "ui/shell/AppIcon.h"
#include "ui/shell/ConsoleActions.h"
#include "ui/shell/ConsoleLock.h"
#include "ui/shell/ConsoleRefresh.h"
#include "ui/shell/ConsoleRoutes.h"
#include "ui/shell/OwnerLockPanel.h"
#include "ui/shell/ShortcutsDialog.h"
#include "ui/shell/Theme.h"
#include "ui/webhooks/WebhooksPage.h"
#include "ui/widgets/FormDialog.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace watchpost {
namespace {
std::optional<bool> g_quitAnswer;
const QString kIdleKey = QStringLiteral("security/idleLockMinutes");
} // namespace

void MainWindow::setQuitAnswerForTests(std::optional<bool> quit)
{
    g_quitAnswer = quit;
}

MainWindow::MainWindow(const ConsoleContext& ctx, QWidget* parent) : QMainWindow(parent), m_ctx(ctx)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(AppIcon::icon());
    m_settings = ctx.settingsFile.isEmpty() ? std::make_unique<QSettings>()
                                            : std::make_unique<QSettings>(ctx.settingsFile, QSettings::IniFormat);
    // The window fits the screen it opens on, whatever was saved on a larger one.
    const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1280, 800);
    if (!restoreGeometry(m_settings->value(QStringLiteral("window/geometry")).toByteArray()))
        resize(std::min(1280, available.width() * 9 / 10), std::min(800, available.height() * 9 / 10));
    if (width() > available.width() || height() > available.height())
        resize(std::min(width(), available.width()), std::min(height(), available.height()));

    for (const ConsoleAction& spec : ConsoleActions::all())
        if (spec.menu != QLatin1String("Incident") && !spec.menu.isEmpty()) {
            QAction* a = ConsoleActions::make(spec.id, this);
            m_actions.insert(spec.id, a);
        }

    auto* central = new QWidget(this);
    auto* column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    if (ctx.remote) { // attached to a server: offline, "as of", and history changes show across the window
        m_connection = new ConnectionBanner(ctx.remote, central);
        column->addWidget(m_connection);
    }
    m_killSwitch = new KillSwitchBanner(ctx, central); // while shipping is stopped, across the whole window
    column->addWidget(m_killSwitch);
    auto* layout = new QHBoxLayout;
    column->addLayout(layout, 1);
    m_nav = new QListWidget(central);
    m_nav->setObjectName(QStringLiteral("navigation"));
    m_nav->setAccessibleName(QStringLiteral("Navigation"));
    for (const ConsolePage* page : ConsoleRoutes::navigation()) {
        auto* item = new QListWidgetItem(page->label, m_nav);
        item->setData(Qt::UserRole, page->key);
        if (QAction* go = m_actions.value(QStringLiteral("go_") + page->key))
            item->setIcon(go->icon());
    }
    m_nav->setFixedWidth(160);
    m_nav->setIconSize(QSize(20, 20));
    QFont navFont = m_nav->font();
    navFont.setPointSizeF(navFont.pointSizeF() * 1.15);
    m_nav->setFont(navFont);
    m_stack = new QStackedWidget(central);
    m_stack->setObjectName(QStringLiteral("pageStack"));
    m_postureWorker = new PostureWorker(ctx.store(), ctx.clock(), this);
    m_posture = new PosturePage(ctx, m_postureWorker, m_stack);
    m_incidents = new IncidentsPage(ctx, m_stack);
    m_incident = new IncidentPage(ctx, m_stack);
    m_metrics = new MetricsPage(ctx, m_stack);
    m_webhooks = new WebhooksPage(ctx, m_stack);
    m_security = new SecurityPage(ctx, m_stack);
    m_pages = {{QStringLiteral("posture"), m_posture},   {QStringLiteral("incidents"), m_incidents},
               {QStringLiteral("incident"), m_incident}, {QStringLiteral("metrics"), m_metrics},
               {QStringLiteral("webhooks"), m_webhooks}, {QStringLiteral("security"), m_security}};
    for (const ConsolePage& page : ConsoleRoutes::pages()) {
        Q_ASSERT(m_pages.contains(page.key)); // every route names a page this window has
        if (m_stack->indexOf(m_pages.value(page.key)) < 0)
            m_stack->addWidget(m_pages.value(page.key));
    }
    // No page asks for more width than the screen has: wrapping labels and tables that scroll keep it inside.
    m_stack->setMinimumSize(0, 0);
    layout->addWidget(m_nav);
    layout->addWidget(m_stack, 1);
    m_incidents->restoreState(*m_settings);
    m_webhooks->restoreState(*m_settings);
    // The owner's lock covers everything until the passphrase is entered (first start: set up the owner).
    m_outer = new QStackedWidget(this);
    m_outer->addWidget(central);
    setCentralWidget(m_outer);

    m_toolbar = addToolBar(QStringLiteral("Main"));
    m_toolbar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolbar->setAccessibleName(QStringLiteral("Main toolbar"));
    m_toolbar->setMovable(false);
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolbar->setIconSize(QSize(18, 18));
    for (const char* id : {"backAction", "reportIncidentAction", "refreshAction", "lockAction"})
        m_toolbar->addAction(m_actions.value(QLatin1String(id)));

    m_unacknowledged = new QLabel(this);
    m_unacknowledged->setObjectName(QStringLiteral("unacknowledgedStatus"));
    m_signedIn = new QLabel(this);
    m_signedIn->setObjectName(QStringLiteral("signedInStatus"));
    const ListenerInfo info = ctx.listener ? ctx.listener() : ListenerInfo{};
    m_where = new QLabel(QStringLiteral("Store: %1   |   API: %2")
                             .arg(ctx.store()->path(), !info.enabled    ? QStringLiteral("off")
                                                       : info.listening ? info.url
                                                                        : QStringLiteral("not listening")),
                         this);
    if (ctx.remote) {
        auto showLink = [this] {
            const LinkState s = m_ctx.remote->state();
            m_where->setText(QStringLiteral("%1   |   Replica: %2").arg(s.describe(), m_ctx.store()->path()));
            m_where->setToolTip(m_where->text());
            QAction* report = m_actions.value(QStringLiteral("reportIncidentAction"));
            const auto why = s.whyCannotAct();
            report->setEnabled(!why);
            report->setToolTip(why ? QStringLiteral("Report incident — %1").arg(*why)
                                   : QStringLiteral("Report incident (%1)")
                                         .arg(report->shortcut().toString(QKeySequence::NativeText)));
            updateStatus();
        };
        connect(ctx.remote.get(), &RemoteLink::stateChanged, this, showLink);
        QTimer::singleShot(0, this, showLink);
    }
    m_where->setObjectName(QStringLiteral("storeStatus"));
    m_where->setToolTip(m_where->text());
    m_where->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    // Permanent: a passing status message never hides who is signed in or what waits. The store and API line gives
    // its place to a passing message (a permanent widget that stretches would leave the message no room at all).
    statusBar()->addWidget(m_where, 1);
    statusBar()->addPermanentWidget(m_unacknowledged);
    statusBar()->addPermanentWidget(m_signedIn);

    m_attention = new AttentionCenter(ctx, m_postureWorker, ctx.desktop.get(), this);
    connect(m_attention, &AttentionCenter::countChanged, this, [this] {
        updateTitle();
        updateStatus();
    });
    connect(m_attention, &AttentionCenter::openRequested, this, [this](const QString& route) {
        showNormal();
        raise();
        activateWindow();
        if (!isLocked())
            openRoute(route);
    });
    connect(m_attention, &AttentionCenter::showWindowRequested, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    connect(m_attention, &AttentionCenter::incidentArrived, m_incidents, &IncidentsPage::highlight);
    if (ctx.desktop)
        connect(ctx.desktop.get(), &DesktopSession::screenLocked, this,
                [this] { lockNow(QStringLiteral("Locked because this session's screen locked.")); });

    m_lock = new ConsoleLock(ctx, m_outer, m_settings->value(kIdleKey, 15).toInt(), this);
    connect(m_lock, &ConsoleLock::rememberedChecked, this, &MainWindow::rememberedChecked);
    connect(m_lock, &ConsoleLock::changed, this, [this](bool locked) {
        menuBar()->setEnabled(!locked);
        if (locked) { // open forms close with the lock: nothing of the incident shows behind or over it
            for (QDialog* d : findChildren<QDialog*>())
                if (d->isVisible())
                    d->done(QDialog::Rejected);
        } else { // the keyboard goes on where the lock left it: from the hidden lock panel to the navigation
            m_nav->setFocus();
        }
        updateTitle();
        updateStatus();
    });
    connect(m_lock, &ConsoleLock::unlocked, this, [this](const QString& name, bool announce) {
        if (announce)
            statusBar()->showMessage(QStringLiteral("Signed in as %1").arg(name), 5000);
        updateStatus();
    });
    // Signed in with a part that failed ("stay signed in" the keychain refused): too long for the status bar, and the
    // owner must know the next start will ask again — a box they dismiss, its headline in the status bar.
    connect(m_lock, &ConsoleLock::warning, this, [this](const QString& message) {
        statusBar()->showMessage(message.section(QLatin1Char(':'), 0, 0), 20000);
        auto* box = new QMessageBox(QMessageBox::Warning, QStringLiteral("Signed in — Watchpost"), message,
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("signInWarning"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    m_lock->lock(QString()); // locked until the owner is known
    buildMenus();

    connect(m_nav, &QListWidget::currentRowChanged, this, [this](int row) {
        const auto nav = ConsoleRoutes::navigation();
        if (row >= 0 && row < nav.size() && m_route != nav.at(row)->route)
            openRoute(nav.at(row)->route);
    });
    connect(m_posture, &PosturePage::openRoute, this, &MainWindow::openRoute);
    connect(m_incidents, &IncidentsPage::openRoute, this, &MainWindow::openRoute);
    connect(m_webhooks, &WebhooksPage::openRoute, this, &MainWindow::openRoute);
    connect(m_metrics, &MetricsPage::openRoute, this, &MainWindow::openRoute);
    connect(m_incident, &IncidentPage::shownChanged, this, &MainWindow::updateTitle);
    connect(m_incident, &IncidentPage::recoveryRequested, this, [this](const QString& publicId) {
        openRoute(QStringLiteral("/settings/security"));
        m_security->showTab(QStringLiteral("recovery"));
        m_security->recoveryDialog(publicId)->open();
    });

    m_refresh = new ConsoleRefresh(
        ctx, {m_postureWorker, m_posture, m_incidents, m_incident, m_metrics, m_webhooks, m_security},
        [this] { return m_stack->currentWidget(); }, this);
    connect(m_refresh, &ConsoleRefresh::ticked, m_lock, &ConsoleLock::tick);
    connect(m_refresh, &ConsoleRefresh::ticked, m_killSwitch, &KillSwitchBanner::refresh);
    connect(m_killSwitch, &KillSwitchBanner::incidentRequested, this,
            [this](const QString& id) { openRoute(QStringLiteral("/incidents/") + id); });
    connect(m_security, &SecurityPage::reauthenticationForced, this, &MainWindow::checkLock);
    connect(ThemeSignals::instance(), &ThemeSignals::changed, this, [this] {
        m_settings->setValue(QStringLiteral("view/theme"), Theme::modeName(Theme::current()));
        m_refresh->refreshAll();
    });
    m_postureWorker->request();
    openRoute(QStringLiteral("/posture"));
    m_history.clear();
    updateStatus();
}

void MainWindow::buildMenus()
{
    QHash<QString, QMenu*> menus;
    for (const QString& name : ConsoleActions::menus()) {
        QMenu* menu = menuBar()->addMenu(QStringLiteral("&") + name);
        menu->setObjectName(name.toLower() + QStringLiteral("Menu"));
        menu->setToolTipsVisible(true);
        menus.insert(name, menu);
    }
    for (const ConsoleAction& spec : ConsoleActions::all()) {
        if (spec.menu.isEmpty())
            continue;
        QAction* a = spec.menu == QLatin1String("Incident") ? m_incident->action(spec.id) : m_actions.value(spec.id);
        QMenu* menu = menus.value(spec.menu);
        if (spec.id == QLatin1String("containmentEntryAction") || spec.id == QLatin1String("correctEntryAction") ||
            spec.id == QLatin1String("quitAction") || spec.id == QLatin1String("backAction"))
            menu->addSeparator();
        menu->addAction(a);
        if (spec.id == QLatin1String("lockAction")) {
            QMenu* idle = menu->addMenu(QStringLiteral("Lock when idle"));
            idle->setObjectName(QStringLiteral("idleLockMenu"));
            auto* group = new QActionGroup(idle);
            for (int minutes : {0, 5, 15, 30, 60}) {
                QAction* choice = idle->addAction(minutes ? QStringLiteral("After %1 minutes").arg(minutes)
                                                          : QStringLiteral("Never"));
                choice->setObjectName(QStringLiteral("idleLock_%1").arg(minutes));
                choice->setCheckable(true);
                choice->setChecked(minutes == m_lock->idleMinutes());
                group->addAction(choice);
                connect(choice, &QAction::triggered, this, [this, minutes] { setIdleLockMinutes(minutes); });
            }
        }
    }
    for (const ConsolePage& page : ConsoleRoutes::pages())
        if (!page.menuLabel.isEmpty()) {
            const QString route = page.route;
            connect(m_actions.value(QStringLiteral("go_") + page.key), &QAction::triggered, this,
                    [this, route] { openRoute(route); });
        }
    // Ctrl+N reports from every page (the Incidents page's button is this same action).
    connect(m_actions.value(QStringLiteral("reportIncidentAction")), &QAction::triggered, m_incidents,
            &IncidentsPage::reportIncident);
    m_incidents->setReportAction(m_actions.value(QStringLiteral("reportIncidentAction")));
    connect(m_actions.value(QStringLiteral("lockAction")), &QAction::triggered, this, [this] { lockNow(); });
    m_actions.value(QStringLiteral("lockAction"))->setEnabled(m_ctx.owner != nullptr);
    connect(m_actions.value(QStringLiteral("quitAction")), &QAction::triggered, this, &QWidget::close);
    connect(m_actions.value(QStringLiteral("backAction")), &QAction::triggered, this, &MainWindow::goBack);
    connect(m_actions.value(QStringLiteral("toggleThemeAction")), &QAction::triggered, this, [] {
        if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance()))
            Theme::toggle(*app);
    });
    connect(m_actions.value(QStringLiteral("refreshAction")), &QAction::triggered, this,
            [this] { m_refresh->refreshAll(); });
    connect(m_actions.value(QStringLiteral("shortcutsAction")), &QAction::triggered, this, &MainWindow::showShortcuts);
}

QAction* MainWindow::action(const QString& id) const
{
    if (QAction* a = m_actions.value(id))
        return a;
    return m_incident->action(id);
}

void MainWindow::showShortcuts()
{
    auto* dialog = new ShortcutsDialog(this);
    dialog->resize(560, std::min(640, height()));
    dialog->open();
}

QString MainWindow::lastRoute() const
{
    const QString saved = m_settings->value(QStringLiteral("window/lastRoute")).toString();
    return ConsoleRoutes::parse(saved) ? saved : QStringLiteral("/posture");
}

void MainWindow::setIdleLockMinutes(int minutes)
{
    m_lock->setIdleMinutes(minutes);
    m_settings->setValue(kIdleKey, m_lock->idleMinutes());
    if (auto* choice = findChild<QAction*>(QStringLiteral("idleLock_%1").arg(m_lock->idleMinutes())))
        choice->setChecked(true);
}

void MainWindow::updateTitle()
{
    if (isLocked()) {
        setWindowTitle(QStringLiteral("Watchpost — Locked"));
        return;
    }
    QString shown;
    const auto route = ConsoleRoutes::parse(m_route);
    if (route && route->page->key == QLatin1String("incident") && m_incident->incident())
        shown = QStringLiteral("%1 — %2").arg(m_incident->incident()->publicId, m_incident->incident()->title);
    else if (route) {
        const ConsolePage* named = route->page;
        for (const ConsolePage& p : ConsoleRoutes::pages())
            if (p.key == route->page->key && !p.label.isEmpty())
                named = &p;
        shown = !route->page->tab.isEmpty()
                    ? QStringLiteral("%1 — %2").arg(named->label,
                                                    route->page->tab.at(0).toUpper() + route->page->tab.mid(1))
                    : named->label;
    }
    const int n = m_attention ? m_attention->unacknowledged() : 0;
    const QString count = n > 0 ? QStringLiteral(" — %1 unacknowledged").arg(n) : QString();
    setWindowTitle(shown.isEmpty() ? QStringLiteral("Watchpost") + count
                                   : QStringLiteral("%1 — Watchpost%2").arg(shown, count));
}

void MainWindow::updateStatus()
{
    const bool locked = isLocked();
    // The whole status bar goes with the lock: its store line is the status bar's own to hide and show around a
    // passing message, so it is never shown or hidden by hand.
    statusBar()->setVisible(!locked);
    m_toolbar->setVisible(!locked);
    const int n = m_attention ? m_attention->unacknowledged() : 0;
    m_unacknowledged->setText(
        n > 0 ? QStringLiteral("<b style='color:%1'>%2 unacknowledged</b>")
                    .arg(Theme::severityColor(Severity::High).name())
                    .arg(n)
              : QStringLiteral("<span style='color:%1'>0 unacknowledged</span>").arg(Theme::mutedColor().name()));
    if (m_ctx.remote) { // the server records what this console does under the key's name
        const LinkState s = m_ctx.remote->state();
        m_signedIn->setText(s.actor.isEmpty() ? QStringLiteral("Key not yet known to the server")
                                              : QStringLiteral("Acting as <b>%1</b> (%2) on the server")
                                                    .arg(s.actor.toHtmlEscaped(), s.role.toHtmlEscaped()));
    } else {
        m_signedIn->setText(m_ctx.owner ? QStringLiteral("Signed in as <b>%1</b>").arg(m_ctx.actor().toHtmlEscaped())
                                        : QStringLiteral("Acting as <b>%1</b>").arg(m_ctx.actor().toHtmlEscaped()));
    }
    if (m_attention)
        m_attention->setLocked(locked);
}

void MainWindow::goBack()
{
    while (!m_history.isEmpty()) {
        const QString previous = m_history.takeLast();
        m_goingBack = true;
        const bool shown = openRoute(previous);
        m_goingBack = false;
        if (shown)
            return;
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    const ListenerInfo info = m_ctx.listener ? m_ctx.listener() : ListenerInfo{};
    if (m_askBeforeQuit && info.enabled && info.listening) {
        bool quit = true;
        if (g_quitAnswer)
            quit = *g_quitAnswer;
        else {
            QMessageBox ask(QMessageBox::Warning, QStringLiteral("Quit Watchpost?"),
                            QStringLiteral("Quitting stops the listener on %1: the REST API and GitHub webhooks stop "
                                           "answering until Watchpost runs again.")
                                .arg(info.url),
                            QMessageBox::NoButton, this);
            QPushButton* stop =
                ask.addButton(QStringLiteral("Quit and stop the listener"), QMessageBox::DestructiveRole);
            ask.addButton(QMessageBox::Cancel);
            ask.setDefaultButton(QMessageBox::Cancel);
            ask.exec();
            quit = ask.clickedButton() == stop;
        }
        if (!quit) {
            event->ignore();
            return;
        }
    }
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::saveSettings()
{
    m_settings->setValue(QStringLiteral("window/geometry"), saveGeometry());
    if (!m_route.isEmpty())
        m_settings->setValue(QStringLiteral("window/lastRoute"), m_route);
    m_settings->setValue(QStringLiteral("view/theme"), Theme::modeName(Theme::current()));
    m_incidents->saveState(*m_settings);
    m_webhooks->saveState(*m_settings);
    m_settings->sync();
}

bool MainWindow::openRoute(const QString& rawRoute)
{
    const auto route = ConsoleRoutes::parse(rawRoute);
    if (!route) {
        statusBar()->showMessage(ConsoleRoutes::unknownRouteMessage(rawRoute.trimmed()), 8000);
        return false;
    }
    const QString& key = route->page->key;
    if (key == QLatin1String("incident")) {
        if (const auto shown = m_incident->showIncident(route->argument); !shown) {
            statusBar()->showMessage(
                shown.error().kind == Error::Kind::NotFound
                    ? QStringLiteral("No incident %1").arg(route->argument)
                    : QStringLiteral("Incident %1 could not be read: %2").arg(route->argument, shown.error().message),
                8000);
            return false;
        }
    } else if (key == QLatin1String("posture"))
        m_posture->refresh();
    else if (key == QLatin1String("incidents"))
        m_incidents->refresh();
    else if (key == QLatin1String("webhooks"))
        m_webhooks->refresh();
    else if (key == QLatin1String("metrics"))
        m_metrics->refresh();
    else if (key == QLatin1String("security")) {
        m_security->refresh();
        if (!route->page->tab.isEmpty())
            m_security->showTab(route->page->tab);
    }
    if (!m_goingBack && !m_route.isEmpty() && m_route != route->canonical)
        m_history << m_route;
    if (m_history.size() > 50)
        m_history.removeFirst();
    m_actions.value(QStringLiteral("backAction"))->setEnabled(!m_history.isEmpty());
    m_route = route->canonical;
    m_incident->setAvailable(key == QLatin1String("incident"));
    m_stack->setCurrentWidget(m_pages.value(key));
    const QSignalBlocker block(m_nav);
    const auto nav = ConsoleRoutes::navigation();
    for (int row = 0; row < nav.size(); ++row)
        if (nav.at(row)->key == route->page->navKey)
            m_nav->setCurrentRow(row);
    updateTitle();
    return true;
}

bool MainWindow::isLocked() const
{
    return m_lock && m_lock->isLocked();
}

OwnerLockPanel* MainWindow::lockPanel() const
{
    return m_lock->panel();
}

int MainWindow::idleLockMinutes() const
{
    return m_lock->idleMinutes();
}

void MainWindow::lockNow(const QString& why)
{
    m_lock->lockNow(why);
}

void MainWindow::checkLock()
{
    m_lock->tick();
}

MainWindow::~MainWindow() = default;

} // namespace watchpost
