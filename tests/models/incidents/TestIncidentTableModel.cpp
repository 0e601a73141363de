// The incident table: paging, SQL-side sort and filter, refresh after writes — under QAbstractItemModelTester.
#include "models/incidents/IncidentStore.h"
#include "models/incidents/IncidentTableModel.h"
#include "models/incidents/SlaPolicy.h"
#include "models/incidents/TimelineModel.h"
#include "tests/support/models/StoreFixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <limits>

using namespace watchpost;

class TestIncidentTableModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pagesFiltersAndSorts()
    {
        StoreFixture f;
        const QStringList severities{"critical", "high", "medium", "low"};
        for (int i = 0; i < 450; ++i) {
            IncidentReport r = StoreFixture::sampleReport(severities.at(i % 4));
            r.title = QStringLiteral("Incident %1 %2")
                          .arg(i, 3, 10, QLatin1Char('0'))
                          .arg(i % 10 == 0 ? QStringLiteral("phishing") : QString());
            f.service->report(r, QStringLiteral("t"));
            f.clock->advance(60000);
        }
        IncidentTableModel model(f.store, f.clock);
        QCOMPARE(model.rowCount(), IncidentTableModel::kPageSize);
        QCOMPARE(model.matchingCount(), 450);
        QVERIFY(model.canFetchMore({}));
        QCOMPARE(model.index(0, IncidentTableModel::PublicIdColumn).data().toString(), QStringLiteral("INC-2026-0450"));
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 450);
        QVERIFY(!model.canFetchMore({}));

        IncidentFilter filter;
        filter.severity = Severity::Critical;
        filter.text = QStringLiteral("phishing");
        model.setFilter(filter);
        // i % 4 == 0 and i % 10 == 0: every 20th of 450 → 23.
        QCOMPARE(model.matchingCount(), 23);
        for (int r = 0; r < model.rowCount(); ++r) {
            QCOMPARE(model.index(r, IncidentTableModel::SeverityColumn).data().toString(), QStringLiteral("Critical"));
            QVERIFY(
                model.index(r, IncidentTableModel::TitleColumn).data().toString().contains(QStringLiteral("phishing")));
        }
        // LIKE wildcards in a search are literal.
        filter = {};
        filter.text = QStringLiteral("%");
        model.setFilter(filter);
        QCOMPARE(model.matchingCount(), 0);

        model.setFilter({});
        model.sort(IncidentTableModel::TitleColumn, Qt::AscendingOrder);
        QCOMPARE(model.index(0, IncidentTableModel::TitleColumn).data().toString(),
                 QStringLiteral("Incident 000 phishing"));
        model.sort(IncidentTableModel::SeverityColumn, Qt::DescendingOrder);
        QCOMPARE(model.index(0, IncidentTableModel::SeverityColumn).data().toString(), QStringLiteral("Low"));
        model.sort(IncidentTableModel::PublicIdColumn, Qt::AscendingOrder);
        QCOMPARE(model.index(0, IncidentTableModel::PublicIdColumn).data().toString(), QStringLiteral("INC-2026-0001"));
        model.sort(IncidentTableModel::AgeColumn, Qt::DescendingOrder);
        QCOMPARE(model.index(0, IncidentTableModel::PublicIdColumn).data().toString(), QStringLiteral("INC-2026-0001"));
    }

    void refreshShowsNewWritesAndSlaMovesWithTime()
    {
        StoreFixture f;
        IncidentTableModel model(f.store, f.clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        const qint64 id =
            f.service->report(StoreFixture::sampleReport(QStringLiteral("critical")), QStringLiteral("t"))->id;
        model.refresh();
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.incidentIdAt(0), id);
        const QModelIndex sla = model.index(0, IncidentTableModel::SlaColumn);
        QCOMPARE(sla.data(IncidentTableModel::SlaStateRole).toInt(), int(SlaState::OnTrack));
        f.clock->advance(4 * 60000);
        QCOMPARE(sla.data(IncidentTableModel::SlaStateRole).toInt(), int(SlaState::AtRisk));
        f.clock->advance(2 * 60000);
        QCOMPARE(sla.data(IncidentTableModel::SlaStateRole).toInt(), int(SlaState::Breached));
        QVERIFY(sla.data().toString().startsWith(QStringLiteral("Ack: Breached")));
        f.service->acknowledge(id, QStringLiteral("late"), QStringLiteral("t"));
        model.refresh();
        QVERIFY(model.index(0, IncidentTableModel::SlaColumn).data().toString().startsWith(QStringLiteral("Contain:")));
        QCOMPARE(model.index(0, IncidentTableModel::StateColumn).data().toString(), QStringLiteral("Acknowledged"));
    }

    // The list opens on open incidents by their next SLA deadline: the order is right both ways, and its first
    // page is read off the index (migration 004) rather than by sorting every incident on each refresh.
    void theDeadlineOrderIsReadOffItsIndex_data()
    {
        QTest::addColumn<bool>("descending");
        QTest::newRow("soonest first") << false;
        QTest::newRow("latest first") << true;
    }
    void theDeadlineOrderIsReadOffItsIndex()
    {
        QFETCH(bool, descending);
        StoreFixture f;
        const QStringList severities{"low", "critical", "medium", "high"};
        for (int i = 0; i < 40; ++i) {
            const qint64 id =
                f.service->report(StoreFixture::sampleReport(severities.at(i % 4)), QStringLiteral("t"))->id;
            if (i % 3 == 0)
                QVERIFY(f.service->acknowledge(id, QStringLiteral("seen"), QStringLiteral("t")).ok());
            f.clock->advance(37000);
        }
        IncidentFilter filter;
        filter.openOnly = true;
        filter.sort = IncidentFilter::SortKey::Deadline;
        filter.descending = descending;
        const auto rows = IncidentStore(f.store).summaries(filter, 0, 100);
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), 40);
        const auto deadline = [](const IncidentSummary& s) {
            return !s.acknowledgedAt ? s.acknowledgeDueAt.toMSecsSinceEpoch()
                   : !s.containedAt  ? s.containmentDueAt.toMSecsSinceEpoch()
                                     : std::numeric_limits<qint64>::max();
        };
        for (int r = 1; r < rows->size(); ++r) {
            const qint64 before = deadline(rows->at(r - 1)), here = deadline(rows->at(r));
            QVERIFY2(descending ? before >= here : before <= here, qPrintable(QString::number(r)));
        }

        QSqlQuery plan(f.store->connection());
        QVERIFY(plan.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + IncidentStore::summariesSql(filter)));
        for (const char* name : {":state", ":severity", ":text"})
            plan.bindValue(QLatin1String(name), QVariant(QMetaType(QMetaType::QString)));
        plan.bindValue(QStringLiteral(":open"), 1);
        plan.bindValue(QStringLiteral(":limit"), 200);
        plan.bindValue(QStringLiteral(":offset"), 0);
        QVERIFY2(plan.exec(), qPrintable(plan.lastError().text()));
        QStringList steps;
        while (plan.next())
            steps << plan.value(3).toString();
        QVERIFY2(steps.join(QLatin1Char('|')).contains(QStringLiteral("USING INDEX incidents_deadline")),
                 qPrintable(steps.join(QLatin1Char('|'))));
        QVERIFY2(!steps.join(QLatin1Char('|')).contains(QStringLiteral("TEMP B-TREE")), qPrintable(steps.join('|')));
    }

    void timelinePagesAndAppends()
    {
        StoreFixture f;
        const qint64 id = f.service->report(StoreFixture::sampleReport(), QStringLiteral("t"))->id;
        for (int i = 0; i < 1200; ++i)
            f.service->addTimelineEntry(id, TimelineKind::Note, QStringLiteral("note %1").arg(i), QStringLiteral("t"));
        TimelineModel model(f.store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setIncident(id);
        QCOMPARE(model.rowCount(), TimelineModel::kPageSize);
        QCOMPARE(model.totalEntries(), 1201);
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 1201);
        f.service->addTimelineEntry(id, TimelineKind::Communication, QStringLiteral("new"), QStringLiteral("t"));
        model.entriesAppended(id);
        QCOMPARE(model.rowCount(), 1202);
        QCOMPARE(model.index(1201, TimelineModel::TextColumn).data().toString(), QStringLiteral("new"));
    }

    // A refused read is the model's read error (announced), not an empty table; a later read that succeeds clears it.
    void aRefusedReadIsAnErrorNotAnEmptyTable()
    {
        StoreFixture f;
        QVERIFY(f.service->report(StoreFixture::sampleReport(), QStringLiteral("soc")).ok());
        IncidentTableModel model(f.store, f.clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.readError().isEmpty());
        QSignalSpy announced(&model, &StoreTableModel::readErrorChanged);
        f.breakTable(QStringLiteral("incidents"));
        model.refresh();
        QCOMPARE(announced.count(), 1);
        QVERIFY2(model.readError().contains(QStringLiteral("incidents")), qPrintable(model.readError()));
        QCOMPARE(model.rowCount(), 1); // what was shown stays, under the error
        model.setFilter({});           // a new filter's rows cannot be read: none shown, still the error
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.readError().isEmpty());
        QVERIFY(!model.canFetchMore({}));
    }
};

QTEST_GUILESS_MAIN(TestIncidentTableModel)
#include "TestIncidentTableModel.moc"
