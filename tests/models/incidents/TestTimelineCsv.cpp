// The timeline export: RFC 4180 quoting of every text cell, UTC times, and no cell a spreadsheet would run as a
// formula — also when it splits cells at ';' or a tab (locales whose list separator is ';').
#include "models/incidents/TimelineCsv.h"

#include <QTest>

using namespace watchpost;

class TestTimelineCsv : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cells_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("cell");
        QTest::newRow("plain") << "blocked at WAF" << QByteArray("\"blocked at WAF\"");
        QTest::newRow("comma") << "a, b" << QByteArray("\"a, b\"");
        QTest::newRow("quote") << "said \"stop\"" << QByteArray("\"said \"\"stop\"\"\"");
        QTest::newRow("newline") << "line1\nline2" << QByteArray("\"line1\nline2\"");
        QTest::newRow("formula =") << "=HYPERLINK(\"http://x\")" << QByteArray("\"'=HYPERLINK(\"\"http://x\"\")\"");
        QTest::newRow("formula +") << "+1+1" << QByteArray("\"'+1+1\"");
        QTest::newRow("formula -") << "-2" << QByteArray("\"'-2\"");
        QTest::newRow("formula @") << "@SUM(A1)" << QByteArray("\"'@SUM(A1)\"");
        QTest::newRow("formula after ;") << "x;=2+3;" << QByteArray("\"x;'=2+3;\"");
        QTest::newRow("formula after ,") << "a,=1+1" << QByteArray("\"a,'=1+1\"");
        QTest::newRow("formula after tab") << "a\t+1" << QByteArray("\"a\t'+1\"");
        QTest::newRow("formula after newline") << "ok\n@cmd" << QByteArray("\"ok\n'@cmd\"");
        QTest::newRow("unicode") << "Zugriff gesperrt – ✓"
                                 << QByteArray("\"") + QString("Zugriff gesperrt – ✓").toUtf8() + "\"";
    }
    void cells()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, cell);
        TimelineEntry e{7,
                        1,
                        TimelineKind::Note,
                        QStringLiteral("dana"),
                        QDateTime(QDate(2026, 3, 1), QTime(9, 5, 3), Qt::UTC),
                        text,
                        std::nullopt};
        QCOMPARE(TimelineCsv::rows({e}),
                 QByteArray("7,\"2026-03-01T09:05:03.000Z\",\"note\",\"dana\",") + cell + ",\r\n");
    }

    void correctionPointsAtItsEntry()
    {
        TimelineEntry e{9,
                        1,
                        TimelineKind::Correction,
                        QStringLiteral("dana"),
                        QDateTime(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC),
                        QStringLiteral("fix"),
                        7};
        QVERIFY(TimelineCsv::rows({e}).endsWith(",\"correction\",\"dana\",\"fix\",7\r\n"));
        QCOMPARE(TimelineCsv::header(), QByteArray("id,at,kind,actor,text,corrects\r\n"));
    }
};

QTEST_GUILESS_MAIN(TestTimelineCsv)
#include "TestTimelineCsv.moc"
