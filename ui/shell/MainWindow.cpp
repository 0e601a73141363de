#include "ui/shell/MainWindow.h"

#include "models/store/StoreWatcher.h"
#include "ui/incidents/IncidentPage.h"
#include "ui/incidents/IncidentsPage.h"
#include "ui/incidents/MetricsPage.h"
#include "ui/posture/PosturePage.h"
#include "ui/security/SecurityPage.h"
#include "ui/shell/OwnerLockPanel.h"
#include "ui/shell/Theme.h"
#include "ui/webhooks/WebhooksPage.h"
#include "ui/widgets/FormDialog.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>

namespace watchpost {
namespace {
enum NavRow
{
    PostureRow,
    IncidentsRow,
    MetricsRow,
    WebhooksRow,
    SecurityRow
};
}

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
    m_nav->addItems({QStringLiteral("Posture"), QStringLiteral("Incidents"), QStringLiteral("Metrics"),
                     QStringLiteral("Webhooks"), QStringLiteral("Security")});
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
    m_stack->addWidget(m_posture);
    m_stack->addWidget(m_incidents);
    m_stack->addWidget(m_incident);
    m_stack->addWidget(m_metrics);
    m_stack->addWidget(m_webhooks);
    m_stack->addWidget(m_security);
    layout->addWidget(m_nav);
    layout->addWidget(m_stack, 1);
    // The owner's lock covers everything until the passphrase is entered (first start: set up the owner).
    m_outer = new QStackedWidget(this);
    m_outer->addWidget(central);
    if (ctx.owner) {
        m_lock = new OwnerLockPanel(ctx.owner, ctx.keys, m_outer);
        m_outer->addWidget(m_lock);
        connect(m_lock, &OwnerLockPanel::unlocked, this, [this](const QString& name) {
            m_ctx.setActor(name);
            m_unlockedAt = m_ctx.clock->now();
            m_outer->setCurrentIndex(0);
            menuBar()->setEnabled(true);
            statusBar()->showMessage(QStringLiteral("Signed in as %1").arg(name), 5000);
        });
        const bool remembered = ctx.owner->ownerName() && ctx.keys && ctx.owner->remembered(*ctx.keys);
        if (remembered) {
            m_ctx.setActor(*ctx.owner->ownerName());
            m_unlockedAt = ctx.clock->now();
        } else
            lock(QString());
    }
    setCentralWidget(m_outer);

    auto* go = menuBar()->addMenu(QStringLiteral("&Go"));
    go->addAction(QStringLiteral("Posture"), QKeySequence(QStringLiteral("Ctrl+1")), this,
                  [this] { openRoute(QStringLiteral("/posture")); });
    go->addAction(QStringLiteral("Incidents"), QKeySequence(QStringLiteral("Ctrl+2")), this,
                  [this] { openRoute(QStringLiteral("/incidents")); });
    go->addAction(QStringLiteral("Metrics"), QKeySequence(QStringLiteral("Ctrl+3")), this,
                  [this] { openRoute(QStringLiteral("/metrics")); });
    go->addAction(QStringLiteral("Webhooks"), QKeySequence(QStringLiteral("Ctrl+4")), this,
                  [this] { openRoute(QStringLiteral("/webhooks")); });
    go->addAction(QStringLiteral("Security settings"), QKeySequence(QStringLiteral("Ctrl+5")), this,
                  [this] { openRoute(QStringLiteral("/settings/security")); });
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
                                 .arg(ctx.store->path(), !info.enabled    ? QStringLiteral("off")
                                                         : info.listening ? info.url
                                                                          : QStringLiteral("not listening")),
                             this);
    where->setObjectName(QStringLiteral("storeStatus"));
    statusBar()->addPermanentWidget(where);

    connect(m_nav, &QListWidget::currentRowChanged, this, [this](int row) {
        static const char* routes[] = {"/posture", "/incidents", "/metrics", "/webhooks", "/settings/security"};
        if (row >= 0 && row < 5 && m_route != QLatin1String(routes[row]))
            openRoute(QString::fromLatin1(routes[row]));
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
    if (ctx.notifier)
        connect(ctx.notifier, &ChangeNotifier::incidentChanged, this, &MainWindow::scheduleRefresh);
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
    if (ctx.notifier)
        connect(ctx.notifier, &ChangeNotifier::webhooksChanged, this, [this] {
            if (!m_webhookRefresh->isActive())
                m_webhookRefresh->start();
        });
    m_watcher = new StoreWatcher(ctx.store, 500, this);
    connect(m_watcher, &StoreWatcher::changed, this, [this] {
        m_externalChange = true;
        if (!m_refresh->isActive())
            m_refresh->start();
    });
    auto* tick = new QTimer(this);
    tick->setInterval(1000);
    connect(tick, &QTimer::timeout, m_incident, &IncidentPage::tick);
    connect(tick, &QTimer::timeout, this, [this] {
        // The posture's SLA tallies move with time, not only with writes.
        if (m_stack->currentWidget() == m_posture && QDateTime::currentSecsSinceEpoch() % 5 == 0)
            m_posture->refresh();
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
    QString route = rawRoute.trimmed();
    if (route.startsWith(QLatin1String("watchpost:/")))
        route = route.mid(QStringLiteral("watchpost:/").size());
    while (route.startsWith(QLatin1String("//")))
        route.remove(0, 1);
    if (route.size() > 1 && route.endsWith(QLatin1Char('/')))
        route.chop(1);
    const QStringList parts = route.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QWidget* page = nullptr;
    int nav = -1;
    if (parts.isEmpty() || parts == QStringList{QStringLiteral("posture")}) {
        m_posture->refresh();
        page = m_posture;
        nav = PostureRow;
        route = QStringLiteral("/posture");
    } else if (parts == QStringList{QStringLiteral("incidents")}) {
        page = m_incidents;
        nav = IncidentsRow;
    } else if (parts.size() == 2 && parts.at(0) == QLatin1String("incidents")) {
        if (!m_incident->showIncident(parts.at(1))) {
            statusBar()->showMessage(QStringLiteral("No incident %1").arg(parts.at(1)), 8000);
            return false;
        }
        page = m_incident;
        nav = IncidentsRow;
    } else if (parts == QStringList{QStringLiteral("webhooks")}) {
        m_webhooks->refresh();
        page = m_webhooks;
        nav = WebhooksRow;
    } else if (parts == QStringList{QStringLiteral("settings"), QStringLiteral("security")} ||
               parts == QStringList{QStringLiteral("credentials")}) {
        m_security->refresh();
        if (parts.size() == 1)
            m_security->showTab(QStringLiteral("credentials"));
        page = m_security;
        nav = SecurityRow;
    } else if (parts == QStringList{QStringLiteral("metrics")}) {
        m_metrics->refresh();
        page = m_metrics;
        nav = MetricsRow;
    }
    if (!page) {
        statusBar()->showMessage(
            QStringLiteral("Unknown route %1 (try /posture, /incidents, /incidents/INC-YYYY-NNNN, /metrics, /webhooks, "
                           "/settings/security)")
                .arg(route),
            8000);
        return false;
    }
    m_route = route;
    m_stack->setCurrentWidget(page);
    const QSignalBlocker block(m_nav);
    m_nav->setCurrentRow(nav);
    setWindowTitle(QStringLiteral("Watchpost — %1").arg(route));
    return true;
}

bool MainWindow::isLocked() const
{
    return m_lock && m_outer->currentWidget() == m_lock;
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
    m_ctx.owner->forget(m_ctx.keys.get());
    const auto at = m_ctx.owner->ownerName();
    lock(
        QStringLiteral("<b>Re-authentication was forced</b> (token-compromise recovery). Enter the passphrase of %1 to "
                       "continue; every earlier session was cut off.")
            .arg(at ? at->toHtmlEscaped() : QString()));
}

} // namespace watchpost
