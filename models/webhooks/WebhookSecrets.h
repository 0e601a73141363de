#pragma once
// WebhookSecrets: the webhook secrets in memory for the listener — per hook a current and, during a rotation
// grace window, a previous secret; plus the headless secrets file's secret for hooks without their own.
// Loaded from the SecretStore (keychain); thread-safe.

#include "models/core/SecretStore.h"

#include <QHash>
#include <QMutex>
#include <QStringList>

namespace watchpost {

class WebhookSecrets
{
public:
    struct Candidate
    {
        QByteArray secret;
        QString label; // "current", "previous" or "file": recorded with each delivery
    };

    void setFileSecret(const QByteArray& secret);
    // `previousUntilMs` 0: no previous secret.
    void setHook(const QString& hookId, const QByteArray& current, const QByteArray& previous, qint64 previousUntilMs,
                 qint64 version);
    void removeHook(const QString& hookId);
    // The secrets a delivery for `hookId` may be signed with, in the order to try.
    QList<Candidate> candidates(const QString& hookId, qint64 nowMs) const;
    // The secret_set_at the cache holds for a hook (to notice a change made by another process).
    std::optional<qint64> version(const QString& hookId) const;
    bool hasFileSecret() const;

    static QString currentKey(const QString& hookId) { return QStringLiteral("webhook/%1/current").arg(hookId); }
    static QString previousKey(const QString& hookId) { return QStringLiteral("webhook/%1/previous").arg(hookId); }

    // The headless secrets file: refused when group or others may read it, or when it is empty.
    static Result<QByteArray> readSecretsFile(const QString& path);

    // Reads a hook's secrets from `store` into the cache.
    Result<Done> load(SecretStore& store, const QString& hookId, qint64 previousUntilMs, qint64 version);

private:
    struct Entry
    {
        QByteArray current;
        QByteArray previous;
        qint64 previousUntilMs = 0;
        qint64 version = 0;
    };
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_hooks;
    QByteArray m_file;
};

} // namespace watchpost
