#include "app/commands/ReplicateCommand.h"

#include "app/cli/TerminationSignals.h"
#include "net/sync/Replicator.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

namespace watchpost {
namespace {
constexpr int kExitHistoryChanged = 1;
constexpr int kExitServer = 3;
constexpr int kExitReplica = 4;
constexpr int kPollMs = 2000;  // without --once: how often the feed is asked again
constexpr int kRetryMs = 5000; // … and after a failure
} // namespace

int ReplicateCommand::run()
{
    const QString token = qEnvironmentVariable("WATCHPOST_TOKEN");
    if (token.isEmpty()) {
        say(stderr, QStringLiteral("watchpost: replicate needs the API key in WATCHPOST_TOKEN"));
        return 2;
    }
    auto clock = std::make_shared<SystemClock>();
    auto replica = Replica::open(m_options.replicaPath, clock);
    if (!replica) {
        say(stderr,
            QStringLiteral("watchpost: cannot use replica %1: %2").arg(m_options.replicaPath, replica.error().message));
        return kExitReplica;
    }
    const auto state = (*replica)->state();
    if (!state) {
        say(stderr, QStringLiteral("watchpost: %1").arg(state.error().message));
        return kExitReplica;
    }
    SyncServer server{QUrl(m_options.serverUrl), token, m_options.fingerprint};
    if (server.pin.isEmpty())
        server.pin = state->fingerprint; // pinned on an earlier run
    else if (!state->fingerprint.isEmpty() && state->fingerprint != server.pin)
        say(stderr, QStringLiteral("watchpost: re-pinning %1 from SHA-256 %2 to %3 as --fingerprint says")
                        .arg(m_options.serverUrl, state->fingerprint, server.pin));
    Replicator replicator(**replica, server, {m_options.bodies, 2000});

    int exitCode = 0;
    QEventLoop loop;
    TerminationSignals signals;
    QObject::connect(&signals, &TerminationSignals::terminationRequested, &loop, [&](int) { loop.exit(exitCode); });
    QString lastProblem;
    QObject::connect(&replicator, &Replicator::finished, &loop, [&](const ReplicationOutcome& outcome) {
        const auto held = (*replica)->alarms();
        if (!outcome.message.isEmpty()) {
            if (outcome.message != lastProblem)
                say(stderr, QStringLiteral("watchpost: %1").arg(outcome.message));
            lastProblem = outcome.message;
            exitCode = outcome.localFailure ? kExitReplica : kExitServer;
        } else {
            lastProblem.clear();
            if (outcome.applied > 0 || m_options.once)
                say(stdout, QStringLiteral("replica %1 at change %2 of %3: %4 rows applied, %5 bytes received")
                                .arg(m_options.replicaPath)
                                .arg(outcome.lastSeq)
                                .arg(m_options.serverUrl)
                                .arg(outcome.applied)
                                .arg(outcome.bytes));
            exitCode = 0;
        }
        // History changes are evidence the replica keeps: while it holds any, every run says so and exits 1.
        if (held && !held->isEmpty() && exitCode == 0) {
            say(stderr, QStringLiteral("watchpost: server history changed — %1 record(s):").arg(held->size()));
            for (const SyncAlarm& a : *held)
                say(stderr, QStringLiteral("  %1").arg(a.describe()));
            exitCode = kExitHistoryChanged;
        }
        if (m_options.once)
            return loop.exit(exitCode);
        QTimer::singleShot(outcome.message.isEmpty() ? kPollMs : kRetryMs, &replicator, &Replicator::catchUp);
    });
    QTimer::singleShot(0, &replicator, &Replicator::catchUp);
    return loop.exec();
}

} // namespace watchpost
