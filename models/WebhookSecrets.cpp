#include "WebhookSecrets.h"

namespace watchpost {

void WebhookSecrets::setFileSecret(const QByteArray& secret)
{
    QMutexLocker lock(&m_mutex);
    m_file = secret;
}

bool WebhookSecrets::hasFileSecret() const
{
    QMutexLocker lock(&m_mutex);
    return !m_file.isEmpty();
}

void WebhookSecrets::setHook(const QString& hookId, const QByteArray& current, const QByteArray& previous,
                             qint64 previousUntilMs, qint64 version)
{
    QMutexLocker lock(&m_mutex);
    m_hooks.insert(hookId, {current, previous, previousUntilMs, version});
}

void WebhookSecrets::removeHook(const QString& hookId)
{
    QMutexLocker lock(&m_mutex);
    m_hooks.remove(hookId);
}

std::optional<qint64> WebhookSecrets::version(const QString& hookId) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_hooks.constFind(hookId);
    if (it == m_hooks.constEnd())
        return std::nullopt;
    return it->version;
}

QList<WebhookSecrets::Candidate> WebhookSecrets::candidates(const QString& hookId, qint64 nowMs) const
{
    QMutexLocker lock(&m_mutex);
    QList<Candidate> out;
    const auto it = m_hooks.constFind(hookId);
    if (it != m_hooks.constEnd() && !it->current.isEmpty())
    {
        out.append({it->current, QStringLiteral("current")});
        if (!it->previous.isEmpty() && nowMs < it->previousUntilMs)
            out.append({it->previous, QStringLiteral("previous")});
    }
    else if (!m_file.isEmpty())
        out.append({m_file, QStringLiteral("file")});
    return out;
}

Result<Done> WebhookSecrets::load(SecretStore& store, const QString& hookId, qint64 previousUntilMs, qint64 version)
{
    auto current = store.read(currentKey(hookId));
    if (!current)
        return current.error();
    QByteArray previous;
    if (previousUntilMs > 0)
    {
        auto p = store.read(previousKey(hookId));
        if (!p)
            return p.error();
        previous = p.value().value_or(QByteArray());
    }
    if (!current.value())
    {
        removeHook(hookId);
        return Done{};
    }
    setHook(hookId, *current.value(), previous, previousUntilMs, version);
    return Done{};
}

} // namespace watchpost
