#include "models/webhooks/WebhookService.h"

#include <QJsonArray>
#include <QSet>

namespace watchpost {

WebhookService::WebhookService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                               std::shared_ptr<WebhookSecrets> secrets, std::shared_ptr<WebhookControls> controls,
                               ChangeNotifier* notifier, SecretStore* secretStore)
    : m_store(store), m_clock(clock), m_controls(controls), m_notifier(notifier), m_webhooks(store),
      m_incidents(store, clock, notifier), m_spoofing(store, clock, controls, notifier, m_webhooks, m_incidents),
      m_mapper(clock, controls, m_webhooks, m_incidents),
      m_intake(clock, std::move(secrets), controls, notifier, secretStore, m_webhooks, m_mapper, m_spoofing)
{
}

Result<Done> WebhookService::savePolicy(const WebhookPolicy& policy)
{
    if (auto saved = WebhookPolicy::save(*m_store, policy); !saved)
        return saved;
    m_controls->setPolicy(policy);
    return Done{};
}

QList<WebhookOutcome> WebhookService::commit(QList<WebhookPending>& batch)
{
    QList<WebhookOutcome> answers;
    if (batch.isEmpty())
        return answers;
    QList<qint64> rowIds;
    {
        WriteTransaction tx(m_webhooks.db());
        bool ok = tx.begun();
        QString error = tx.lastError();
        for (int i = 0; ok && i < batch.size(); ++i) {
            auto id = m_webhooks.insertDelivery(batch[i].delivery);
            if (!id) {
                ok = false;
                error = id.error().message;
            } else
                rowIds << id.value();
        }
        QHash<QString, QString> lastVerified;
        QSet<QString> pinged;
        for (const WebhookPending& p : batch) {
            lastVerified.insert(p.delivery.hookId, p.delivery.verifiedWith);
            if (p.delivery.event == QLatin1String("ping"))
                pinged.insert(p.delivery.hookId);
        }
        const auto stamp = [&](const QString& hookId, const auto& write) {
            const auto row = m_intake.hookRow(hookId);
            Result<Done> written = !row ? Result<Done>(row.error()) : row->has_value() ? write() : Done{};
            if (!written) {
                ok = false;
                error = written.error().message;
            }
        };
        for (auto it = lastVerified.begin(); ok && it != lastVerified.end(); ++it)
            stamp(it.key(), [&] { return m_webhooks.markVerified(it.key(), it.value(), m_clock->nowMs()); });
        for (auto it = pinged.cbegin(); ok && it != pinged.cend(); ++it)
            stamp(*it, [&] { return m_webhooks.markPing(*it, m_clock->nowMs()); });
        if (ok && !tx.commit()) {
            ok = false;
            error = tx.lastError();
        }
        if (!ok) {
            for (int i = 0; i < batch.size(); ++i)
                answers << WebhookOutcome::refused(WebhookRefusal::StorageError,
                                                   QStringLiteral("the delivery could not be stored: %1").arg(error));
            return answers;
        }
    }
    const qint64 now = m_clock->nowMs();
    for (int i = 0; i < batch.size(); ++i) {
        m_controls->countAccepted(now);
        answers << WebhookOutcome{WebhookOutcome::Kind::Accepted, {}, {}, batch[i].delivery.deliveryId,
                                  batch[i].delivery.verifiedWith, 0};
        if (batch[i].delivery.outcome == QLatin1String("pending"))
            m_mapper.map(rowIds[i], batch[i].delivery, batch[i].payload);
        observe(batch[i].delivery, batch[i].payload);
    }
    if (m_notifier)
        Q_EMIT m_notifier->webhooksChanged();
    return answers;
}

} // namespace watchpost
