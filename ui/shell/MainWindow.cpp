#include "ui/shell/MainWindow.h"

#include "models/store/StoreWatcher.h"
#include "ui/incidents/IncidentPage.h"
#include "ui/incidents/IncidentsPage.h"
#include "ui/incidents/MetricsPage.h"
#include "ui/posture/PosturePage.h"
#include "ui/security/SecurityPage.h"
#include "ui/shell/ConsoleRoutes.h"
#include "ui/shell/OwnerLockPanel.h"
#include "ui/shell/Theme.h"
#include "ui/webhooks/WebhooksPage.h"
#include "ui/widgets/FormDialog.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QPointer>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>

namespace watchpost {
MainWindow::MainWindow(const ConsoleContext& ctx, QWidget* parent) : QMainWindow(parent), m_ctx(ctx)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Watchpost — security operations"));
    resize(1280, 800);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    m_nav = new QListWidget(central);
    m_nav->setObjectName(QStringLiteral("navigation"));
    m_nav->setAccessibleName(QStringLiteral("Navigation"));
    for (const ConsolePage* page : ConsoleRoutes::navigation()) {
        auto* item = new QListWidgetItem(page->label, m_nav);
        item->setData(Qt::UserRole, page->key);
    }
    m_nav->setFixedWidth(170);
    QFont navFont = m_nav->font();
    navFont.setPointSizeF(navFont.pointSizeF() * 1.15);
    m_nav->setFont(navFont);
    m_stack = new QStackedWidget(central);
    m_stack->setObjectName(QStringLiteral("pageStack"));
    m_posture = new PosturePage(ctx, m_stack);
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
    layout->addWidget(m_nav);
    layout->addWidget(m_stack, 1);
    // The owner's lock covers everything until the passphrase is entered (first start: set up the owner).
    m_outer = new QStackedWidget(this);
    m_outer->addWidget(central);
    if (ctx.owner) {
        m_lock = new OwnerLockPanel(ctx.owner, ctx.keys(), m_outer);
        m_outer->addWidget(m_lock);
        connect(m_lock, &OwnerLockPanel::unlocked, this, [this](const QString& name) { unlockAs(name, true); });
        // Locked until the owner is known: a remembered sign-in is confirmed by the keychain off this thread.
        lock(QString());
        checkRememberedInBackground();
    }
    setCentralWidget(m_outer);

    auto* go = menuBar()->addMenu(QStringLiteral("&Go"));
    for (const ConsolePage& page : ConsoleRoutes::pages())
        if (!page.menuLabel.isEmpty()) {
            const QString route = page.route;
            QAction* action =
                go->addAction(page.menuLabel, QKeySequence(page.shortcut), this, [this, route] { openRoute(route); });
            action->setObjectName(QStringLiteral("go_") + page.key);
        }
    go->addSeparator();
    go->addAction(QStringLiteral("Report incident…"), QKeySequence(QStringLiteral("Ctrl+N")), this, [this] {
        openRoute(QStringLiteral("/incidents"));
        m_incidents->reportIncident();
    });
    go->addAction(QStringLiteral("Quit"), QKeySequence::Quit, this, &QWidget::close);
    auto* view = menuBar()->addMenu(QStringLiteral("&View"));
    view->addAction(QStringLiteral("Toggle dark/light palette"), QKeySequence(QStringLiteral("Ctrl+Shift+T")), this,
                    [] {
                        if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance()))
                            Theme::toggle(*app);
                    });
    view->addAction(QStringLiteral("Refresh"), QKeySequence::Refresh, this, [this] {
        m_externalChange = true;
        refreshNow();
    });

    const ListenerInfo info = ctx.listener ? ctx.listener() : ListenerInfo{};
    auto* where = new QLabel(QStringLiteral("Store: %1   |   API: %2")
                                 .arg(ctx.store()->path(), !info.enabled    ? QStringLiteral("off")
                                                           : info.listening ? info.url
                                                                            : QStringLiteral("not listening")),
                             this);
    where->setObjectName(QStringLiteral("storeStatus"));
    statusBar()->addPermanentWidget(where);

    connect(m_nav, &QListWidget::currentRowChanged, this, [this](int row) {
        const auto nav = ConsoleRoutes::navigation();
        if (row >= 0 && row < nav.size() && m_route != nav.at(row)->route)
            openRoute(nav.at(row)->route);
    });
    connect(m_posture, &PosturePage::openRoute, this, &MainWindow::openRoute);
    connect(m_incidents, &IncidentsPage::openRoute, this, &MainWindow::openRoute);
    connect(m_incident, &IncidentPage::recoveryRequested, this, [this](const QString& publicId) {
        openRoute(QStringLiteral("/settings/security"));
        m_security->showTab(QStringLiteral("recovery"));
        m_security->recoveryDialog(publicId)->open();
    });

    // Writes from the listener thread arrive as queued signals with ids; other processes show up through
    // the store's data_version. Both are coalesced so a burst of writes costs one refresh.
    m_refresh = new QTimer(this);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(100);
    connect(m_refresh, &QTimer::timeout, this, &MainWindow::refreshNow);
    if (ctx.notifier())
        connect(ctx.notifier(), &ChangeNotifier::incidentChanged, this, &MainWindow::scheduleRefresh);
    // Deliveries can arrive thousands a second: the webhooks page refreshes at most four times a second.
    m_webhookRefresh = new QTimer(this);
    m_webhookRefresh->setSingleShot(true);
    m_webhookRefresh->setInterval(250);
    connect(m_webhookRefresh, &QTimer::timeout, this, [this] {
        if (m_stack->currentWidget() == m_webhooks)
            m_webhooks->refresh();
        if (m_stack->currentWidget() == m_posture)
            m_posture->refresh();
    });
    if (ctx.notifier())
        connect(ctx.notifier(), &ChangeNotifier::webhooksChanged, this, [this] {
            if (!m_webhookRefresh->isActive())
                m_webhookRefresh->start();
        });
    m_watcher = new StoreWatcher(ctx.store(), 500, this);
    connect(m_watcher, &StoreWatcher::changed, this, [this] {
        m_externalChange = true;
        if (!m_refresh->isActive())
            m_refresh->start();
    });
    auto* tick = new QTimer(this);
    tick->setInterval(1000);
    connect(tick, &QTimer::timeout, m_incident, &IncidentPage::tick);
    connect(tick, &QTimer::timeout, this, [this] {
        // The posture's SLA tallies move with time, not only with writes: every 5 s of the clock.
        const qint64 now = m_ctx.clock()->nowMs();
        if (m_stack->currentWidget() == m_posture && now - m_postureTickAt >= 5000) {
            m_postureTickAt = now;
            m_posture->refresh();
        }
    });
    connect(tick, &QTimer::timeout, this, &MainWindow::checkLock);
    connect(m_security, &SecurityPage::reauthenticationForced, this, &MainWindow::checkLock);
    tick->start();
    openRoute(QStringLiteral("/posture"));
}

void MainWindow::scheduleRefresh(qint64 incidentId)
{
    m_changed.insert(incidentId);
    if (!m_refresh->isActive())
        m_refresh->start();
}

void MainWindow::refreshNow()
{
    m_watcher->poll(); // what we refresh now covers the commits seen so far
    m_incidents->refresh();
    if (m_stack->currentWidget() == m_posture)
        m_posture->refresh();
    if (m_stack->currentWidget() == m_metrics)
        m_metrics->refresh();
    if (m_stack->currentWidget() == m_security && m_externalChange)
        m_security->refresh(); // a revocation or rotation through the API shows here too
    if (m_externalChange)
        m_changed.insert(m_incident->incidentId());
    for (qint64 id : std::as_const(m_changed))
        m_incident->incidentChanged(id);
    m_changed.clear();
    m_externalChange = false;
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
    m_route = route->canonical;
    m_stack->setCurrentWidget(m_pages.value(key));
    const QSignalBlocker block(m_nav);
    const auto nav = ConsoleRoutes::navigation();
    for (int row = 0; row < nav.size(); ++row)
        if (nav.at(row)->key == route->page->navKey)
            m_nav->setCurrentRow(row);
    setWindowTitle(QStringLiteral("Watchpost — %1").arg(m_route));
    return true;
}

bool MainWindow::isLocked() const
{
    return m_lock && m_outer->currentWidget() == m_lock;
}

MainWindow::~MainWindow()
{
    if (m_rememberedCheck)
        m_rememberedCheck->wait();
}

void MainWindow::unlockAs(const QString& name, bool announce)
{
    m_ctx.setActor(name);
    m_unlockedAt = m_ctx.clock()->now();
    m_outer->setCurrentIndex(0);
    menuBar()->setEnabled(true);
    if (announce)
        statusBar()->showMessage(QStringLiteral("Signed in as %1").arg(name), 5000);
}

void MainWindow::checkRememberedInBackground()
{
    const auto owner = m_ctx.owner->ownerName();
    if (!owner || !owner->has_value() || !m_ctx.keys()) {
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT rememberedChecked(false); }, Qt::QueuedConnection);
        return;
    }
    const QString name = **owner;
    // The worker has its own store connection (OwnerAccount reads on the calling thread) and hands its answer back
    // queued, to this window only if it still exists.
    m_rememberedCheck.reset(QThread::create(
        [owner = m_ctx.owner, keys = m_ctx.keys(), store = m_ctx.store(), window = QPointer<MainWindow>(this), name] {
            const bool remembered = owner->remembered(*keys);
            store->closeThreadConnection();
            QMetaObject::invokeMethod(
                qApp,
                [window, remembered, name] {
                    if (!window)
                        return;
                    // Only a console still showing its first lock is unlocked: the owner may have typed meanwhile.
                    if (remembered && window->isLocked() && window->m_lock->isUntouched())
                        window->unlockAs(name, false);
                    Q_EMIT window->rememberedChecked(remembered);
                },
                Qt::QueuedConnection);
        }));
    m_rememberedCheck->setObjectName(QStringLiteral("watchpost-remembered"));
    m_rememberedCheck->start();
}

void MainWindow::lock(const QString& why)
{
    if (!m_lock)
        return;
    m_lock->prepare(why);
    m_outer->setCurrentWidget(m_lock);
    menuBar()->setEnabled(false);
}

void MainWindow::checkLock()
{
    if (!m_ctx.owner || isLocked() || !m_ctx.owner->mustReauthenticate(m_unlockedAt))
        return;
    // A forced re-authentication also ends "stay signed in".
    m_ctx.owner->forget(m_ctx.keys().get());
    const auto owner = m_ctx.owner->ownerName();
    lock(
        QStringLiteral("<b>Re-authentication was forced</b> (token-compromise recovery). Enter the passphrase of %1 to "
                       "continue; every earlier session was cut off.")
            .arg(owner && owner->has_value() ? (*owner)->toHtmlEscaped() : QStringLiteral("the owner")));
}

} // namespace watchpost
