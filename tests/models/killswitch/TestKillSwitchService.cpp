// The kill switch's one writer over a real store: engaging opens its incident, at most one is active, bad input is
// named and leaves the store as it was, history is append-only and audited, and decisions taken while engaged are
// aggregated per minute with a few samples.
#include "models/credentials/TokenService.h"
#include "models/killswitch/KillSwitchService.h"
#include "tests/support/models/StoreFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTest>

using namespace watchpost;

namespace {

KillSwitchScope automationIn(const QString& repository)
{
    KillSwitchScope s;
    s.allAutomation = true;
    s.repositories = {repository};
    return s;
}
} // namespace

class TestKillSwitchService : public QObject
{
    Q_OBJECT

    struct Fixture : StoreFixture
    {
        std::shared_ptr<AuditLog> audit = std::make_shared<AuditLog>(store, clock);
        KillSwitchService kill{store, clock, audit, *service};
        ApiPrincipal bot;
        Fixture()
        {
            auto made = TokenService(store, clock).create(QStringLiteral("ci-bot"), QStringLiteral("automation"));
            bot = {made->id, QStringLiteral("ci-bot"), Role::Automation, {}};
        }
    };

private Q_SLOTS:
    void engagingWithoutAnIncidentOpensOneAndDecisionsDeny()
    {
        Fixture f;
        const KillSwitchEngagement e =
            must(f.kill.engage(QStringLiteral("ci-bot opening malicious PRs"), std::nullopt,
                               automationIn(QStringLiteral("acme/api")), std::nullopt, QStringLiteral("dana")));
        const Incident incident = must(f.service->get(e.incidentId));
        QCOMPARE(incident.title, QStringLiteral("Shipping kill switch engaged"));
        QCOMPARE(incident.severity, Severity::High);
        QCOMPARE(f.count("kill_switch_history"), qint64(1));
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec("SELECT COUNT(*) FROM audit_log WHERE action = 'kill_switch_engaged' AND actor = 'dana'") &&
                q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        // The next decision is denied, with no restart: an aggregate per minute, at most five samples.
        for (int i = 0; i < 1000; ++i) {
            const RecordedDecision d = f.kill.decide(
                f.bot, {QStringLiteral("push"), QStringLiteral("acme/api"), QStringLiteral("refs/heads/main"), {}, {}});
            QVERIFY(!d.decision.allowed);
            QVERIFY(d.recorded);
            QCOMPARE(d.incidentId, std::optional<qint64>(e.incidentId));
        }
        QVERIFY(f.kill.decide(f.bot, {QStringLiteral("diagnostic"), QStringLiteral("acme/api"), {}, {}, {}})
                    .decision.allowed);
        QVERIFY(q.exec("SELECT count, samples FROM shipping_decisions WHERE allowed = 0") && q.next());
        QCOMPARE(q.value(0).toInt(), 1000);
        QCOMPARE(QJsonDocument::fromJson(q.value(1).toString().toUtf8()).array().size(), KillSwitchService::kSamples);
        QVERIFY(!q.next());
        f.clock->advance(61 * 1000); // a new minute, a new aggregate
        f.kill.decide(f.bot, {QStringLiteral("push"), QStringLiteral("acme/api"), {}, {}, {}});
        QCOMPARE(f.count("shipping_decisions"), qint64(3));

        // Released: allowed again, recorded nowhere; history and audit say who and why.
        must(f.kill.release(QStringLiteral("bot contained"), QStringLiteral("dana")));
        const RecordedDecision after =
            f.kill.decide(f.bot, {QStringLiteral("push"), QStringLiteral("acme/api"), {}, {}, {}});
        QVERIFY(after.decision.allowed);
        QVERIFY(!after.recorded);
        QCOMPARE(f.count("kill_switch_history"), qint64(2));
        // History is evidence: it cannot be changed.
        QVERIFY(!q.exec("UPDATE kill_switch_history SET actor = 'mallory'"));
        QVERIFY(!q.exec("DELETE FROM kill_switch_history"));
    }

    void badInputIsNamedAndChangesNothing()
    {
        Fixture f;
        const qint64 incident = must(f.service->report(StoreFixture::sampleReport(), QStringLiteral("dana"))).id;
        const QString before = f.snapshot();
        auto refused = [&](Result<KillSwitchEngagement> r, const QString& field, Error::Kind kind) {
            QVERIFY(!r);
            QCOMPARE(r.error().kind, kind);
            if (!field.isEmpty())
                QVERIFY2(r.error().fields.contains(field), qPrintable(r.error().message));
            QCOMPARE(f.snapshot(), before);
        };
        const KillSwitchScope scope = automationIn(QStringLiteral("acme/api"));
        refused(f.kill.engage(QStringLiteral("  "), incident, scope, std::nullopt, QStringLiteral("dana")),
                QStringLiteral("reason"), Error::Kind::Validation);
        refused(f.kill.engage(QStringLiteral("abuse"), 999, scope, std::nullopt, QStringLiteral("dana")),
                QStringLiteral("incident_id"), Error::Kind::Validation);
        refused(
            f.kill.engage(QStringLiteral("abuse"), incident, scope, f.clock->now().addSecs(-5), QStringLiteral("dana")),
            QStringLiteral("expires_at"), Error::Kind::Validation);
        KillSwitchScope unknown;
        unknown.credentialIds = {4242};
        refused(f.kill.engage(QStringLiteral("abuse"), incident, unknown, std::nullopt, QStringLiteral("dana")),
                QStringLiteral("scope.credentials"), Error::Kind::Validation);
        refused(f.kill.release(QStringLiteral("nothing engaged"), QStringLiteral("dana")), {}, Error::Kind::WrongState);
        refused(f.kill.changeScope(scope, QStringLiteral("dana")), {}, Error::Kind::WrongState);
        // Engage twice: the second is refused and the first stands.
        must(f.kill.engage(QStringLiteral("abuse"), incident, scope, std::nullopt, QStringLiteral("dana")));
        const QString engaged = f.snapshot();
        auto twice = f.kill.engage(QStringLiteral("again"), incident, scope, std::nullopt, QStringLiteral("dana"));
        QVERIFY(!twice);
        QCOMPARE(twice.error().kind, Error::Kind::WrongState);
        QCOMPARE(f.snapshot(), engaged);
    }

    void scopeChangesAndExpiryAreRecorded()
    {
        Fixture f;
        const KillSwitchEngagement e =
            must(f.kill.engage(QStringLiteral("abuse"), std::nullopt, automationIn(QStringLiteral("acme/api")),
                               f.clock->now().addSecs(3600), QStringLiteral("dana")));
        QVERIFY(
            f.kill.decide(f.bot, {QStringLiteral("merge"), QStringLiteral("acme/web"), {}, {}, {}}).decision.allowed);
        must(f.kill.changeScope(automationIn(QStringLiteral("acme/web")), QStringLiteral("dana"))); // widened elsewhere
        QVERIFY(
            !f.kill.decide(f.bot, {QStringLiteral("merge"), QStringLiteral("acme/web"), {}, {}, {}}).decision.allowed);
        f.clock->advance(3601 * 1000); // past its expiry: it no longer decides
        QVERIFY(
            f.kill.decide(f.bot, {QStringLiteral("merge"), QStringLiteral("acme/web"), {}, {}, {}}).decision.allowed);
        // A new engagement closes the expired one as expired.
        const KillSwitchEngagement next =
            must(f.kill.engage(QStringLiteral("again"), e.incidentId, automationIn(QStringLiteral("acme/api")),
                               std::nullopt, QStringLiteral("dana")));
        QVERIFY(next.id != e.id);
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec("SELECT change FROM kill_switch_history ORDER BY id"));
        QStringList changes;
        while (q.next())
            changes << q.value(0).toString();
        QCOMPARE(changes, (QStringList{"engaged", "scope_changed", "expired", "engaged"}));
    }

    void anUnreadableStoreDeniesShipping()
    {
        Fixture f;
        f.breakTable(QStringLiteral("kill_switch_engagements"));
        const RecordedDecision d =
            f.kill.decide(f.bot, {QStringLiteral("deploy"), QStringLiteral("acme/api"), {}, {}, {}});
        QVERIFY(!d.decision.allowed);
        QVERIFY2(d.decision.reason.contains("fail closed"), qPrintable(d.decision.reason));
        QVERIFY(f.kill.decide(f.bot, {QStringLiteral("diagnostic"), QStringLiteral("acme/api"), {}, {}, {}})
                    .decision.allowed);
    }
};

QTEST_MAIN(TestKillSwitchService)
#include "TestKillSwitchService.moc"
