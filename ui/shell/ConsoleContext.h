#pragma once
// ConsoleContext: what every console page shares — the GUI thread's services (and what they were built from),
// who is acting, the owner's lock, how to ask the listener for its status, and how rotations reach their targets.

#include "models/attention/DesktopSession.h"
#include "models/credentials/OwnerAccount.h"
#include "models/incidents/IncidentActions.h"
#include "models/remote/RemoteLink.h"
#include "models/secrets/SecretActions.h"
#include "models/secrets/SecretRotation.h"
#include "models/services/DomainServices.h"

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
    // The GUI thread's service graph, built once by the composition root.
    std::shared_ptr<DomainServices> services;
    std::function<ListenerInfo()> listener;
    // The console's owner; when set, the console stays locked until the owner signs in.
    std::shared_ptr<OwnerAccount> owner;
    // Builds what a rotation of `secret` talks to (GitHub, a health check, the signing key); wired in app/.
    std::function<Result<std::unique_ptr<RotationTarget>>(const ManagedSecret&, ManagedSecretService&, SessionService&)>
        rotationTargets;
    // The desktop's notification service and screen lock (D-Bus, wired in app/); null: none (the tray notifies).
    std::shared_ptr<DesktopSession> desktop;
    // Attached to a server (team mode): the link to it, and the incident actions that go to its API. Null: this
    // machine's store, acted on through the services above.
    std::shared_ptr<RemoteLink> remote;
    std::shared_ptr<IncidentActions> remoteIncidentActions;
    std::shared_ptr<WebhookActions> remoteWebhookActions;
    std::shared_ptr<CredentialActions> remoteCredentialActions;
    std::shared_ptr<RecoveryActions> remoteRecoveryActions;
    // Managed secrets from an attached console (a local console runs SecretRotation itself, step by step).
    std::shared_ptr<SecretActions> remoteSecretActions;
    std::shared_ptr<KillSwitchActions> remoteKillSwitchActions;
    // The first start's "Connect to a server instead…" (wired in app/); empty: not offered.
    std::function<void()> connectToServer;
    // Where the window keeps what it remembers (geometry, columns, filters, theme, last page); empty: the user's
    // QSettings. Tests give each console a file of its own.
    QString settingsFile;

    const std::shared_ptr<Store>& store() const { return services->deps().store; }
    const std::shared_ptr<const Clock>& clock() const { return services->deps().clock; }
    ChangeNotifier* notifier() const { return services->deps().notifier; }
    // Signing keys and managed secret versions (the OS keychain in the console).
    const std::shared_ptr<SecretStore>& keys() const { return services->deps().keys; }
    // The webhook receiver's shared state (the same objects the listener uses).
    const WebhookSetup& webhooks() const { return services->deps().webhooks; }
    // Reads: incidents, their timelines and follow-ups (the replica's, when attached to a server).
    IncidentService& incidents() const { return services->incidents(); }
    // Writes: this store's service, or the server's API when attached.
    IncidentActions& incidentActions() const
    {
        return remoteIncidentActions ? *remoteIncidentActions : services->incidentActions();
    }
    WebhookActions& webhookActions() const
    {
        return remoteWebhookActions ? *remoteWebhookActions : services->webhookActions();
    }
    CredentialActions& credentialActions() const
    {
        return remoteCredentialActions ? *remoteCredentialActions : services->credentialActions();
    }
    RecoveryActions& recoveryActions() const
    {
        return remoteRecoveryActions ? *remoteRecoveryActions : services->recoveryActions();
    }
    KillSwitchActions& killSwitchActions() const
    {
        return remoteKillSwitchActions ? *remoteKillSwitchActions : services->killSwitchActions();
    }
    // Why this console may not act now (an attached console offline, or with a viewer's key); nullopt: it may.
    std::optional<QString> whyCannotAct() const { return remote ? remote->state().whyCannotAct() : std::nullopt; }

    // Who is acting: the owner once signed in. Shared, so every page sees the same name.
    QString actor() const { return *m_actor; }
    void setActor(const QString& name) { *m_actor = name; }

private:
    std::shared_ptr<QString> m_actor = std::make_shared<QString>(QStringLiteral("console"));
};

} // namespace watchpost
