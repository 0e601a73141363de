// The one list of audit actions: unique names that read back, and every rotation step among them.
#include "models/audit/AuditAction.h"

#include <QSet>
#include <QTest>

using namespace watchpost;

class TestAuditAction : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void namesAreUniqueAndReadBack()
    {
        QSet<QString> seen;
        for (const AuditAction a : audit::actions()) {
            const QString name = audit::name(a);
            QVERIFY2(!name.isEmpty(), "an action without a name");
            QVERIFY2(!seen.contains(name), qPrintable(name));
            seen << name;
            QCOMPARE(audit::fromName(name), std::optional<AuditAction>(a));
        }
        QCOMPARE(seen.size(), int(AuditAction::GitHubConnectionChanged) + 1); // every enumerator is listed
        QVERIFY(!audit::fromName(QStringLiteral("credential_deleted")));
    }

    void rotationStepsHaveActions()
    {
        for (const char* step : {"create", "set", "test", "finish"})
            QVERIFY2(audit::rotationStep(QLatin1String(step)), step);
        QVERIFY(!audit::rotationStep(QStringLiteral("rollback")));
    }
};

QTEST_GUILESS_MAIN(TestAuditAction)
#include "TestAuditAction.moc"
