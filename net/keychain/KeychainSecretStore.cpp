#include "net/keychain/KeychainSecretStore.h"

#include <QEventLoop>
#include <QThread>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <functional>

namespace watchpost {
namespace {
// qtkeychain keeps a process-wide job executor that belongs to the thread that first used it; jobs started from
// another thread then crash it. So every job runs on one thread of ours, whichever thread asks.
class KeychainThread
{
public:
    static KeychainThread& instance()
    {
        static KeychainThread thread;
        return thread;
    }
    void run(const std::function<void()>& work)
    {
        if (QThread::currentThread() == &m_thread)
            work();
        else
            QMetaObject::invokeMethod(m_context, work, Qt::BlockingQueuedConnection);
    }

private:
    KeychainThread()
    {
        m_thread.setObjectName(QStringLiteral("watchpost-keychain"));
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
        m_thread.start();
    }
    ~KeychainThread()
    {
        m_thread.quit();
        m_thread.wait();
    }
    QThread m_thread;
    QObject* m_context = nullptr;
};

// Runs one keychain job to completion. Call on the keychain thread only.
bool runJobHere(QKeychain::Job& job, QString* error)
{
    constexpr int kTimeoutMs = 15000;
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(kTimeoutMs, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    if (!finished) {
        // A locked keyring waiting for a prompt nobody answers: fail closed, never treat silence as success.
        *error = QStringLiteral("the secret service did not answer within %1 s (is the keyring locked?)")
                     .arg(kTimeoutMs / 1000);
        return false;
    }
    if (job.error() == QKeychain::NoError)
        return true;
    *error = job.errorString();
    return false;
}
} // namespace

Result<std::optional<QByteArray>> KeychainSecretStore::read(const QString& key)
{
    Result<std::optional<QByteArray>> result = std::optional<QByteArray>();
    KeychainThread::instance().run([&] {
        QKeychain::ReadPasswordJob job(m_service);
        job.setKey(key);
        QString error;
        if (runJobHere(job, &error))
            result = std::optional<QByteArray>(job.binaryData());
        else if (job.error() != QKeychain::EntryNotFound)
            result = Error::storage(QStringLiteral("the keychain could not read %1: %2").arg(key, error));
    });
    return result;
}

Result<Done> KeychainSecretStore::write(const QString& key, const QByteArray& secret)
{
    Result<Done> result = Done{};
    KeychainThread::instance().run([&] {
        QKeychain::WritePasswordJob job(m_service);
        job.setKey(key);
        job.setBinaryData(secret);
        QString error;
        if (!runJobHere(job, &error))
            result = Error::storage(QStringLiteral("the keychain could not store %1: %2").arg(key, error));
    });
    return result;
}

Result<Done> KeychainSecretStore::remove(const QString& key)
{
    Result<Done> result = Done{};
    KeychainThread::instance().run([&] {
        QKeychain::DeletePasswordJob job(m_service);
        job.setKey(key);
        QString error;
        if (!runJobHere(job, &error) && job.error() != QKeychain::EntryNotFound)
            result = Error::storage(QStringLiteral("the keychain could not remove %1: %2").arg(key, error));
    });
    return result;
}

} // namespace watchpost
