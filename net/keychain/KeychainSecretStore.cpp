#include "net/keychain/KeychainSecretStore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QThread>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <atomic>
#include <functional>

namespace watchpost {
namespace {
// What a job answered, copied out before the job goes.
struct JobOutcome
{
    bool answered = false;
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QByteArray data;
};

KeychainWaitIndicator& waitIndicator()
{
    static KeychainWaitIndicator indicator;
    return indicator;
}

// One call from the GUI thread. Shared with the job on the keychain thread, so the GUI thread can stop waiting
// (Cancel) and return while the job still runs: the job then writes only here, never to the caller's stack.
struct Pending
{
    std::atomic<bool> cancelled{false}; // set by the GUI thread; a job not yet started is then skipped
    JobOutcome outcome;                 // written on the keychain thread before `finished` is posted
    bool finished = false;              // GUI thread only
    QEventLoop* loop = nullptr;         // GUI thread only
};

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
    // `work` runs on the keychain thread and must hold copies of what it uses (it may outlive the call).
    JobOutcome run(std::function<JobOutcome()> work, std::chrono::milliseconds timeout)
    {
        if (QThread::currentThread() == &m_thread)
            return work();
        const QCoreApplication* app = QCoreApplication::instance();
        if (!app || QThread::currentThread() != app->thread()) {
            JobOutcome outcome;
            QMetaObject::invokeMethod(
                m_context, [&] { outcome = work(); }, Qt::BlockingQueuedConnection);
            return outcome;
        }
        auto pending = std::make_shared<Pending>();
        QMetaObject::invokeMethod(
            m_context,
            [pending, work = std::move(work)] {
                if (!pending->cancelled)
                    pending->outcome = work();
                if (QCoreApplication* app = QCoreApplication::instance())
                    QMetaObject::invokeMethod(
                        app,
                        [pending] {
                            pending->finished = true;
                            if (pending->loop)
                                pending->loop->quit();
                        },
                        Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
        waitOnGuiThread(*pending, timeout);
        if (pending->finished)
            return pending->outcome;
        pending->cancelled = true;
        JobOutcome stopped;
        stopped.error = QKeychain::OtherError;
        stopped.errorString = QStringLiteral("you stopped waiting for your keyring");
        return stopped;
    }

private:
    // The GUI thread never blocks on the keychain: its event loop keeps running (painting, timers, the API's change
    // notifications) until the job has answered. For a moment user input is held, so no second action starts in the
    // middle of this one; then the console's indicator ("Waiting for your keyring…", modal, with Cancel) takes
    // over, and Cancel returns at once. Without an indicator the wait ends when the job does (it has its own
    // timeout).
    static void waitOnGuiThread(Pending& pending, std::chrono::milliseconds timeout)
    {
        QEventLoop loop;
        pending.loop = &loop;
        QTimer::singleShot(KeychainSecretStore::s_indicatorDelay, &loop, &QEventLoop::quit);
        loop.exec(QEventLoop::ExcludeUserInputEvents);
        if (!pending.finished) {
            if (const KeychainWaitIndicator& indicator = waitIndicator()) {
                const std::unique_ptr<QObject> shown =
                    indicator(timeout - KeychainSecretStore::s_indicatorDelay, [&loop] { loop.quit(); });
                loop.exec();
            } else {
                loop.exec(QEventLoop::ExcludeUserInputEvents);
            }
        }
        pending.loop = nullptr;
    }

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
// A write or removal given up on (timed out, or the person stopped waiting) may still be carried out by the keyring
// once it answers; the message says so, so the person repeats the step and the store and the keyring agree again.
QString unansweredChange(const JobOutcome& outcome)
{
    return outcome.answered ? outcome.errorString
                            : outcome.errorString +
                                  QStringLiteral(" — the keyring may still carry this out when it answers: repeat the "
                                                 "step then, so the keyring and Watchpost agree");
}
} // namespace

void KeychainSecretStore::setWaitIndicator(KeychainWaitIndicator indicator)
{
    waitIndicator() = std::move(indicator);
}

Result<std::optional<QByteArray>> KeychainSecretStore::read(const QString& key)
{
    const JobOutcome outcome = KeychainThread::instance().run(
        [service = m_service, key, timeout = m_timeout] {
            auto* job = new QKeychain::ReadPasswordJob(service);
            job->setKey(key);
            return runJobHere(job, timeout);
        },
        m_timeout);
    if (outcome.answered && outcome.error == QKeychain::NoError)
        return std::optional<QByteArray>(outcome.data);
    if (outcome.answered && outcome.error == QKeychain::EntryNotFound)
        return std::optional<QByteArray>();
    return Error::storage(QStringLiteral("the keychain could not read %1: %2").arg(key, outcome.errorString));
}

Result<Done> KeychainSecretStore::write(const QString& key, const QByteArray& secret)
{
    const JobOutcome outcome = KeychainThread::instance().run(
        [service = m_service, key, secret, timeout = m_timeout] {
            auto* job = new QKeychain::WritePasswordJob(service);
            job->setKey(key);
            job->setBinaryData(secret);
            return runJobHere(job, timeout);
        },
        m_timeout);
    if (outcome.answered && outcome.error == QKeychain::NoError)
        return Done{};
    return Error::storage(QStringLiteral("the keychain could not store %1: %2").arg(key, unansweredChange(outcome)));
}

Result<Done> KeychainSecretStore::remove(const QString& key)
{
    const JobOutcome outcome = KeychainThread::instance().run(
        [service = m_service, key, timeout = m_timeout] {
            auto* job = new QKeychain::DeletePasswordJob(service);
            job->setKey(key);
            return runJobHere(job, timeout);
        },
        m_timeout);
    if (outcome.answered && (outcome.error == QKeychain::NoError || outcome.error == QKeychain::EntryNotFound))
        return Done{};
    return Error::storage(QStringLiteral("the keychain could not remove %1: %2").arg(key, unansweredChange(outcome)));
}

} // namespace watchpost
