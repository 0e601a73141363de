// PostureWorker: the snapshot off the GUI thread, requests folded while one runs, and runs spaced by the gap so a
// burst of writes cannot keep a core busy with snapshots back to back.
#include "models/posture/PostureSnapshot.h"
#include "tests/support/models/StoreFixture.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace watchpost;

class TestPostureWorker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aBurstOfRequestsIsFoldedAndSpacedByTheGap()
    {
        StoreFixture f;
        f.service->report(StoreFixture::sampleReport(QStringLiteral("critical")), QStringLiteral("t"));
        constexpr std::chrono::milliseconds gap{400};
        PostureWorker worker(f.store, f.clock, nullptr, gap);
        QList<qint64> readyAt;
        QElapsedTimer since;
        since.start();
        connect(&worker, &PostureWorker::ready, this, [&](const PostureSnapshot& s) {
            QCOMPARE(s.counts.total, 1);
            readyAt << since.elapsed();
        });
        worker.request(); // runs at once
        for (int i = 0; i < 50; ++i)
            worker.request(); // folded into one more run, which waits for the gap
        QTRY_COMPARE_WITH_TIMEOUT(readyAt.size(), 2, 10000);
        QVERIFY2(readyAt.at(1) >= gap.count(), qPrintable(QString::number(readyAt.at(1))));
        QTest::qWait(2 * int(gap.count()));
        QCOMPARE(readyAt.size(), 2); // fifty requests, two snapshots

        // A request long after the last run is answered without waiting for a gap.
        since.restart();
        worker.request();
        QTRY_COMPARE_WITH_TIMEOUT(readyAt.size(), 3, 10000);
    }
};

QTEST_GUILESS_MAIN(TestPostureWorker)
#include "TestPostureWorker.moc"
