#include "ui/shell/ConsoleRefresh.h"

#include "models/posture/PostureSnapshot.h"
#include "models/store/StoreWatcher.h"
#include "ui/incidents/IncidentPage.h"
#include "ui/incidents/IncidentsPage.h"
#include "ui/incidents/MetricsPage.h"
#include "ui/posture/PosturePage.h"
#include "ui/security/SecurityPage.h"
#include "ui/webhooks/WebhooksPage.h"

#include <QTimer>

namespace watchpost {

ConsoleRefresh::ConsoleRefresh(const ConsoleContext& ctx, Pages pages, std::function<QWidget*()> shown, QObject* parent)
    : QObject(parent), m_ctx(ctx), m_pages(pages), m_shown(std::move(shown))
{
    m_refresh = new QTimer(this);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(100);
    connect(m_refresh, &QTimer::timeout, this, &ConsoleRefresh::refreshNow);
    if (ctx.notifier())
        connect(ctx.notifier(), &ChangeNotifier::incidentChanged, this, &ConsoleRefresh::scheduleRefresh);

    m_webhookRefresh = new QTimer(this);
    m_webhookRefresh->setSingleShot(true);
    m_webhookRefresh->setInterval(250);
    connect(m_webhookRefresh, &QTimer::timeout, this, [this] {
        if (m_shown() == m_pages.webhooks)
            m_pages.webhooks->refresh();
        if (m_shown() == m_pages.posture)
            m_pages.posture->refresh();
    });
    if (ctx.notifier())
        connect(ctx.notifier(), &ChangeNotifier::webhooksChanged, this, [this] {
            if (!m_webhookRefresh->isActive())
                m_webhookRefresh->start();
        });

    // Attached to a server: the replica took changes — pages read it again at once, not at the next store poll.
    if (ctx.remote)
        connect(ctx.remote.get(), &RemoteLink::applied, this, [this] {
            m_externalChange = true;
            if (!m_refresh->isActive())
                m_refresh->start();
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
    connect(tick, &QTimer::timeout, this, &ConsoleRefresh::onTick);
    tick->start();
}

void ConsoleRefresh::refreshAll()
{
    m_externalChange = true;
    refreshNow();
}

void ConsoleRefresh::scheduleRefresh(qint64 incidentId)
{
    m_changed.insert(incidentId);
    if (!m_refresh->isActive())
        m_refresh->start();
}

void ConsoleRefresh::refreshNow()
{
    m_watcher->poll(); // what we refresh now covers the commits seen so far
    QWidget* shown = m_shown();
    if (shown == m_pages.incidents)
        m_pages.incidents->refresh(); // hidden, it is read again when it is shown (openRoute)
    if (shown == m_pages.posture)
        m_pages.posture->refresh();
    else
        m_pages.postureWorker->request(); // what must come to the lead is known at once, whatever page shows
    if (shown == m_pages.metrics)
        m_pages.metrics->refresh();
    if (shown == m_pages.security && m_externalChange)
        m_pages.security->refresh(); // a revocation or rotation through the API shows here too
    if (m_externalChange)
        m_changed.insert(m_pages.incident->incidentId());
    for (qint64 id : std::as_const(m_changed))
        m_pages.incident->incidentChanged(id);
    m_changed.clear();
    m_externalChange = false;
}

void ConsoleRefresh::onTick()
{
    m_pages.incident->tick();
    const qint64 now = m_ctx.clock()->nowMs();
    if (now - m_postureTickAt >= 5000) {
        m_postureTickAt = now;
        if (m_shown() == m_pages.posture)
            m_pages.posture->refresh();
        else
            m_pages.postureWorker->request();
    }
    Q_EMIT ticked();
}

} // namespace watchpost
