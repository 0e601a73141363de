#include "models/services/DomainServices.h"

namespace watchpost {

DomainServices::DomainServices(DomainDeps deps)
    : m_deps(std::move(deps)), m_incidents(m_deps.store, m_deps.clock, m_deps.notifier),
      m_audit(std::make_shared<AuditLog>(m_deps.store, m_deps.clock)),
      m_credentials(m_deps.store, m_deps.clock, m_deps.keys, m_audit),
      m_secrets(m_deps.store, m_deps.clock, m_deps.keys, m_audit), m_recovery(m_credentials, &m_incidents, &m_secrets),
      m_webhooks(m_deps.store, m_deps.clock, m_deps.webhooks.secrets, m_deps.webhooks.controls, m_deps.notifier,
                 m_deps.webhooks.secretStore),
      m_feed(m_deps.store, m_deps.clock), m_github(m_deps.store, m_deps.clock, m_deps.keys.get(), m_audit),
      m_killSwitch(m_deps.store, m_deps.clock, m_audit, m_incidents, m_deps.killSwitch)
{
    // Push and pull_request deliveries from a frozen bot are violations on the kill switch's incident.
    m_webhooks.setDeliveryObserver(
        [this](const WebhookDelivery& d, const QJsonObject& payload) { m_killSwitch.noteDelivery(d, payload); });
    if (m_deps.webhooks.secretStore)
        m_hooks.emplace(m_deps.store, m_deps.clock, *m_deps.webhooks.secretStore, m_deps.webhooks.secrets);
}

} // namespace watchpost
