// The grace-period rule, and the services that take one holding to it.
#include "models/secrets/FileSecretStore.h"
#include "models/secrets/GracePeriod.h"
#include "models/webhooks/WebhookHookService.h"
#include "tests/support/models/StoreFixture.h"

#include <QTest>

using namespace watchpost;

class TestGracePeriod : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bounds_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("none") << qint64(0) << true;
        QTest::newRow("an hour") << qint64(3600) << true;
        QTest::newRow("7 days") << qint64(604800) << true;
        QTest::newRow("7 days and a second") << qint64(604801) << false;
        QTest::newRow("negative") << qint64(-1) << false;
        QTest::newRow("beyond int") << (qint64(1) << 40) << false;
    }
    void bounds()
    {
        QFETCH(qint64, seconds);
        QFETCH(bool, allowed);
        const auto problem = GracePeriod::problem(seconds);
        QCOMPARE(!problem.has_value(), allowed);
        if (problem)
            QVERIFY2(problem->contains(QStringLiteral("7 days")), qPrintable(*problem));
    }

    void hookSecretsTakeTheSameRule()
    {
        StoreFixture f;
        FileSecretStore files(FileSecretStore::besideStore(f.store->path()));
        WebhookHookService hooks(f.store, f.clock, files, std::make_shared<WebhookSecrets>());
        auto refused = hooks.setSecret(QStringLiteral("h"), "a-long-enough-secret", int(GracePeriod::kMaxSeconds + 1));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().fields, QStringList{QStringLiteral("grace")});
        QVERIFY(hooks.setSecret(QStringLiteral("h"), "a-long-enough-secret", int(GracePeriod::kMaxSeconds)).ok());
    }
};

QTEST_GUILESS_MAIN(TestGracePeriod)
#include "TestGracePeriod.moc"
