// The timeline model: fetched in pages, entries appended live once the end is shown — under
// QAbstractItemModelTester.
#include "models/incidents/TimelineModel.h"
#include "tests/support/models/StoreFixture.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace watchpost;

class TestTimelineModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pagesAndLiveAppends()
    {
        StoreFixture f;
        const auto incident = f.service->report(StoreFixture::sampleReport(), QStringLiteral("soc"));
        QVERIFY(incident.ok());
        const qint64 id = incident->id;
        for (int i = 0; i < 1100; ++i)
            QVERIFY(
                f.service
                    ->addTimelineEntry(id, TimelineKind::Note, QStringLiteral("note %1").arg(i), QStringLiteral("t"))
                    .ok());
        const int all = must(f.service->timeline().timelineCount(id));
        QVERIFY(all > 1100); // the report's own entries too

        TimelineModel model(f.store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.canFetchMore({})); // no incident chosen
        model.setIncident(id);
        QCOMPARE(model.rowCount(), TimelineModel::kPageSize);
        QCOMPARE(model.totalEntries(), all);
        QVERIFY(model.canFetchMore({}));

        // An entry appended while the end is not shown only raises the count.
        QVERIFY(f.service->addTimelineEntry(id, TimelineKind::Note, QStringLiteral("late"), QStringLiteral("t")).ok());
        model.entriesAppended(id);
        QCOMPARE(model.rowCount(), TimelineModel::kPageSize);
        QCOMPARE(model.totalEntries(), all + 1);

        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), all + 1);
        QCOMPARE(model.index(all, TimelineModel::TextColumn).data().toString(), QStringLiteral("late"));

        // Once the end is shown, appended entries appear at once; another incident's do not.
        QVERIFY(f.service->addTimelineEntry(id, TimelineKind::Note, QStringLiteral("live"), QStringLiteral("t")).ok());
        model.entriesAppended(id + 1);
        QCOMPARE(model.rowCount(), all + 1);
        model.entriesAppended(id);
        QCOMPARE(model.rowCount(), all + 2);
        QCOMPARE(model.index(all + 1, TimelineModel::TextColumn).data().toString(), QStringLiteral("live"));
        QCOMPARE(model.index(all + 1, 0).data(TimelineModel::KindRole).toInt(), int(TimelineKind::Note));
    }
};

QTEST_GUILESS_MAIN(TestTimelineModel)
#include "TestTimelineModel.moc"
