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
constexpr int kRetryMs = 5000; // following: a new connection this long after a failure
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
    Replicator::Options options;
    options.bodies = m_options.bodies;
    options.follow = !m_options.once;
    Replicator replicator(**replica, server, options);

    int exitCode = 0;
    QEventLoop loop;
    TerminationSignals signals;
    QObject::connect(&signals, &TerminationSignals::terminationRequested, &loop, [&](int) { loop.exit(exitCode); });
    QString lastProblem;
    qint64 reported = -1;
    int alarmsSaid = 0;
    // What the replica holds now: its position, and every history change it keeps as evidence.
    auto report = [&](const ReplicationOutcome& outcome) {
        lastProblem.clear();
        exitCode = 0;
        if (outcome.lastSeq != reported || m_options.once)
            say(stdout, QStringLiteral("replica %1 at change %2 of %3: %4 rows applied, %5 bytes received")
                            .arg(m_options.replicaPath)
                            .arg(outcome.lastSeq)
                            .arg(m_options.serverUrl)
                            .arg(outcome.applied)
                            .arg(outcome.bytes));
        reported = outcome.lastSeq;
        const auto held = (*replica)->alarms();
        if (!held) {
            say(stderr, QStringLiteral("watchpost: %1").arg(held.error().message));
            exitCode = kExitReplica;
            return;
        }
        // While it holds any, every --once run says so and exits 1; following, each new one is said once.
        if (!held->isEmpty()) {
            exitCode = kExitHistoryChanged;
            if (m_options.once || held->size() > alarmsSaid) {
                say(stderr, QStringLiteral("watchpost: server history changed — %1 record(s):").arg(held->size()));
                for (const SyncAlarm& a : *held)
                    say(stderr, QStringLiteral("  %1").arg(a.describe()));
            }
            alarmsSaid = int(held->size());
        }
    };
    QObject::connect(&replicator, &Replicator::caughtUp, &loop, report);
    QObject::connect(&replicator, &Replicator::finished, &loop, [&](const ReplicationOutcome& outcome) {
        if (outcome.failure == SyncFailure::None && !outcome.localFailure)
            report(outcome); // caught up — or stopped by a history change, which the alarms then name
        else {
            if (outcome.message != lastProblem)
                say(stderr, QStringLiteral("watchpost: %1").arg(outcome.message));
            lastProblem = outcome.message;
            exitCode = outcome.localFailure ? kExitReplica : kExitServer;
        }
        if (m_options.once)
            return loop.exit(exitCode);
        // Following: a failure ends the connection; a new one (chain check again) after a pause.
        QTimer::singleShot(kRetryMs, &replicator, &Replicator::catchUp);
    });
    QTimer::singleShot(0, &replicator, &Replicator::catchUp);
    return loop.exec();
}

} // namespace watchpost
