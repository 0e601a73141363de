// The lifecycle rules: every refused transition, every missing field, the append-only timeline.
#include "models/incidents/Vocabulary.h"
#include "tests/support/models/StoreFixture.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace watchpost;

namespace {
const QString kActor = QStringLiteral("dana");

Resolution fullResolution()
{
    return {QStringLiteral("unguarded endpoint"), QStringLiteral("none confirmed"), QStringLiteral("patched")};
}
Closure fullClosure()
{
    return {QStringLiteral("Approved"),
            QStringLiteral("Alex Rivera"),
            QStringLiteral("https://wiki.example.com/pm/1"),
            QStringLiteral("people"),
            QStringLiteral("process"),
            QStringLiteral("technology"),
            {QStringLiteral("Add triage step")}};
}

void must(bool ok, const char* step)
{
    if (!ok)
        qFatal("test set-up step failed: %s", step);
}

// Drives a fresh incident to `target` through the service.
qint64 incidentIn(StoreFixture& f, IncidentState target)
{
    const qint64 id = f.service->report(StoreFixture::sampleReport(), kActor)->id;
    if (target == IncidentState::Reported)
        return id;
    must(f.service->acknowledge(id, QStringLiteral("on it"), kActor).ok(), "acknowledge");
    if (target == IncidentState::Acknowledged)
        return id;
    f.service->addTimelineEntry(id, TimelineKind::ContainmentAction, QStringLiteral("blocked at WAF"), kActor);
    must(f.service->markContained(id, {}, kActor).ok(), "contain");
    if (target == IncidentState::Contained)
        return id;
    must(f.service->resolve(id, fullResolution(), kActor).ok(), "resolve");
    if (target == IncidentState::Resolved)
        return id;
    must(f.service->close(id, fullClosure(), kActor).ok(), "close");
    return id;
}
} // namespace

class TestIncidentService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reportAssignsPublicIdsPerYearAndDeadlines()
    {
        StoreFixture f;
        auto a = f.service->report(StoreFixture::sampleReport(QStringLiteral("critical")), kActor);
        QVERIFY(a.ok());
        QCOMPARE(a->publicId, QStringLiteral("INC-2026-0001"));
        QCOMPARE(a->state, IncidentState::Reported);
        QCOMPARE(a->acknowledgeDueAt, f.clock->now().addSecs(5 * 60));
        QCOMPARE(a->containmentDueAt, f.clock->now().addSecs(30 * 60));
        QCOMPARE(a->assets.size(), 1);
        QCOMPARE(a->iocs.first().value, QStringLiteral("203.0.113.7"));
        QCOMPARE(f.service->report(StoreFixture::sampleReport(), kActor)->publicId, QStringLiteral("INC-2026-0002"));
        f.clock->set(QDateTime(QDate(2027, 1, 1), QTime(0, 0, 1), Qt::UTC));
        QCOMPARE(f.service->report(StoreFixture::sampleReport(), kActor)->publicId, QStringLiteral("INC-2027-0001"));
        QCOMPARE(f.service->findId(QStringLiteral("inc-2026-0002")).value(), qint64(2));
        QVERIFY(!f.service->findId(QStringLiteral("INC-2026-0099")).ok());
        QCOMPARE(f.count("timeline_entries"), qint64(3));
    }

    void reportRefusesBadInput_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::newRow("empty title") << "title"
                                     << "";
        QTest::newRow("huge title") << "title" << QString(201, QLatin1Char('x'));
        QTest::newRow("blank summary") << "summary"
                                       << "   ";
        QTest::newRow("unknown severity") << "severity"
                                          << "urgent";
        QTest::newRow("unknown source") << "source.kind"
                                        << "rumour";
        QTest::newRow("automated without signal") << "source.signal"
                                                  << "";
        QTest::newRow("unknown signal") << "source.signal"
                                        << "magic";
        QTest::newRow("bad asset kind") << "assets[0].kind"
                                        << "laptop";
        QTest::newRow("empty asset identifier") << "assets[0].identifier"
                                                << "";
        QTest::newRow("bad ioc type") << "iocs[0].type"
                                      << "hash";
        QTest::newRow("short sha256") << "iocs[0].value"
                                      << "abc123";
        QTest::newRow("huge summary") << "summary" << QString(20001, QLatin1Char('y'));
    }
    void reportRefusesBadInput()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        StoreFixture f;
        IncidentReport r = StoreFixture::sampleReport();
        if (field == QLatin1String("title"))
            r.title = value;
        if (field == QLatin1String("summary"))
            r.summary = value;
        if (field == QLatin1String("severity"))
            r.severity = value;
        if (field == QLatin1String("source.kind"))
            r.source.kind = value;
        if (field == QLatin1String("source.signal"))
            r.source.signal = value;
        if (field == QLatin1String("assets[0].kind"))
            r.assets[0].kind = value;
        if (field == QLatin1String("assets[0].identifier"))
            r.assets[0].identifier = value;
        if (field == QLatin1String("iocs[0].type"))
            r.iocs[0].type = value;
        if (field == QLatin1String("iocs[0].value")) {
            r.iocs[0].type = QStringLiteral("sha256");
            r.iocs[0].value = value;
        }
        auto result = f.service->report(r, kActor);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, Error::Kind::Validation);
        QVERIFY2(result.error().fields.contains(field), qPrintable(result.error().fields.join(',')));
        QCOMPARE(f.count("incidents"), qint64(0));
        QCOMPARE(f.count("timeline_entries"), qint64(0));
    }

    void wrongStateTransitionsAreRefused_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("action");
        const QStringList actions{"acknowledge", "contain", "resolve", "close"};
        const QHash<QString, int> allowedFrom{{"acknowledge", int(IncidentState::Reported)},
                                              {"contain", int(IncidentState::Acknowledged)},
                                              {"resolve", int(IncidentState::Contained)},
                                              {"close", int(IncidentState::Resolved)}};
        for (int s = 0; s < 5; ++s)
            for (const QString& a : actions)
                if (allowedFrom.value(a) != s)
                    QTest::newRow(
                        qPrintable(QStringLiteral("%1 from %2").arg(a, vocabulary::stateName(IncidentState(s)))))
                        << s << a;
    }
    void wrongStateTransitionsAreRefused()
    {
        QFETCH(int, state);
        QFETCH(QString, action);
        StoreFixture f;
        const qint64 id = incidentIn(f, IncidentState(state));
        const QString before = f.snapshot();
        Error e;
        if (action == QLatin1String("acknowledge"))
            e = f.service->acknowledge(id, QStringLiteral("x"), kActor).error();
        if (action == QLatin1String("contain"))
            e = f.service->markContained(id, {}, kActor).error();
        if (action == QLatin1String("resolve"))
            e = f.service->resolve(id, fullResolution(), kActor).error();
        if (action == QLatin1String("close"))
            e = f.service->close(id, fullClosure(), kActor).error();
        QCOMPARE(e.kind, Error::Kind::WrongState);
        QVERIFY2(e.message.contains(vocabulary::stateName(IncidentState(state))), qPrintable(e.message));
        QCOMPARE(f.snapshot(), before);
    }

    void missingFieldsAreAllNamed_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QStringList>("fields");
        QTest::newRow("acknowledge without note") << "acknowledge" << QStringList{"note"};
        QTest::newRow("contain without containment action") << "contain" << QStringList{"containment_action"};
        QTest::newRow("resolve with nothing")
            << "resolve" << QStringList{"root_cause", "impact_summary", "mitigation_steps"};
        QTest::newRow("close with nothing") << "close"
                                            << QStringList{"approval_note",
                                                           "approver",
                                                           "postmortem_url",
                                                           "root_cause_narrative.people",
                                                           "root_cause_narrative.process",
                                                           "root_cause_narrative.technology"};
        QTest::newRow("close with a non-http postmortem") << "close-bad-url" << QStringList{"postmortem_url"};
        QTest::newRow("close with an incomplete follow-up")
            << "close-follow-up"
            << QStringList{"follow_ups[1].owner", "follow_ups[1].due_at", "follow_ups[1].validation_criteria"};
    }
    void missingFieldsAreAllNamed()
    {
        QFETCH(QString, action);
        QFETCH(QStringList, fields);
        StoreFixture f;
        const IncidentState state = action == QLatin1String("acknowledge") ? IncidentState::Reported
                                    : action == QLatin1String("contain")   ? IncidentState::Acknowledged
                                    : action == QLatin1String("resolve")   ? IncidentState::Contained
                                                                           : IncidentState::Resolved;
        qint64 id = 0;
        if (action == QLatin1String("contain")) {
            id = f.service->report(StoreFixture::sampleReport(), kActor)->id;
            f.service->acknowledge(id, QStringLiteral("on it"), kActor);
        } else
            id = incidentIn(f, state);
        if (action == QLatin1String("close-follow-up")) {
            auto added = f.service->addFollowUp(
                id, {0, id, QStringLiteral("Add detection"), {}, std::nullopt, {}, {}, {}}, kActor);
            QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().message));
        }
        const QString before = f.snapshot();
        Error e;
        if (action == QLatin1String("acknowledge"))
            e = f.service->acknowledge(id, QStringLiteral("  "), kActor).error();
        if (action == QLatin1String("contain"))
            e = f.service->markContained(id, {}, kActor).error();
        if (action == QLatin1String("resolve"))
            e = f.service->resolve(id, {}, kActor).error();
        if (action == QLatin1String("close"))
            e = f.service->close(id, {}, kActor).error();
        if (action == QLatin1String("close-bad-url")) {
            Closure c = fullClosure();
            c.postmortemUrl = QStringLiteral("javascript:alert(1)");
            e = f.service->close(id, c, kActor).error();
        }
        if (action == QLatin1String("close-follow-up"))
            e = f.service->close(id, fullClosure(), kActor).error();
        QCOMPARE(e.kind, Error::Kind::Validation);
        QCOMPARE(e.fields, fields);
        QCOMPARE(e.fieldMessages.size(), fields.size());
        QCOMPARE(f.snapshot(), before);
    }

    void fullLifecycleRecordsEveryStep()
    {
        StoreFixture f;
        const qint64 id = f.service->report(StoreFixture::sampleReport(QStringLiteral("critical")), kActor)->id;
        f.clock->advance(3 * 60000);
        QVERIFY(f.service->acknowledge(id, QStringLiteral("paging owner"), kActor).ok());
        QVERIFY(
            f.service->addTimelineEntry(id, TimelineKind::ContainmentAction, QStringLiteral("WAF block"), kActor).ok());
        QVERIFY(
            f.service->addTimelineEntry(id, TimelineKind::Communication, QStringLiteral("status page"), kActor).ok());
        QVERIFY(f.service
                    ->addTimelineEntry(id, TimelineKind::StakeholderDecision, QStringLiteral("no notification"), kActor)
                    .ok());
        f.clock->advance(10 * 60000);
        QVERIFY(f.service->markContained(id, QStringLiteral("quiet"), kActor).ok());
        auto followUp = f.service->addFollowUp(
            id, {0, id, QStringLiteral("Rate-limit login"), QStringLiteral("sam"), std::nullopt, {}, {}, {}}, kActor);
        QVERIFY(followUp.ok());
        QVERIFY(f.service->resolve(id, fullResolution(), kActor).ok());
        QVERIFY(!f.service->close(id, fullClosure(), kActor).ok()); // follow-up lacks due date and criteria
        FollowUpChange change;
        change.dueAt = std::optional<QDateTime>(f.clock->now().addDays(7));
        change.validationCriteria = QStringLiteral("replay is throttled");
        QVERIFY(f.service->changeFollowUp(id, followUp->id, change, kActor).ok());
        auto closed = f.service->close(id, fullClosure(), kActor);
        QVERIFY2(closed.ok(), qPrintable(closed.ok() ? QString() : closed.error().message));
        QCOMPARE(closed->state, IncidentState::Closed);
        QCOMPARE(closed->runbookUpdates.size(), 1);
        QCOMPARE(closed->acknowledgedAt->msecsTo(*closed->containedAt), qint64(10 * 60000));
        const QList<TimelineEntry> timeline = must(f.service->timeline().timeline(id, std::nullopt, 100));
        QStringList kinds;
        for (const TimelineEntry& e : timeline)
            kinds << vocabulary::timelineKindName(e.kind);
        QCOMPARE(kinds, (QStringList{"report", "acknowledge", "containment_action", "communication",
                                     "stakeholder_decision", "state_change", "follow_up_change", "state_change",
                                     "follow_up_change", "runbook_update", "state_change"}));
        for (const TimelineEntry& e : timeline)
            QCOMPARE(e.actor, kActor);
        // Closed is final.
        QCOMPARE(f.service->addTimelineEntry(id, TimelineKind::Note, QStringLiteral("late"), kActor).error().kind,
                 Error::Kind::WrongState);

        // ...but post-mortem actions finish after closure: status and due date move, as timeline entries.
        FollowUpChange done;
        done.status = QStringLiteral("done");
        done.dueAt = std::optional<QDateTime>(f.clock->now().addDays(14));
        const auto finished = f.service->changeFollowUp(id, followUp->id, done, kActor);
        QVERIFY2(finished.ok(), qPrintable(finished.ok() ? QString() : finished.error().message));
        QCOMPARE(finished->status, QStringLiteral("done"));
        const QList<TimelineEntry> after = must(f.service->timeline().timeline(id, std::nullopt, 100));
        QCOMPARE(after.size(), timeline.size() + 1);
        QCOMPARE(after.last().kind, TimelineKind::FollowUpChange);
        QVERIFY(after.last().text.contains(QStringLiteral("status: done")));
        // What closing required of a follow-up stays: no owner or criteria change, no removing the due date.
        FollowUpChange owner;
        owner.owner = QStringLiteral("someone else");
        const auto refusedOwner = f.service->changeFollowUp(id, followUp->id, owner, kActor);
        QCOMPARE(refusedOwner.error().kind, Error::Kind::WrongState);
        QCOMPARE(refusedOwner.error().fields, QStringList{QStringLiteral("owner")});
        FollowUpChange noDue;
        noDue.dueAt = std::optional<QDateTime>();
        const auto refusedDue = f.service->changeFollowUp(id, followUp->id, noDue, kActor);
        QCOMPARE(refusedDue.error().fields, QStringList{QStringLiteral("due_at")});
        const FollowUp kept = must(f.service->get(id)).followUps.value(0);
        QCOMPARE(kept.owner, QStringLiteral("sam"));
        QVERIFY(kept.dueAt.has_value());
        QCOMPARE(must(f.service->timeline().timeline(id, std::nullopt, 100)).size(), after.size());
    }

    void timelineIsAppendOnlyAndCorrectionsPoint()
    {
        StoreFixture f;
        const qint64 id = f.service->report(StoreFixture::sampleReport(), kActor)->id;
        auto wrong = f.service->addTimelineEntry(id, TimelineKind::Note, QStringLiteral("blocked 203.0.113.8"), kActor);
        auto fix =
            f.service->addTimelineEntry(id, TimelineKind::Correction, QStringLiteral("it was .7"), kActor, wrong->id);
        QVERIFY(fix.ok());
        QCOMPARE(*fix->correctsId, wrong->id);
        QSqlQuery q(f.store->connection());
        QVERIFY(!q.exec(QStringLiteral("UPDATE timeline_entries SET text = 'edited'")));
        QVERIFY(q.lastError().text().contains(QStringLiteral("append-only")));
        QVERIFY(!q.exec(QStringLiteral("DELETE FROM timeline_entries")));
        QCOMPARE(f.count("timeline_entries"), qint64(3));
        // A correction must point into the same incident.
        const qint64 other = f.service->report(StoreFixture::sampleReport(), kActor)->id;
        auto bad = f.service->addTimelineEntry(other, TimelineKind::Correction, QStringLiteral("x"), kActor, wrong->id);
        QCOMPARE(bad.error().fields, QStringList{QStringLiteral("corrects")});
        QCOMPARE(f.service->addTimelineEntry(id, TimelineKind::StateChange, QStringLiteral("x"), kActor).error().fields,
                 QStringList{QStringLiteral("kind")});
    }

    void notifierCarriesIds()
    {
        StoreFixture f;
        ChangeNotifier notifier;
        IncidentService service(f.store, f.clock, &notifier);
        QList<qint64> changed;
        connect(&notifier, &ChangeNotifier::incidentChanged, this, [&](qint64 id) { changed << id; });
        const qint64 id = service.report(StoreFixture::sampleReport(), kActor)->id;
        service.acknowledge(id, QStringLiteral("x"), kActor);
        service.acknowledge(id, QStringLiteral("again"), kActor); // refused: no notification
        QCOMPARE(changed, (QList<qint64>{id, id}));
    }
};

QTEST_GUILESS_MAIN(TestIncidentService)
#include "TestIncidentService.moc"
