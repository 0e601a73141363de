// The listener's one route table: 405 with Allow for a method a path does not take, HEAD derived from GET, the
// role check, and docs/api.md written against the table (every route in full, nothing the table lacks).
#include "net/http/HttpListener.h"
#include "tests/support/net/ApiFixture.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace watchpost;

class TestApiRoutes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wrongMethodIsRefusedWithAllow_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("allow");
        QTest::newRow("incidents") << QByteArray("DELETE") << "/api/v1/security/incidents"
                                   << QByteArray("GET, HEAD, POST");
        QTest::newRow("one incident") << QByteArray("POST") << "/api/v1/security/incidents/INC-2026-0001"
                                      << QByteArray("GET, HEAD");
        QTest::newRow("timeline") << QByteArray("PUT") << "/api/v1/security/incidents/1/timeline"
                                  << QByteArray("GET, HEAD, POST");
        QTest::newRow("follow-up") << QByteArray("POST") << "/api/v1/security/incidents/1/follow-ups/3"
                                   << QByteArray("PATCH");
        QTest::newRow("health, no token needed") << QByteArray("POST") << "/api/v1/health" << QByteArray("GET, HEAD");
        QTest::newRow("webhooks, no token needed") << QByteArray("GET") << "/api/github/webhooks" << QByteArray("POST");
        QTest::newRow("hook") << QByteArray("DELETE") << "/api/github/webhooks/billing" << QByteArray("POST");
        QTest::newRow("sessions") << QByteArray("GET") << "/api/v1/auth/sessions" << QByteArray("POST");
        QTest::newRow("blocks") << QByteArray("GET") << "/api/v1/security/webhooks/blocks" << QByteArray("POST");
        QTest::newRow("recovery") << QByteArray("PATCH") << "/api/v1/security/recovery/token-compromise"
                                  << QByteArray("POST, GET, HEAD");
    }
    void wrongMethodIsRefusedWithAllow()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, allow);
        ApiFixture f;
        const QString before = f.snapshot();
        const HttpAnswer a = f.client(QStringLiteral("admin")).send(method, path, "{}");
        QCOMPARE(a.status, 405);
        QCOMPARE(a.errorCode(), QStringLiteral("method_not_allowed"));
        QCOMPARE(a.header("Allow"), allow);
        QCOMPARE(a.header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(f.snapshot(), before);
    }

    void unknownPathsAreNotFoundAndNeedAToken()
    {
        ApiFixture f;
        QCOMPARE(f.client(QStringLiteral("admin")).get(QStringLiteral("/api/v1/security/nothing")).status, 404);
        QCOMPARE(f.client(QStringLiteral("admin")).get(QStringLiteral("/api/v1/security/incidents/1/x/y")).status, 404);
        // Without a credential an unknown API path says nothing about what exists.
        QCOMPARE(TestHttp(f.url).get(QStringLiteral("/api/v1/security/nothing")).status, 401);
    }

    void headIsAnsweredLikeGetWithoutTheBody()
    {
        ApiFixture f;
        QVERIFY(f.service->report(StoreFixture::sampleReport(), QStringLiteral("soc")).ok());
        TestHttp http = f.client(QStringLiteral("viewer"));
        for (const QString& path : {QStringLiteral("/api/v1/security/incidents"), QStringLiteral("/api/v1/health"),
                                    QStringLiteral("/api/v1/security/incidents/1/timeline")}) {
            const HttpAnswer get = http.get(path);
            const HttpAnswer head = http.send("HEAD", path);
            QCOMPARE(get.status, 200);
            QCOMPARE(head.status, 200);
            QVERIFY(head.body.isEmpty());
            QCOMPARE(head.header("Content-Length"), QByteArray::number(get.body.size()));
            QCOMPARE(head.contentType, get.contentType);
        }
        // HEAD checks the credential and the role as GET does.
        QCOMPARE(TestHttp(f.url).send("HEAD", QStringLiteral("/api/v1/security/incidents")).status, 401);
        QCOMPARE(f.client(QStringLiteral("viewer")).send("HEAD", QStringLiteral("/api/v1/security/audit")).status, 403);
    }

    void docsListExactlyTheRoutesOfTheTable()
    {
        ApiFixture f;
        HttpListener listener(f.deps());
        QSet<QString> table;
        for (const ApiRoute& r : listener.routes().routes())
            table << QString::fromLatin1(r.method) + QLatin1Char(' ') + r.pattern;
        QFile file(QStringLiteral(WATCHPOST_SOURCE_DIR "/docs/api.md"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        // A route row: | `METHOD /path?query` … — shorthand such as "…/{id}" is not a route.
        static const QRegularExpression row(QStringLiteral("^\\| `(GET|POST|PUT|PATCH|DELETE) ([^`? ]+)"));
        QSet<QString> documented;
        for (const QString& line : QString::fromUtf8(file.readAll()).split(QLatin1Char('\n')))
            if (const auto m = row.match(line); m.hasMatch())
                documented << m.captured(1) + QLatin1Char(' ') + m.captured(2);
        const QSet<QString> undocumented = table - documented;
        const QSet<QString> notInTable = documented - table;
        QVERIFY2(undocumented.isEmpty(), qPrintable(QStringList(undocumented.values()).join(QStringLiteral("; "))));
        QVERIFY2(notInTable.isEmpty(), qPrintable(QStringList(notInTable.values()).join(QStringLiteral("; "))));
        QCOMPARE(documented.size(), listener.routes().routes().size()); // each route once in the table
    }
};

QTEST_GUILESS_MAIN(TestApiRoutes)
#include "TestApiRoutes.moc"
