// The demo dataset: written through the real service, dated back from the injected clock.
#include "models/demo/DemoDataset.h"
#include "tests/support/models/StoreFixture.h"

#include <QSqlQuery>
#include <QTest>

using namespace watchpost;

class TestDemoDataset : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void incidentsAreDatedFromTheClock()
    {
        StoreFixture f;
        auto added = DemoDataset::populate(f.store, *f.clock);
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().message));
        QVERIFY(added.value() >= 10);
        QCOMPARE(f.count("incidents"), qint64(added.value()));
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT MIN(reported_at), MAX(reported_at) FROM incidents")) && q.next());
        const qint64 now = f.clock->nowMs();
        QVERIFY2(q.value(1).toLongLong() <= now, "an incident reported after the clock's now");
        QVERIFY2(q.value(0).toLongLong() >= now - 90LL * 86400 * 1000, "an incident older than 90 days");
        QVERIFY(q.exec(QStringLiteral("SELECT MAX(at) FROM timeline_entries")) && q.next());
        QVERIFY(q.value(0).toLongLong() <= now);
        // A store that already holds incidents is refused and left as it is.
        const QString before = f.snapshot();
        QVERIFY(!DemoDataset::populate(f.store, *f.clock).ok());
        QCOMPARE(f.snapshot(), before);
    }
};

QTEST_GUILESS_MAIN(TestDemoDataset)
#include "TestDemoDataset.moc"
