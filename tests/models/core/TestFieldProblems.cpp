// The problem accumulator every service refuses input with: every problem named, in order, with its field.
#include "models/core/FieldProblems.h"

#include <QTest>

using namespace watchpost;

class TestFieldProblems : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void namesEveryProblem()
    {
        FieldProblems p;
        QVERIFY(!p.any());
        p.required(QStringLiteral("title"), QStringLiteral("   "), 10, QStringLiteral("title"));
        p.required(QStringLiteral("summary"), QString(11, QLatin1Char('x')), 10, QStringLiteral("summary"));
        p.optional(QStringLiteral("note"), QStringLiteral("short"), 10, QStringLiteral("note"));
        p.add(QStringLiteral("role"), QStringLiteral("role must be admin"));
        QVERIFY(p.any());
        const Error e = p.error();
        QCOMPARE(e.kind, Error::Kind::Validation);
        QCOMPARE(e.fields, QStringList({"title", "summary", "role"}));
        QCOMPARE(e.message,
                 QStringLiteral("title is required; summary is longer than 10 characters; role must be admin"));
        QCOMPARE(p.error(QStringLiteral("cannot report")).message,
                 QStringLiteral("cannot report: title is required; summary is longer than 10 characters; role must be "
                                "admin"));
    }
};

QTEST_GUILESS_MAIN(TestFieldProblems)
#include "TestFieldProblems.moc"
