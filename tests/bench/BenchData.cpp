#include "tests/bench/BenchData.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QSqlQuery>

#include <cstdio>

namespace watchpost::bench {

// Fills the store with raw prepared inserts in one transaction (the benchmark's own data, not product code).
void populate(const std::shared_ptr<Store>& store)
{
    QSqlDatabase db = store->connection();
    QSqlQuery count(db);
    count.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM incidents), (SELECT COUNT(*) FROM timeline_entries)"));
    count.next();
    if (count.value(0).toInt() >= kIncidents && count.value(1).toInt() >= kEntries)
        return;
    QElapsedTimer t;
    t.start();
    WriteTransaction tx(db);
    QSqlQuery i(db);
    i.prepare(QStringLiteral(
        "INSERT INTO incidents (id, public_id, year, seq, title, summary, severity, state, source_kind, "
        "source_signal, reporter, reported_at, acknowledged_at, contained_at, resolved_at, acknowledge_due_at, "
        "containment_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'automated_signal', 'siem_rule', 'bench', ?, ?, ?, ?, ?, "
        "?)"));
    const char* severities[] = {"critical", "high", "medium", "low"};
    const char* states[] = {"reported", "acknowledged", "contained", "resolved", "closed"};
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int n = 1; n <= kIncidents; ++n) {
        const qint64 reported = now - qint64(kIncidents - n) * 300'000;
        const int state = n % 5;
        i.addBindValue(n);
        i.addBindValue(QStringLiteral("INC-%1-%2").arg(2000 + n / 10000).arg(n % 10000, 4, 10, QLatin1Char('0')));
        i.addBindValue(2000 + n / 10000);
        i.addBindValue(n % 10000);
        i.addBindValue(QStringLiteral("Benchmark incident %1: suspicious activity on host-%2").arg(n).arg(n % 977));
        i.addBindValue(QStringLiteral("Generated for the benchmark."));
        i.addBindValue(QLatin1String(severities[n % 4]));
        i.addBindValue(QLatin1String(states[state]));
        i.addBindValue(reported);
        i.addBindValue(state >= 1 ? QVariant(reported + 120'000) : QVariant(QMetaType(QMetaType::LongLong)));
        i.addBindValue(state >= 2 ? QVariant(reported + 900'000) : QVariant(QMetaType(QMetaType::LongLong)));
        i.addBindValue(state >= 3 ? QVariant(reported + 3'600'000) : QVariant(QMetaType(QMetaType::LongLong)));
        i.addBindValue(reported + 300'000);
        i.addBindValue(reported + 1'800'000);
        i.exec();
    }
    QSqlQuery e(db);
    e.prepare(QStringLiteral(
        "INSERT INTO timeline_entries (incident_id, kind, actor, at, text) VALUES (?, 'note', 'bench', ?, ?)"));
    for (int n = 0; n < kEntries; ++n) {
        // The newest incident carries kLargest entries; the rest are spread over the others.
        const int incident = n < kLargest ? kIncidents : 1 + (n % (kIncidents - 1));
        e.addBindValue(incident);
        e.addBindValue(now - qint64(kEntries - n) * 1000);
        e.addBindValue(QStringLiteral("Benchmark timeline entry %1 with enough text to look like a real note").arg(n));
        e.exec();
    }
    tx.commit();
    std::printf("populated %d incidents and %d timeline entries in %.1f s\n", kIncidents, kEntries,
                t.elapsed() / 1000.0);
    std::fflush(stdout);
}

} // namespace watchpost::bench
