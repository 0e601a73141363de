// MTTA/MTTR per severity over a period, against the runbook's goals.
#include "models/incidents/MetricsService.h"
#include "tests/support/models/StoreFixture.h"

#include <QTest>

using namespace watchpost;

class TestMetricsService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void averagesAndGoals()
    {
        StoreFixture f;
        const QDateTime start = f.clock->now();
        auto run = [&](const QString& severity, int ackMinutes, int resolveMinutes) {
            f.clock->set(start);
            const qint64 id = f.service->report(StoreFixture::sampleReport(severity), QStringLiteral("t"))->id;
            f.clock->set(start.addSecs(60 * ackMinutes));
            f.service->acknowledge(id, QStringLiteral("x"), QStringLiteral("t"));
            if (resolveMinutes < 0)
                return;
            f.service->addTimelineEntry(id, TimelineKind::ContainmentAction, QStringLiteral("x"), QStringLiteral("t"));
            f.service->markContained(id, {}, QStringLiteral("t"));
            f.clock->set(start.addSecs(60 * resolveMinutes));
            QVERIFY(
                f.service
                    ->resolve(id, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}, QStringLiteral("t"))
                    .ok());
        };
        run(QStringLiteral("critical"), 4, 120);  // MTTA 4, MTTR 120
        run(QStringLiteral("critical"), 20, 400); // MTTA 20, MTTR 400 → averages 12 and 260: both goals missed
        run(QStringLiteral("low"), 30, -1);
        // Reported outside the period: ignored.
        f.clock->set(start.addDays(-40));
        f.service->report(StoreFixture::sampleReport(QStringLiteral("critical")), QStringLiteral("t"));

        MetricsService metrics(f.service->incidents());
        const MetricsReport r = must(metrics.compute(start.addDays(-1), start.addDays(1)));
        QCOMPARE(r.overall.incidents, 3);
        QCOMPARE(r.overall.acknowledged, 3);
        QCOMPARE(r.overall.resolved, 2);
        QCOMPARE(*r.overall.mttaMs, qint64((4 + 20 + 30) * 60000 / 3));
        QCOMPARE(*r.overall.mttrMs, qint64(260 * 60000));
        QCOMPARE(*r.overall.mttrMet, false);
        QVERIFY(!r.overall.mttaGoalMs);
        const MetricRow& critical = r.bySeverity.at(int(Severity::Critical));
        QCOMPARE(*critical.mttaMs, qint64(12 * 60000));
        QCOMPARE(*critical.mttaGoalMs, qint64(10 * 60000));
        QCOMPARE(*critical.mttaMet, false);
        QCOMPARE(*critical.mttrMet, false);
        const MetricRow& low = r.bySeverity.at(int(Severity::Low));
        QCOMPARE(low.incidents, 1);
        QVERIFY(!low.mttrMs);
        QVERIFY(!low.mttaMet);
        QCOMPARE(r.bySeverity.at(int(Severity::High)).incidents, 0);

        const MetricsReport fast =
            must(metrics.compute(start.addDays(-1), start.addSecs(60))); // only reports at `start`
        QCOMPARE(fast.overall.incidents, 3);
    }
};

QTEST_GUILESS_MAIN(TestMetricsService)
#include "TestMetricsService.moc"
