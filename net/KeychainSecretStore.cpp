#include "KeychainSecretStore.h"

#include <QEventLoop>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace watchpost {
namespace {
// Runs a keychain job to completion on the calling thread.
template <typename Job> bool runJob(Job& job, QString* error)
{
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    if (job.error() == QKeychain::NoError)
        return true;
    *error = job.errorString();
    return false;
}
} // namespace

Result<std::optional<QByteArray>> KeychainSecretStore::read(const QString& key)
{
    QKeychain::ReadPasswordJob job(m_service);
    job.setKey(key);
    QString error;
    if (runJob(job, &error))
        return std::optional<QByteArray>(job.binaryData());
    if (job.error() == QKeychain::EntryNotFound)
        return std::optional<QByteArray>();
    return Error::storage(QStringLiteral("the keychain could not read %1: %2").arg(key, error));
}

Result<Done> KeychainSecretStore::write(const QString& key, const QByteArray& secret)
{
    QKeychain::WritePasswordJob job(m_service);
    job.setKey(key);
    job.setBinaryData(secret);
    QString error;
    if (!runJob(job, &error))
        return Error::storage(QStringLiteral("the keychain could not store %1: %2").arg(key, error));
    return Done{};
}

Result<Done> KeychainSecretStore::remove(const QString& key)
{
    QKeychain::DeletePasswordJob job(m_service);
    job.setKey(key);
    QString error;
    if (!runJob(job, &error) && job.error() != QKeychain::EntryNotFound)
        return Error::storage(QStringLiteral("the keychain could not remove %1: %2").arg(key, error));
    return Done{};
}

} // namespace watchpost
