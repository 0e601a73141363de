// API tokens: shown once, stored hashed, refused when unknown, expired or revoked.
#include "models/credentials/TokenService.h"
#include "tests/support/models/StoreFixture.h"

#include <QCryptographicHash>
#include <QSqlQuery>
#include <QTest>

using namespace watchpost;

class TestTokenService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createAuthenticateExpireRevoke()
    {
        StoreFixture f;
        TokenService tokens(f.store, f.clock);
        auto created = tokens.create(QStringLiteral("ci"), QStringLiteral("responder"), f.clock->now().addDays(1));
        QVERIFY(created.ok());
        QVERIFY(created->token.startsWith(QStringLiteral("wpt_")));
        QVERIFY(created->token.size() >= 40);
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT token_hash FROM api_tokens")) && q.next());
        QCOMPARE(
            q.value(0).toString(),
            QString::fromLatin1(QCryptographicHash::hash(created->token.toUtf8(), QCryptographicHash::Sha256).toHex()));
        QVERIFY(!q.value(0).toString().contains(created->token));

        auto who = tokens.authenticate(created->token);
        QVERIFY(who.ok());
        QCOMPARE(who->name, QStringLiteral("ci"));
        QCOMPARE(who->role, Role::Responder);
        QCOMPARE(tokens.authenticate(created->token + QLatin1Char('x')).error().code, QStringLiteral("invalid_token"));
        QCOMPARE(tokens.authenticate(QStringLiteral("hello")).error().code, QStringLiteral("invalid_token"));
        f.clock->advance(24LL * 3600 * 1000);
        QCOMPARE(tokens.authenticate(created->token).error().code, QStringLiteral("expired_token"));

        auto other = tokens.create(QStringLiteral("bot"), QStringLiteral("automation"));
        QVERIFY(tokens.revoke(other->id).ok());
        QCOMPARE(tokens.authenticate(other->token).error().code, QStringLiteral("revoked_token"));
        QVERIFY(!tokens.revoke(other->id).ok());
    }

    void refusesBadNamesAndRoles()
    {
        StoreFixture f;
        TokenService tokens(f.store, f.clock);
        QCOMPARE(tokens.create(QString(), QStringLiteral("admin")).error().fields, QStringList{QStringLiteral("name")});
        QCOMPARE(tokens.create(QStringLiteral("x"), QStringLiteral("root")).error().fields,
                 QStringList{QStringLiteral("role")});
        QCOMPARE(f.count("api_tokens"), qint64(0));
    }

    void rolePermissions()
    {
        QVERIFY(TokenService::canRespond(Role::Admin) && TokenService::canRespond(Role::Responder));
        QVERIFY(!TokenService::canRespond(Role::Viewer) && !TokenService::canRespond(Role::Automation));
        QVERIFY(TokenService::canReport(Role::Automation) && !TokenService::canReport(Role::Viewer));
    }
};

QTEST_GUILESS_MAIN(TestTokenService)
#include "TestTokenService.moc"
