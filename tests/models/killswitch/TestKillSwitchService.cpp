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
        KillSwitchService kill{store, clock, audit, *service, nullptr};
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
        QCOMPARE(must(f.kill.blockedAttempts(e.id)), qint64(1000)); // counted in memory, not yet written
        QCOMPARE(f.count("shipping_decisions"), qint64(0));
        must(f.kill.flush());
        QVERIFY(q.exec("SELECT count, samples FROM shipping_decisions WHERE allowed = 0") && q.next());
        QCOMPARE(q.value(0).toInt(), 1000);
        QCOMPARE(QJsonDocument::fromJson(q.value(1).toString().toUtf8()).array().size(), KillSwitchService::kSamples);
        QVERIFY(!q.next());
        f.clock->advance(61 * 1000); // a new minute, a new aggregate
        f.kill.decide(f.bot, {QStringLiteral("push"), QStringLiteral("acme/api"), {}, {}, {}});
        must(f.kill.flush());
        QCOMPARE(f.count("shipping_decisions"), qint64(3));
        // A later flush adds to the minute's aggregate rather than writing another.
        f.kill.decide(f.bot, {QStringLiteral("push"), QStringLiteral("acme/api"), {}, {}, {}});
        must(f.kill.flush());
        QCOMPARE(f.count("shipping_decisions"), qint64(3));
        QCOMPARE(must(f.kill.blockedAttempts(e.id)), qint64(1002));

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

    // The store refuses the write (a trigger raising "disk is full", as SQLite does when it cannot write): the
    // switch holds in memory and denies at once, nothing half-written is left, and once the store takes writes
    // again tick() writes the engagement and its high-severity incident, with the denials counted meanwhile.
    void aStoreRefusingTheEngagementHoldsItInMemoryUntilItCanBeWritten()
    {
        Fixture f;
        QSqlQuery q(f.store->connection());
        for (const char* table : {"incidents", "kill_switch_engagements"})
            QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER refuse_%1 BEFORE INSERT ON %1 BEGIN SELECT "
                                          "RAISE(ABORT, 'database or disk is full'); END")
                               .arg(QLatin1String(table))));
        const QString before = f.snapshot();
        auto engaged = f.kill.engage(QStringLiteral("bot pushing malware"), std::nullopt,
                                     automationIn(QStringLiteral("acme/api")), std::nullopt, QStringLiteral("dana"));
        QVERIFY(!engaged);
        QCOMPARE(engaged.error().code, KillSwitchService::kNotPersisted);
        QVERIFY2(engaged.error().message.contains("kill switch not persisted — unresolved high-severity incident"),
                 qPrintable(engaged.error().message));
        QVERIFY(engaged.error().message.contains("disk is full"));
        QCOMPARE(f.snapshot(), before); // nothing half-written
        QVERIFY(f.kill.held());
        QVERIFY(!must(f.kill.open()));
        for (int i = 0; i < 3; ++i) {
            const RecordedDecision d =
                f.kill.decide(f.bot, {QStringLiteral("push"), QStringLiteral("acme/api"), {}, {}, {}});
            QVERIFY(!d.decision.allowed);
            QCOMPARE(d.decision.engagementId, qint64(0));
        }
        QVERIFY(f.kill.decide(f.bot, {QStringLiteral("diagnostic"), QStringLiteral("acme/api"), {}, {}, {}})
                    .decision.allowed);
        QCOMPARE(must(f.kill.blockedAttempts(0)), qint64(3));
        // Engaging again and releasing are refused while it is held: it keeps denying (fail closed).
        auto twice = f.kill.engage(QStringLiteral("again"), std::nullopt, automationIn(QStringLiteral("acme/api")),
                                   std::nullopt, QStringLiteral("dana"));
        QCOMPARE(twice.error().kind, Error::Kind::WrongState);
        auto released = f.kill.release(QStringLiteral("done"), QStringLiteral("admin"));
        QVERIFY(!released);
        QCOMPARE(released.error().code, KillSwitchService::kNotPersisted);
        QVERIFY(!f.kill.tick()); // still refused
        QVERIFY(f.kill.held());
        QCOMPARE(f.snapshot(), before);

        // The store takes writes again.
        QVERIFY(q.exec("DROP TRIGGER refuse_incidents"));
        QVERIFY(q.exec("DROP TRIGGER refuse_kill_switch_engagements"));
        must(f.kill.tick());
        QVERIFY(!f.kill.held());
        const auto written = must(f.kill.open());
        QVERIFY(written);
        QCOMPARE(written->engagedBy, QStringLiteral("dana"));
        const Incident incident = must(f.service->get(written->incidentId));
        QCOMPARE(incident.title, QStringLiteral("Shipping kill switch engaged"));
        QCOMPARE(incident.severity, Severity::High);
        QVERIFY(q.exec("SELECT detail FROM kill_switch_history") && q.next());
        QVERIFY2(q.value(0).toString().contains("held in memory"), qPrintable(q.value(0).toString()));
        QVERIFY(q.value(0).toString().contains("disk is full"));
        QVERIFY(q.exec("SELECT COUNT(*) FROM audit_log WHERE action = 'kill_switch_engaged'") && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        // The denials counted while held belong to the written engagement.
        QCOMPARE(must(f.kill.blockedAttempts(written->id)), qint64(3));
        QVERIFY(
            !f.kill.decide(f.bot, {QStringLiteral("push"), QStringLiteral("acme/api"), {}, {}, {}}).decision.allowed);
        must(f.kill.release(QStringLiteral("bot contained"), QStringLiteral("admin")));
    }

    // Only the engagement's write fails: the incident opened for it is kept and not opened twice on the retry.
    void theIncidentWrittenBeforeARefusedEngagementIsNotOpenedTwice()
    {
        Fixture f;
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec("CREATE TRIGGER refuse BEFORE INSERT ON kill_switch_history BEGIN SELECT "
                       "RAISE(ABORT, 'database or disk is full'); END"));
        auto engaged = f.kill.engage(QStringLiteral("abuse"), std::nullopt, automationIn(QStringLiteral("acme/api")),
                                     std::nullopt, QStringLiteral("dana"));
        QCOMPARE(engaged.error().code, KillSwitchService::kNotPersisted);
        QCOMPARE(f.count("kill_switch_engagements"), qint64(0)); // rolled back with its history
        QVERIFY(f.kill.held() && f.kill.held()->incidentId);
        const qint64 heldIncident = *f.kill.held()->incidentId;
        QVERIFY(!f.kill.tick());
        QVERIFY(q.exec("DROP TRIGGER refuse"));
        must(f.kill.tick());
        QVERIFY(q.exec("SELECT COUNT(*) FROM incidents WHERE title = 'Shipping kill switch engaged'") && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QCOMPARE(must(f.kill.open())->incidentId, heldIncident);
        QCOMPARE(f.count("kill_switch_engagements"), qint64(1));
    }

    // Another connection on the same file with its own hold, as another process has (here the read-only view's
    // connection): its next decision after the engage answer denies, and after the release allows — data_version
    // is checked at every decision.
    void anotherConnectionOnTheFileDecidesOnTheNextDecision()
    {
        Fixture f;
        auto other = f.store->readOnlyView();
        IncidentService incidents(other, f.clock, nullptr);
        KillSwitchService kill(other, f.clock, std::make_shared<AuditLog>(other, f.clock), incidents, nullptr);
        const ShippingRequest push{QStringLiteral("push"), QStringLiteral("acme/api"), {}, {}, {}};
        QVERIFY(kill.decide(f.bot, push).decision.allowed);
        QVERIFY(kill.decide(f.bot, push).decision.allowed); // cached
        must(f.kill.engage(QStringLiteral("abuse"), std::nullopt, automationIn(QStringLiteral("acme/api")),
                           std::nullopt, QStringLiteral("dana")));
        const RecordedDecision denied = kill.decide(f.bot, push);
        QVERIFY(!denied.decision.allowed);
        QVERIFY(denied.incident.startsWith(QStringLiteral("INC-")));
        must(f.kill.release(QStringLiteral("contained"), QStringLiteral("admin")));
        QVERIFY(kill.decide(f.bot, push).decision.allowed);
    }
};

QTEST_MAIN(TestKillSwitchService)
#include "TestKillSwitchService.moc"
