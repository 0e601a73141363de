// Every SLA state boundary of the severity matrix, with an injected time.
#include "models/incidents/SlaPolicy.h"

#include <QTest>

using namespace watchpost;

class TestSlaPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matrix_data()
    {
        QTest::addColumn<int>("severity");
        QTest::addColumn<qint64>("ackMinutes");
        QTest::addColumn<qint64>("containMinutes");
        QTest::newRow("critical") << int(Severity::Critical) << qint64(5) << qint64(30);
        QTest::newRow("high") << int(Severity::High) << qint64(15) << qint64(120);
        QTest::newRow("medium") << int(Severity::Medium) << qint64(60) << qint64(480);
        QTest::newRow("low") << int(Severity::Low) << qint64(240) << qint64(1440);
    }
    void matrix()
    {
        QFETCH(int, severity);
        QFETCH(qint64, ackMinutes);
        QFETCH(qint64, containMinutes);
        QCOMPARE(SlaPolicy::acknowledgeWindowMs(Severity(severity)), ackMinutes * 60000);
        QCOMPARE(SlaPolicy::containmentWindowMs(Severity(severity)), containMinutes * 60000);
    }

    void boundaries_data()
    {
        QTest::addColumn<int>("severity");
        QTest::addColumn<bool>("containment");
        QTest::addColumn<qint64>("elapsedMs");   // now - reported
        QTest::addColumn<qint64>("doneAfterMs"); // -1: not done yet
        QTest::addColumn<int>("expected");
        for (int s = 0; s < 4; ++s)
            for (int c = 0; c < 2; ++c) {
                const Severity severity = Severity(s);
                const qint64 w =
                    c ? SlaPolicy::containmentWindowMs(severity) : SlaPolicy::acknowledgeWindowMs(severity);
                const QByteArray name = QByteArray(c ? "contain-" : "ack-") + QByteArray::number(s);
                QTest::newRow(name + " just started")
                    << s << bool(c) << qint64(0) << qint64(-1) << int(SlaState::OnTrack);
                QTest::newRow(name + " 1ms before 75%")
                    << s << bool(c) << w * 3 / 4 - 1 << qint64(-1) << int(SlaState::OnTrack);
                QTest::newRow(name + " at 75%") << s << bool(c) << w * 3 / 4 << qint64(-1) << int(SlaState::AtRisk);
                QTest::newRow(name + " at the deadline") << s << bool(c) << w << qint64(-1) << int(SlaState::AtRisk);
                QTest::newRow(name + " 1ms past the deadline")
                    << s << bool(c) << w + 1 << qint64(-1) << int(SlaState::Breached);
                QTest::newRow(name + " done at the deadline") << s << bool(c) << w * 10 << w << int(SlaState::Met);
                QTest::newRow(name + " done early, read much later")
                    << s << bool(c) << w * 10 << qint64(1000) << int(SlaState::Met);
                QTest::newRow(name + " done 1ms late") << s << bool(c) << w * 10 << w + 1 << int(SlaState::Breached);
            }
    }
    void boundaries()
    {
        QFETCH(int, severity);
        QFETCH(bool, containment);
        QFETCH(qint64, elapsedMs);
        QFETCH(qint64, doneAfterMs);
        QFETCH(int, expected);
        const QDateTime reported(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
        IncidentSummary s;
        s.severity = Severity(severity);
        s.reportedAt = reported;
        const std::optional<QDateTime> done =
            doneAfterMs >= 0 ? std::optional<QDateTime>(reported.addMSecs(doneAfterMs)) : std::nullopt;
        if (containment)
            s.containedAt = done;
        else
            s.acknowledgedAt = done;
        const QDateTime now = reported.addMSecs(elapsedMs);
        const SlaClock c = containment ? SlaPolicy::containment(s, now) : SlaPolicy::acknowledgement(s, now);
        QCOMPARE(int(c.state), expected);
        const qint64 window =
            containment ? SlaPolicy::containmentWindowMs(s.severity) : SlaPolicy::acknowledgeWindowMs(s.severity);
        QCOMPARE(c.deadline, reported.addMSecs(window));
    }

    void describeNamesTheState()
    {
        const QDateTime reported(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
        IncidentSummary s;
        s.severity = Severity::Critical;
        s.reportedAt = reported;
        QCOMPARE(SlaPolicy::describe(SlaPolicy::acknowledgement(s, reported.addSecs(60))),
                 QStringLiteral("On track, 4m 0s left"));
        QCOMPARE(SlaPolicy::describe(SlaPolicy::acknowledgement(s, reported.addSecs(420))),
                 QStringLiteral("Breached (2m 0s over)"));
    }
};

QTEST_GUILESS_MAIN(TestSlaPolicy)
#include "TestSlaPolicy.moc"
