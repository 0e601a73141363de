#include "net/keychain/KeychainSecretStore.h"

#include <QCoreApplication>
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
        if (QThread::currentThread() == &m_thread) {
            work();
            return;
        }
        const QCoreApplication* app = QCoreApplication::instance();
        if (!app || QThread::currentThread() != app->thread()) {
            QMetaObject::invokeMethod(m_context, work, Qt::BlockingQueuedConnection);
            return;
        }
        // The GUI thread never blocks on the keychain: its event loop keeps running (painting, timers, the API's
        // change notifications) until the job has answered or timed out; user input is held meanwhile, so no
        // second action starts in the middle of this one. The job always ends (runJobHere has its own timeout),
        // so `work` and what it writes to outlive it.
        QEventLoop loop;
        QMetaObject::invokeMethod(
            m_context,
            [&work, &loop] {
                work();
                QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
        loop.exec(QEventLoop::ExcludeUserInputEvents);
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

// What a job answered, copied out before the job goes.
struct JobOutcome
{
    bool answered = false;
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QByteArray data;
};

// Runs one keychain job, waiting at most `timeout`. Call on the keychain thread only. The job lives on the heap and
// deletes itself once it finishes — also when that is after the timeout: libsecret's D-Bus call still holds it,
// and a job destroyed while its call is pending is what the late reply would land on. Such a late answer is ignored.
JobOutcome runJobHere(QKeychain::Job* job, std::chrono::milliseconds timeout)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    JobOutcome outcome;
    QEventLoop loop;
    // The connection goes with `loop`: a job finishing after the timeout reaches nothing of ours.
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&](QKeychain::Job* done) {
        outcome.answered = true;
        outcome.error = done->error();
        outcome.errorString = done->errorString();
        if (auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(done))
            outcome.data = read->binaryData();
        loop.quit();
    });
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    job->start();
    loop.exec();
    if (!outcome.answered) {
        // A locked keyring waiting for a prompt nobody answers: fail closed, never treat silence as success.
        outcome.error = QKeychain::OtherError;
        outcome.errorString = QStringLiteral("the secret service did not answer within %1 s (is the keyring locked?)")
                                  .arg(double(timeout.count()) / 1000.0);
    }
    return outcome;
}
} // namespace

Result<std::optional<QByteArray>> KeychainSecretStore::read(const QString& key)
{
    JobOutcome outcome;
    KeychainThread::instance().run([&] {
        auto* job = new QKeychain::ReadPasswordJob(m_service);
        job->setKey(key);
        outcome = runJobHere(job, m_timeout);
    });
    if (outcome.answered && outcome.error == QKeychain::NoError)
        return std::optional<QByteArray>(outcome.data);
    if (outcome.answered && outcome.error == QKeychain::EntryNotFound)
        return std::optional<QByteArray>();
    return Error::storage(QStringLiteral("the keychain could not read %1: %2").arg(key, outcome.errorString));
}

Result<Done> KeychainSecretStore::write(const QString& key, const QByteArray& secret)
{
    JobOutcome outcome;
    KeychainThread::instance().run([&] {
        auto* job = new QKeychain::WritePasswordJob(m_service);
        job->setKey(key);
        job->setBinaryData(secret);
        outcome = runJobHere(job, m_timeout);
    });
    if (outcome.answered && outcome.error == QKeychain::NoError)
        return Done{};
    return Error::storage(QStringLiteral("the keychain could not store %1: %2").arg(key, outcome.errorString));
}

Result<Done> KeychainSecretStore::remove(const QString& key)
{
    JobOutcome outcome;
    KeychainThread::instance().run([&] {
        auto* job = new QKeychain::DeletePasswordJob(m_service);
        job->setKey(key);
        outcome = runJobHere(job, m_timeout);
    });
    if (outcome.answered && (outcome.error == QKeychain::NoError || outcome.error == QKeychain::EntryNotFound))
        return Done{};
    return Error::storage(QStringLiteral("the keychain could not remove %1: %2").arg(key, outcome.errorString));
}

} // namespace watchpost
