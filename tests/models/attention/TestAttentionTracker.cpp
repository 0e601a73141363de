// What must come to the lead between two posture snapshots, each once: a new critical or high incident, a clock
// turning at risk or breached, a spoofing detection (whose incident is not announced twice).
#include "models/attention/AttentionTracker.h"

#include <QTest>

using namespace watchpost;

namespace {
const QDateTime kNow = QDateTime(QDate(2026, 12, 2), QTime(12, 0), Qt::UTC);

PostureSnapshot::Attention open(qint64 id, Severity severity, SlaState state, bool containment = false)
{
    IncidentSummary s;
    s.id = id;
    s.publicId = QStringLiteral("INC-2026-%1").arg(id, 4, 10, QLatin1Char('0'));
    s.title = QStringLiteral("incident %1").arg(id);
    s.severity = severity;
    s.state = containment ? IncidentState::Acknowledged : IncidentState::Reported;
    SlaClock clock;
    clock.state = state;
    clock.deadline = kNow;
    return {s, clock, containment};
}
PostureSnapshot snapshot(QList<PostureSnapshot::Attention> open)
{
    PostureSnapshot s;
    s.open = std::move(open);
    return s;
}
} // namespace

class TestAttentionTracker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theFirstSnapshotIsNotNews()
    {
        AttentionTracker t;
        QVERIFY(t.update(snapshot({open(1, Severity::Critical, SlaState::Breached)})).isEmpty());
        QVERIFY(t.hasBaseline());
        QVERIFY(t.update(snapshot({open(1, Severity::Critical, SlaState::Breached)})).isEmpty()); // nothing new
    }

    void newIncidents_data()
    {
        QTest::addColumn<int>("severity");
        QTest::addColumn<int>("clock");
        QTest::addColumn<int>("events");
        QTest::addColumn<int>("kind");
        QTest::newRow("critical, on track")
            << int(Severity::Critical) << int(SlaState::OnTrack) << 1 << int(AttentionEvent::Kind::NewIncident);
        QTest::newRow("high, on track") << int(Severity::High) << int(SlaState::OnTrack) << 1
                                        << int(AttentionEvent::Kind::NewIncident);
        QTest::newRow("medium, on track: no news") << int(Severity::Medium) << int(SlaState::OnTrack) << 0 << 0;
        QTest::newRow("low, already at risk")
            << int(Severity::Low) << int(SlaState::AtRisk) << 1 << int(AttentionEvent::Kind::AtRisk);
    }
    void newIncidents()
    {
        QFETCH(int, severity);
        QFETCH(int, clock);
        QFETCH(int, events);
        QFETCH(int, kind);
        AttentionTracker t;
        t.update(snapshot({}));
        const auto out = t.update(snapshot({open(7, Severity(severity), SlaState(clock))}));
        QCOMPARE(out.size(), qsizetype(events));
        if (events) {
            QCOMPARE(int(out.first().kind), kind);
            QCOMPARE(out.first().route(), QStringLiteral("/incidents/INC-2026-0007"));
        }
    }

    void aClockTurningIsAnnouncedOncePerState()
    {
        AttentionTracker t;
        t.update(snapshot({open(1, Severity::Medium, SlaState::OnTrack)}));
        auto out = t.update(snapshot({open(1, Severity::Medium, SlaState::AtRisk)}));
        QCOMPARE(out.size(), qsizetype(1));
        QCOMPARE(out.first().kind, AttentionEvent::Kind::AtRisk);
        QVERIFY(!out.first().critical());
        QVERIFY(t.update(snapshot({open(1, Severity::Medium, SlaState::AtRisk)})).isEmpty());
        out = t.update(snapshot({open(1, Severity::Medium, SlaState::Breached)}));
        QCOMPARE(out.size(), qsizetype(1));
        QCOMPARE(out.first().kind, AttentionEvent::Kind::Breached);
        QVERIFY(out.first().critical()); // a breach stays on screen until dismissed
        QCOMPARE(out.first().summary(), QStringLiteral("INC-2026-0001: acknowledgement clock breached"));
        // Acknowledged: the containment clock now runs; starting already at risk is news about that clock.
        out = t.update(snapshot({open(1, Severity::Medium, SlaState::AtRisk, true)}));
        QCOMPARE(out.size(), qsizetype(1));
        QCOMPARE(out.first().summary(), QStringLiteral("INC-2026-0001: containment clock at risk"));
        // Back on track (or met) is not an alarm.
        QVERIFY(t.update(snapshot({open(1, Severity::Medium, SlaState::Met, true)})).isEmpty());
    }

    void aSpoofingDetectionIsItsOwnEventAndItsIncidentIsNotAnnouncedAgain()
    {
        AttentionTracker t;
        t.update(snapshot({}));
        const AttentionEvent e = t.spoofing(9, QStringLiteral("INC-2026-0009"), QStringLiteral("Webhook spoofing"),
                                            Severity::High, QStringLiteral("203.0.113.7"));
        QCOMPARE(e.kind, AttentionEvent::Kind::Spoofing);
        QVERIFY(e.critical());
        QVERIFY(e.body().contains(QStringLiteral("203.0.113.7")));
        QVERIFY(t.update(snapshot({open(9, Severity::High, SlaState::OnTrack)})).isEmpty());
    }

    void anUnreadableSnapshotChangesNothing()
    {
        AttentionTracker t;
        t.update(snapshot({open(1, Severity::Low, SlaState::OnTrack)}));
        PostureSnapshot refused;
        refused.readError = QStringLiteral("disk I/O error");
        QVERIFY(t.update(refused).isEmpty());
        // The incident is still known: no "new incident" once the store reads again.
        QVERIFY(t.update(snapshot({open(1, Severity::Low, SlaState::OnTrack)})).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAttentionTracker)
#include "TestAttentionTracker.moc"
