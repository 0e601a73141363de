#pragma once
// DomainServices: the service graph of one thread, built in one place — incidents; the audit log, credentials
// (with their sessions), managed secrets and token-compromise recovery over it; the webhook receiver's service.
// The console builds one on the GUI thread, the listener one on its own thread; QtSql connections and the
// services' caches stay with the thread that built them.

#include "models/credentials/CredentialActions.h"
#include "models/credentials/CredentialService.h"
#include "models/credentials/RecoveryActions.h"
#include "models/credentials/RecoveryService.h"
#include "models/github/GitHubConnection.h"
#include "models/incidents/IncidentActions.h"
#include "models/incidents/IncidentService.h"
#include "models/killswitch/KillSwitchActions.h"
#include "models/secrets/ManagedSecretService.h"
#include "models/sync/ChangeFeed.h"
#include "models/webhooks/WebhookActions.h"
#include "models/webhooks/WebhookHookService.h"
#include "models/webhooks/WebhookService.h"

#include <memory>

namespace watchpost {

// What the services of every thread are built from, shared by all of them.
struct DomainDeps
{
    std::shared_ptr<Store> store;
    std::shared_ptr<const Clock> clock;
    ChangeNotifier* notifier = nullptr;
    // Signing keys and managed secret versions: the OS keychain in the console, secrets/ for a headless serve.
    std::shared_ptr<SecretStore> keys;
    // The webhook receiver's shared state: hook secrets, controls, and the keychain the hooks' secrets live in.
    WebhookSetup webhooks;
    // The shipping kill switch's state every thread shares (an engagement held in memory, its generation).
    std::shared_ptr<KillSwitchHold> killSwitch = std::make_shared<KillSwitchHold>();
};

class DomainServices
{
public:
    explicit DomainServices(DomainDeps deps);
    DomainServices(const DomainServices&) = delete;
    DomainServices& operator=(const DomainServices&) = delete;

    const DomainDeps& deps() const { return m_deps; }
    IncidentService& incidents() { return m_incidents; }
    // The incident writes a console makes on this store (IncidentService itself).
    IncidentActions& incidentActions() { return m_incidentActions; }
    AuditLog& audit() { return *m_audit; }
    CredentialService& credentials() { return m_credentials; }
    CredentialActions& credentialActions() { return m_credentialActions; }
    ManagedSecretService& secrets() { return m_secrets; }
    RecoveryService& recovery() { return m_recovery; }
    RecoveryActions& recoveryActions() { return m_recoveryActions; }
    WebhookService& webhooks() { return m_webhooks; }
    ChangeFeed& feed() { return m_feed; }
    KillSwitchService& killSwitch() { return m_killSwitch; }
    GitHubConnectionService& github() { return m_github; }
    // The kill-switch writes a console makes on this store (the services themselves).
    KillSwitchActions& killSwitchActions() { return m_killSwitchActions; }
    // Hooks and their secrets; nullptr when no keychain holds hook secrets here.
    WebhookHookService* hooks() { return m_hooks ? &*m_hooks : nullptr; }
    // The webhook controls a console changes on this store and receiver.
    WebhookActions& webhookActions() { return m_webhookActions; }

private:
    DomainDeps m_deps;
    IncidentService m_incidents;
    LocalIncidentActions m_incidentActions{m_incidents};
    std::shared_ptr<AuditLog> m_audit;
    CredentialService m_credentials;
    LocalCredentialActions m_credentialActions{m_credentials};
    ManagedSecretService m_secrets;
    RecoveryService m_recovery;
    LocalRecoveryActions m_recoveryActions{m_recovery};
    WebhookService m_webhooks;
    ChangeFeed m_feed;
    GitHubConnectionService m_github;
    KillSwitchService m_killSwitch;
    LocalKillSwitchActions m_killSwitchActions{m_killSwitch, m_github};
    std::optional<WebhookHookService> m_hooks;
    LocalWebhookActions m_webhookActions{m_webhooks, [this] { return hooks(); }};
};

} // namespace watchpost
