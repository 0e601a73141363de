// The one list of GitHub events: what each is to Watchpost, and every real payload's event known to it.
#include "models/webhooks/GitHubEvents.h"

#include <QDir>
#include <QTest>

using namespace watchpost;

class TestGitHubEvents : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void securityActivityByAction_data()
    {
        QTest::addColumn<QString>("event");
        QTest::addColumn<QString>("action");
        QTest::addColumn<bool>("relevant");
        QTest::newRow("member added") << "member"
                                      << "added" << true;
        QTest::newRow("deploy key created") << "deploy_key"
                                            << "created" << true;
        QTest::newRow("installation suspended") << "installation"
                                                << "suspend" << true;
        QTest::newRow("installation created") << "installation"
                                              << "created" << false;
        QTest::newRow("protection deleted") << "branch_protection_rule"
                                            << "deleted" << true;
        QTest::newRow("protection created") << "branch_protection_rule"
                                            << "created" << false;
        QTest::newRow("app authorization revoked") << "github_app_authorization"
                                                   << "revoked" << true;
        QTest::newRow("push") << "push"
                              << "" << false;
        QTest::newRow("an alert is not activity") << "secret_scanning_alert"
                                                  << "created" << false;
        QTest::newRow("unknown event") << "star"
                                       << "created" << false;
    }
    void securityActivityByAction()
    {
        QFETCH(QString, event);
        QFETCH(QString, action);
        QFETCH(bool, relevant);
        QCOMPARE(GitHubEvents::isSecurityActivity(event, action), relevant);
    }

    void alerts()
    {
        for (const char* e : {"secret_scanning_alert", "code_scanning_alert", "dependabot_alert",
                              "repository_vulnerability_alert", "security_advisory"})
            QVERIFY2(GitHubEvents::isAlert(QLatin1String(e)), e);
        QVERIFY(!GitHubEvents::isAlert(QStringLiteral("ping")));
        QVERIFY(!GitHubEvents::find(QStringLiteral("star")));
        QCOMPARE(GitHubEvents::names().size(), GitHubEvents::all().size());
    }

    void everyRealPayloadsEventIsKnown()
    {
        const QString dir = QStringLiteral(WATCHPOST_SHARED_DIR "/fixtures/github-webhooks");
        if (!QDir(dir).exists())
            QSKIP("../shared/fixtures/github-webhooks is absent (a fresh clone without shared/): skipped");
        for (const QString& file : QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files)) {
            const QString event = file.section(QLatin1Char('.'), 0, 0);
            QVERIFY2(GitHubEvents::find(event), qPrintable(event));
        }
    }
};

QTEST_GUILESS_MAIN(TestGitHubEvents)
#include "TestGitHubEvents.moc"
