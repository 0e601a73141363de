#include "models/webhooks/WebhookSecrets.h"

#include <QFile>
#include <QFileInfo>

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
    if (it != m_hooks.constEnd() && !it->current.isEmpty()) {
        out.append({it->current, QStringLiteral("current")});
        if (!it->previous.isEmpty() && nowMs < it->previousUntilMs)
            out.append({it->previous, QStringLiteral("previous")});
    } else if (!m_file.isEmpty())
        out.append({m_file, QStringLiteral("file")});
    return out;
}

Result<QByteArray> WebhookSecrets::readSecretsFile(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile())
        return Error::validation(QStringLiteral("webhook secret file %1 does not exist").arg(path),
                                 {QStringLiteral("webhook-secret-file")});
    const auto open =
        QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
    if (info.permissions() & open)
        return Error::validation(
            QStringLiteral("webhook secret file %1 is accessible by group or others (chmod 600 it); it was not used")
                .arg(path),
            {QStringLiteral("webhook-secret-file")});
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::validation(QStringLiteral("cannot read webhook secret file %1: %2").arg(path, f.errorString()),
                                 {QStringLiteral("webhook-secret-file")});
    const QByteArray secret = f.read(4096).trimmed();
    if (secret.isEmpty())
        return Error::validation(QStringLiteral("webhook secret file %1 is empty").arg(path),
                                 {QStringLiteral("webhook-secret-file")});
    return secret;
}

Result<Done> WebhookSecrets::load(SecretStore& store, const QString& hookId, qint64 previousUntilMs, qint64 version)
{
    auto current = store.read(currentKey(hookId));
    if (!current)
        return current.error();
    QByteArray previous;
    if (previousUntilMs > 0) {
        auto p = store.read(previousKey(hookId));
        if (!p)
            return p.error();
        previous = p.value().value_or(QByteArray());
    }
    if (!current.value()) {
        removeHook(hookId);
        return Done{};
    }
    setHook(hookId, *current.value(), previous, previousUntilMs, version);
    return Done{};
}

} // namespace watchpost
