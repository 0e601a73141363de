#pragma once
// ConsoleRefresh: what keeps the open console live. Writes from the listener thread arrive as queued signals with
// incident ids; other processes' commits show up through the store's data_version (StoreWatcher). Both are coalesced
// so a burst of writes costs one refresh; webhook deliveries, which can arrive thousands a second, refresh their page
// at most four times a second; SLA clocks move with time, so the posture snapshot is taken again every 5 s of the
// clock. Only the page on screen is redrawn; the posture snapshot is always asked for, because what must come to the
// lead (a clock turning at risk or breached) is known whatever page shows.

#include "ui/shell/ConsoleContext.h"

#include <QObject>
#include <QSet>

#include <functional>

class QTimer;
class QWidget;

namespace watchpost {

class IncidentPage;
class IncidentsPage;
class MetricsPage;
class PosturePage;
class PostureWorker;
class SecurityPage;
class StoreWatcher;
class WebhooksPage;

class ConsoleRefresh : public QObject
{
    Q_OBJECT
public:
    struct Pages
    {
        PostureWorker* postureWorker = nullptr;
        PosturePage* posture = nullptr;
        IncidentsPage* incidents = nullptr;
        IncidentPage* incident = nullptr;
        MetricsPage* metrics = nullptr;
        WebhooksPage* webhooks = nullptr;
        SecurityPage* security = nullptr;
    };
    // `shown` answers the page on screen now. Starts the once-a-second tick (the incident page's clocks, the lock).
    ConsoleRefresh(const ConsoleContext& ctx, Pages pages, std::function<QWidget*()> shown, QObject* parent);

    // Everything read again now, as after a change made elsewhere (the Refresh action, a theme change).
    void refreshAll();

Q_SIGNALS:
    // Once a second, for what moves with time alone.
    void ticked();

private:
    void scheduleRefresh(qint64 incidentId);
    void refreshNow();
    void onTick();

    ConsoleContext m_ctx;
    Pages m_pages;
    std::function<QWidget*()> m_shown;
    StoreWatcher* m_watcher;
    QTimer* m_refresh;
    QTimer* m_webhookRefresh;
    QSet<qint64> m_changed;
    bool m_externalChange = false;
    qint64 m_postureTickAt = 0; // clock time of the last timed posture refresh
};

} // namespace watchpost
