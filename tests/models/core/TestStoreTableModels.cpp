// The console's store-backed tables (credentials, sessions, audit, secrets, rotations, hooks, deliveries, sources,
// follow-ups) as item models over a real SQLite store: each under QAbstractItemModelTester, showing what the store
// holds, and announcing a read the store refuses as its read error — an empty table then, never a silent one.
#include "models/audit/AuditTableModel.h"
#include "models/credentials/CredentialTableModel.h"
#include "models/credentials/SessionTableModel.h"
#include "models/incidents/FollowUpTableModel.h"
#include "models/secrets/FileSecretStore.h"
#include "models/secrets/RotationTableModel.h"
#include "models/secrets/SecretTableModel.h"
#include "models/services/DomainServices.h"
#include "models/webhooks/DeliveryTableModel.h"
#include "models/webhooks/HookTableModel.h"
#include "models/webhooks/SourceTableModel.h"
#include "tests/support/models/StoreFixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace watchpost;

namespace {
struct Fixture : StoreFixture
{
    std::shared_ptr<FileSecretStore> keys =
        std::make_shared<FileSecretStore>(FileSecretStore::besideStore(store->path()));
    WebhookSetup webhooks;
    DomainServices services{DomainDeps{store, clock, nullptr, keys, webhooks}};
};

// Reads the model, checks it with the tester, then breaks `table` and checks the refused read is announced.
template <typename Model> void checkReadAndRefusal(Fixture& f, Model& model, const QString& table, int expectedRows)
{
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    QCOMPARE(model.rowCount(), expectedRows);
    QVERIFY2(model.readError().isEmpty(), qPrintable(model.readError()));
    for (int c = 0; c < model.columnCount(); ++c)
        QVERIFY(!model.headerData(c, Qt::Horizontal).toString().isEmpty());
    QSignalSpy announced(&model, &StoreTableModel::readErrorChanged);
    f.breakTable(table);
    model.reload();
    QCOMPARE(announced.count(), 1);
    QVERIFY2(!model.readError().isEmpty(), qPrintable(table));
    QCOMPARE(model.rowCount(), 0);
}
} // namespace

class TestStoreTableModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void credentialsAndSessions()
    {
        Fixture f;
        auto created = f.services.credentials().create(QStringLiteral("ci-bot"), QStringLiteral("automation"), {},
                                                       std::nullopt, QStringLiteral("lead"));
        QVERIFY(created.ok());
        QVERIFY(f.services.credentials().revoke({created->id}, QStringLiteral("leaked"), SessionPolicy::Immediate,
                                                QStringLiteral("lead")));
        CredentialTableModel credentials(f.services.credentials());
        credentials.reload();
        QCOMPARE(credentials.index(0, 1).data().toString(), QStringLiteral("ci-bot"));
        QVERIFY(credentials.index(0, 7).data().toString().contains(QStringLiteral("leaked")));
        QVERIFY(credentials.index(0, 7).data(StoreTableModel::ProblemRole).toBool()); // revoked: a problem cell
        QVERIFY(!credentials.index(0, 1).data(StoreTableModel::ProblemRole).toBool());
        checkReadAndRefusal(f, credentials, QStringLiteral("api_tokens"), 1);
        Fixture other;
        SessionTableModel sessions(other.services.credentials().sessions());
        checkReadAndRefusal(other, sessions, QStringLiteral("sessions"), 0);
    }

    void auditFollowsItsFilter()
    {
        Fixture f;
        QVERIFY(f.services.credentials()
                    .create(QStringLiteral("ci-bot"), QStringLiteral("automation"), {}, std::nullopt,
                            QStringLiteral("lead"))
                    .ok());
        AuditTableModel audit(f.services.audit());
        audit.setFilter({{}, QStringLiteral("credential_created")});
        QCOMPARE(audit.rowCount(), 1);
        QCOMPARE(audit.index(0, 3).data().toString(), QStringLiteral("Credential created"));
        audit.setFilter({{}, QStringLiteral("credential_revoked")});
        QCOMPARE(audit.rowCount(), 0);
        audit.setFilter({});
        checkReadAndRefusal(f, audit, QStringLiteral("audit_log"), 1);
    }

    void secretsAndTheirRotations()
    {
        Fixture f;
        QVERIFY(
            f.services.secrets()
                .create(QStringLiteral("payments-api"), QStringLiteral("generic"),
                        {{QStringLiteral("health_check_url"), QStringLiteral("https://payments.example.com/health")}},
                        {}, QStringLiteral("lead"))
                .ok());
        SecretTableModel secrets(f.services.secrets());
        secrets.reload();
        QCOMPARE(secrets.rowOf(QStringLiteral("payments-api")), 0);
        QCOMPARE(secrets.index(0, 4).data().toString(), QStringLiteral("never"));
        RotationTableModel rotations(f.services.secrets());
        rotations.setSecret(QStringLiteral("payments-api"));
        checkReadAndRefusal(f, secrets, QStringLiteral("secret_versions"), 1);
        checkReadAndRefusal(f, rotations, QStringLiteral("rotations"), 0);
    }

    void hooksDeliveriesAndSources()
    {
        Fixture f;
        HookTableModel hooks(f.services.webhooks().store(), f.webhooks.secrets, f.clock);
        hooks.reload();
        QCOMPARE(hooks.rowCount(), 1); // the default hook is always listed
        QCOMPARE(hooks.index(0, 0).data().toString(), QStringLiteral("default"));
        QVERIFY(hooks.index(0, 2).data(StoreTableModel::ProblemRole).toBool()); // no secret: refused deliveries
        QVERIFY(f.services.webhooks()
                    .block(QStringLiteral("203.0.113.9"), QStringLiteral("spoofing"), QStringLiteral("lead"), 600)
                    .ok());
        SourceTableModel sources(f.services.webhooks().store(), f.clock);
        sources.reload();
        QCOMPARE(sources.rowCount(), 1);
        QVERIFY(sources.index(0, 4).data(StoreTableModel::ProblemRole).toBool());
        DeliveryTableModel deliveries(f.services.webhooks().store());
        checkReadAndRefusal(f, deliveries, QStringLiteral("webhook_deliveries"), 0);
        checkReadAndRefusal(f, sources, QStringLiteral("webhook_blocks"), 1);
        checkReadAndRefusal(f, hooks, QStringLiteral("webhook_hooks"), 1);
    }

    void followUpsOfOneIncident()
    {
        Fixture f;
        auto incident = f.service->report(StoreFixture::sampleReport(), QStringLiteral("soc"));
        QVERIFY(incident.ok());
        FollowUp action;
        action.action = QStringLiteral("rate-limit login");
        QVERIFY(f.service->addFollowUp(incident->id, action, QStringLiteral("lead")).ok());
        FollowUpTableModel followUps(f.store);
        followUps.setIncident(incident->id);
        QCOMPARE(followUps.index(0, 2).data().toString(), QStringLiteral("— unassigned"));
        QVERIFY(followUps.index(0, 2).data(StoreTableModel::ProblemRole).toBool()); // open and nobody owns it
        checkReadAndRefusal(f, followUps, QStringLiteral("follow_ups"), 1);
    }
};

QTEST_GUILESS_MAIN(TestStoreTableModels)
#include "TestStoreTableModels.moc"
