#pragma once
// ConsoleContext: what every console page shares — the store, the clock, the change notifier, the GUI
// thread's IncidentService, who is acting, and how to ask the listener for its status.

#include "models/core/ChangeNotifier.h"
#include "models/credentials/OwnerAccount.h"
#include "models/credentials/SessionService.h"
#include "models/incidents/IncidentService.h"
#include "models/secrets/SecretRotation.h"
#include "models/webhooks/WebhookService.h"

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
    std::function<ListenerInfo()> listener;
    // The webhook receiver's shared state (the same objects the listener uses).
    WebhookSetup webhooks;
    // Signing keys and managed secret versions (the OS keychain in the console).
    std::shared_ptr<SecretStore> keys;
    // The console's owner; when set, the console stays locked until the owner signs in.
    std::shared_ptr<OwnerAccount> owner;
    // Builds what a rotation of `secret` talks to (GitHub, a health check, the signing key); wired in app/.
    std::function<Result<std::unique_ptr<RotationTarget>>(const ManagedSecret&, ManagedSecretService&, SessionService&)>
        rotationTargets;

    // Who is acting: the owner once signed in. Shared, so every page sees the same name.
    QString actor() const { return *m_actor; }
    void setActor(const QString& name) { *m_actor = name; }

private:
    std::shared_ptr<QString> m_actor = std::make_shared<QString>(QStringLiteral("console"));
};

} // namespace watchpost
