#pragma once
// ConsoleContext: what every console page shares — the store, the clock, the change notifier, the GUI
// thread's IncidentService, who is acting, and how to ask the listener for its status.

#include "ChangeNotifier.h"
#include "IncidentService.h"
#include "WebhookService.h"

#include <functional>
#include <memory>

namespace watchpost {

struct ListenerInfo
{
    bool enabled = false;
    bool listening = false;
    QString url;
    QString detail;
};

struct ConsoleContext
{
    std::shared_ptr<Store> store;
    std::shared_ptr<const Clock> clock;
    ChangeNotifier* notifier = nullptr;
    std::shared_ptr<IncidentService> incidents;
    QString actor;
    std::function<ListenerInfo()> listener;
    // The webhook receiver's shared state (the same objects the listener uses).
    WebhookSetup webhooks;
};

} // namespace watchpost
