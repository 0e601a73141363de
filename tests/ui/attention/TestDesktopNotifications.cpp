// What needs a person comes to them: a new critical incident becomes a desktop notification sent over a real D-Bus
// session to a real notification daemon (Debian's dunst, which records it), whose action opens the incident; the
// session's screen lock locks the console; with no notification service the tray is the fallback.
#include "models/audit/AuditLog.h"
#include "net/desktop/FreedesktopSession.h"
#include "tests/support/ui/ConsoleFixture.h"
#include "ui/attention/AttentionCenter.h"
#include "ui/incidents/IncidentTableStyle.h"
#include "ui/incidents/IncidentsPage.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/Theme.h"

#include <QApplication>
#include <QDBusConnectionInterface>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace watchpost;

namespace {
QByteArray run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(10000);
    return p.readAllStandardOutput();
}
// Every notification dunst has shown, newest first (what is on screen is moved to the history first).
QJsonArray received()
{
    run(QStringLiteral("dunstctl"), {QStringLiteral("close-all")});
    QTest::qWait(200);
    const QJsonDocument doc = QJsonDocument::fromJson(run(QStringLiteral("dunstctl"), {QStringLiteral("history")}));
    return doc.object().value(QStringLiteral("data")).toArray().at(0).toArray();
}
QString field(const QJsonValue& notification, const char* name)
{
    return notification.toObject()
        .value(QLatin1String(name))
        .toObject()
        .value(QStringLiteral("data"))
        .toVariant()
        .toString();
}
bool daemonPresent()
{
    return QDBusConnection::sessionBus().isConnected() &&
           QDBusConnection::sessionBus().interface()->isServiceRegistered(
               QStringLiteral("org.freedesktop.Notifications"));
}
} // namespace

class TestDesktopNotifications : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        Theme::apply(*qApp, Theme::Mode::Dark);
        if (!daemonPresent())
            QSKIP("no notification daemon on the session bus: run through tests/support/with-notifications.sh");
    }

    void aNewCriticalIncidentIsADesktopNotificationThatOpensIt()
    {
        Console c(nullptr, std::make_shared<FreedesktopSession>());
        AttentionCenter* attention = c.window->attention();
        QTRY_VERIFY(attention->unacknowledged() >= 0); // the first snapshot: what is already open is not news
        QVERIFY(received().isEmpty());
        QJsonObject body = Console::reportBody();
        body.insert(QStringLiteral("severity"), QStringLiteral("critical"));
        body.insert(QStringLiteral("title"), QStringLiteral("Credential stuffing"));
        QCOMPARE(c.api.client().post("/api/v1/security/incidents", body).status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(attention->sent().size(), qsizetype(1), 7000);
        QCOMPARE(attention->unacknowledged(), 1);
        QVERIFY(c.window->windowTitle().endsWith(QStringLiteral("1 unacknowledged")));
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("unacknowledgedStatus"))
                    ->text()
                    .contains(QStringLiteral("1 unacknowledged")));
        // The new row is highlighted in the list for a few seconds.
        QCOMPARE(c.window->incidentsPage()->style()->highlighted(), qint64(1));

        // On screen at the daemon: its default action opens the incident in the console.
        QTRY_COMPARE_WITH_TIMEOUT(
            run(QStringLiteral("dunstctl"), {QStringLiteral("count"), QStringLiteral("displayed")}).trimmed(),
            QByteArray("1"), 5000);
        run(QStringLiteral("dunstctl"), {QStringLiteral("action"), QStringLiteral("0")});
        QTRY_COMPARE_WITH_TIMEOUT(c.window->currentRoute(), QStringLiteral("/incidents/INC-2026-0001"), 5000);

        const QJsonArray shown = received();
        QCOMPARE(shown.size(), qsizetype(1));
        QCOMPARE(field(shown.at(0), "summary"), QStringLiteral("New critical incident INC-2026-0001"));
        QVERIFY(field(shown.at(0), "body").contains(QStringLiteral("Credential stuffing")));
        QCOMPARE(field(shown.at(0), "appname"), QStringLiteral("Watchpost"));
        // Sent as critical (the daemon's critical rule formatted it) and never expiring: it stays until dismissed.
        QVERIFY2(field(shown.at(0), "message").startsWith(QStringLiteral("CRITICAL ")),
                 qPrintable(field(shown.at(0), "message")));
        QCOMPARE(field(shown.at(0), "timeout").toLongLong(), 0LL);
        QCOMPARE(field(shown.at(0), "category"), QStringLiteral("watchpost.incident"));

        // A medium incident is no news; a clock turning breached is.
        body.insert(QStringLiteral("severity"), QStringLiteral("medium"));
        QCOMPARE(c.api.client().post("/api/v1/security/incidents", body).status, 201);
        QTest::qWait(1500);
        QCOMPARE(attention->sent().size(), qsizetype(1));
        c.api.clock->advance(6 * 60000); // the critical incident's 5 min acknowledgement clock is breached
        QTRY_VERIFY_WITH_TIMEOUT(attention->sent().size() >= 2, 8000);
        QCOMPARE(attention->sent().at(1).summary, QStringLiteral("INC-2026-0001: acknowledgement clock breached"));
        QTRY_VERIFY_WITH_TIMEOUT(!received().isEmpty(), 5000);
    }

    void theSessionScreenLockLocksTheConsole()
    {
        Console c(nullptr, std::make_shared<FreedesktopSession>());
        c.window.reset();
        c.ctx.owner = c.danaOwns();
        c.window = std::make_unique<MainWindow>(c.ctx);
        c.window->show();
        c.unlock(QStringLiteral("correct horse battery"));
        QVERIFY(!c.window->isLocked());
        QProcess::execute(QStringLiteral("dbus-send"), {QStringLiteral("--session"), QStringLiteral("--type=signal"),
                                                        QStringLiteral("/org/freedesktop/ScreenSaver"),
                                                        QStringLiteral("org.freedesktop.ScreenSaver.ActiveChanged"),
                                                        QStringLiteral("boolean:true")});
        QTRY_VERIFY_WITH_TIMEOUT(c.window->isLocked(), 5000);
        QCOMPARE(c.window->windowTitle(), QStringLiteral("Watchpost — Locked"));
        // While locked a notification names no incident.
        QJsonObject body = Console::reportBody();
        body.insert(QStringLiteral("severity"), QStringLiteral("critical"));
        QTRY_VERIFY(c.window->attention()->unacknowledged() >= 0);
        QCOMPARE(c.api.client().post("/api/v1/security/incidents", body).status, 201);
        QTRY_VERIFY_WITH_TIMEOUT(!c.window->attention()->sent().isEmpty(), 7000);
        const DesktopNotification& n = c.window->attention()->sent().last();
        QVERIFY(!n.summary.contains(QStringLiteral("INC-")) && !n.body.contains(QStringLiteral("GuardDuty")));
    }

    void withoutANotificationServiceTheCallFailsAndSaysSo()
    {
        FreedesktopSession none(QDBusConnection::connectToBus(QStringLiteral("unix:path=/nonexistent/bus"),
                                                              QStringLiteral("watchpost-no-bus")));
        QSignalSpy failed(&none, &DesktopSession::notificationFailed);
        none.notify({QStringLiteral("s"), QStringLiteral("b"), QStringLiteral("/posture"), false});
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY(!failed.at(0).at(1).toString().isEmpty());
    }

    void logindSessionPathsAreEscapedAsLogindDoes()
    {
        QCOMPARE(FreedesktopSession::logindSessionPath(QStringLiteral("3")),
                 QStringLiteral("/org/freedesktop/login1/session/_33"));
        QCOMPARE(FreedesktopSession::logindSessionPath(QStringLiteral("c2")),
                 QStringLiteral("/org/freedesktop/login1/session/c2"));
    }
};

QTEST_MAIN(TestDesktopNotifications)
#include "TestDesktopNotifications.moc"
