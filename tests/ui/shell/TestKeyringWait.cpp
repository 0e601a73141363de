// The console's "Waiting for your keyring…" with Cancel, over the real OS keychain (gnome-keyring on a private
// session bus, tests/support/with-keyring.sh) made to stop answering for real (SIGSTOP), as a locked keyring whose
// prompt nobody answers does.
#include "models/audit/AuditLog.h"
#include "models/credentials/OwnerAccount.h"
#include "net/keychain/KeychainSecretStore.h"
#include "tests/support/models/StoreFixture.h"
#include "tests/support/net/KeyringSession.h"
#include "ui/shell/KeyringWaitDialog.h"
#include "ui/shell/OwnerLockPanel.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

using namespace watchpost;

namespace {
// The dialog on screen, if any.
KeyringWaitDialog* shownWaitDialog()
{
    for (QWidget* w : QApplication::topLevelWidgets())
        if (auto* d = qobject_cast<KeyringWaitDialog*>(w); d && d->isVisible())
            return d;
    return nullptr;
}

// What the person does once the dialog shows; what they saw is kept for the test to check.
struct Person
{
    enum class Act
    {
        ClickCancel,
        PressEscape,
    };
    Act act = Act::ClickCancel;
    bool sawDialog = false;
    bool modal = false;
    QString detail;
    int timerTicks = -1; // the GUI thread's timers while the dialog was up

    void answerWhenShown(const int* ticks)
    {
        QTimer::singleShot(KeychainSecretStore::s_indicatorDelay + std::chrono::milliseconds(600), [this, ticks] {
            KeyringWaitDialog* d = shownWaitDialog();
            sawDialog = d != nullptr;
            if (!d)
                return;
            modal = d->isModal() && d->windowModality() == Qt::ApplicationModal;
            detail = d->findChild<QLabel*>(QStringLiteral("keyringWaitDetail"))->text();
            timerTicks = *ticks;
            if (act == Act::ClickCancel)
                QTest::mouseClick(d->findChild<QPushButton*>(QStringLiteral("keyringWaitCancel")), Qt::LeftButton);
            else
                QTest::keyClick(d, Qt::Key_Escape);
        });
    }
};
} // namespace

class TestKeyringWait : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariable("WATCHPOST_KEYCHAIN_EXPECT") != QLatin1String("available"))
            QSKIP("run through ctest, which provides the keyring session (tests/support/with-keyring.sh)");
        KeychainSecretStore::setWaitIndicator([this](std::chrono::milliseconds remaining, std::function<void()> c) {
            ++m_shown;
            return KeyringWaitDialog::open(remaining, std::move(c));
        });
    }
    void cleanupTestCase() { KeychainSecretStore::setWaitIndicator({}); }

    // A keyring that answers at once shows nothing.
    void anAnsweringKeyringShowsNothing()
    {
        KeychainSecretStore keychain(QStringLiteral("watchpost-test"));
        const QString key = QStringLiteral("quick/%1").arg(QCoreApplication::applicationPid());
        m_shown = 0;
        QVERIFY(keychain.write(key, "v").ok());
        QCOMPARE(keychain.read(key).value().value_or(QByteArray()), QByteArray("v"));
        QVERIFY(keychain.remove(key).ok());
        QCOMPARE(m_shown, 0);
    }

    // A keyring that does not answer: after a moment the modal dialog counts down to the timeout; Cancel (or
    // Escape) returns at once, long before it — the call fails and says the person stopped waiting — and the
    // keychain's late answer, arriving once the keyring runs again, is ignored: the process lives on and the
    // keychain keeps working.
    void cancelStopsTheWaitAndTheLateAnswerIsIgnored_data()
    {
        QTest::addColumn<int>("act");
        QTest::newRow("Cancel button") << int(Person::Act::ClickCancel);
        QTest::newRow("Escape") << int(Person::Act::PressEscape);
    }
    void cancelStopsTheWaitAndTheLateAnswerIsIgnored()
    {
        QFETCH(int, act);
        // Long enough that only Cancel can explain an early return; the late answer comes when the keyring resumes.
        KeychainSecretStore keychain(QStringLiteral("watchpost-test"), std::chrono::seconds(30));
        const QString key = QStringLiteral("cancel/%1").arg(QCoreApplication::applicationPid());
        QVERIFY(keychain.write(key, "before").ok());
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, [&ticks] { ++ticks; });
        timer.start(10);
        Person person;
        person.act = Person::Act(act);
        person.answerWhenShown(&ticks);
        StoppedKeyring stopped;
        QVERIFY2(stopped.ok(), "the session bus names no process for org.freedesktop.secrets to stop");
        m_shown = 0;
        const auto written = keychain.write(key, "during");
        QVERIFY(person.sawDialog);
        QCOMPARE(m_shown, 1);
        QVERIFY(person.modal);
        // The countdown starts from what is left of the 30 s once the dialog shows (seconds rounded up).
        const QRegularExpressionMatch left =
            QRegularExpression(QStringLiteral("stops waiting in (\\d+) s")).match(person.detail);
        QVERIFY2(left.hasMatch(), qPrintable(person.detail));
        QVERIFY2(left.captured(1).toInt() <= 30 && left.captured(1).toInt() >= 25, qPrintable(person.detail));
        QVERIFY2(person.timerTicks > 0, "the GUI thread's timers stood still while the dialog waited");
        QVERIFY(!written.ok());
        QVERIFY2(written.error().message.contains(QStringLiteral("you stopped waiting for your keyring")),
                 qPrintable(written.error().message));
        QVERIFY2(written.error().message.contains(QStringLiteral("may still carry this out")),
                 qPrintable(written.error().message));
        QVERIFY(!shownWaitDialog()); // gone with the wait
        stopped.resume();
        // The cancelled write reaches the keyring now and its answer comes back to nobody; the next call waits
        // behind it on the keychain thread and then works.
        const auto after = keychain.read(key);
        QVERIFY2(after.ok(), qPrintable(after.ok() ? QString() : after.error().message));
        QVERIFY(after.value().has_value()); // "before", or the late "during"
        QVERIFY(keychain.remove(key).ok());
    }

    // The console's own flow: unlocking with "Stay signed in" writes to the keychain on the GUI thread. Cancelled,
    // the owner is signed in all the same, told that staying signed in failed and why, and nothing is remembered:
    // the store holds no sign-in the keychain cannot confirm.
    void stayingSignedInCancelledSignsInAndRemembersNothing()
    {
        StoreFixture f;
        auto keychain = std::make_shared<KeychainSecretStore>(
            QStringLiteral("watchpost-test-owner-%1").arg(QCoreApplication::applicationPid()),
            std::chrono::seconds(30));
        auto owner = std::make_shared<OwnerAccount>(f.store, f.clock, std::make_shared<AuditLog>(f.store, f.clock));
        QVERIFY(owner
                    ->setUp(QStringLiteral("Dana Reyes"), QStringLiteral("correct horse battery"),
                            QStringLiteral("correct horse battery"))
                    .ok());
        OwnerLockPanel panel(owner, keychain);
        panel.resize(600, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.prepare({});
        QSignalSpy unlocked(&panel, &OwnerLockPanel::unlocked);
        panel.findChild<QCheckBox*>(QStringLiteral("staySignedIn"))->setChecked(true);
        panel.findChild<QLineEdit*>(QStringLiteral("ownerPassphrase"))
            ->setText(QStringLiteral("correct horse battery"));
        int ticks = 0;
        Person person;
        person.answerWhenShown(&ticks);
        StoppedKeyring stopped;
        QVERIFY2(stopped.ok(), "the session bus names no process for org.freedesktop.secrets to stop");
        QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("unlockButton")), Qt::LeftButton);
        QVERIFY(person.sawDialog);
        QCOMPARE(unlocked.size(), 1);
        QCOMPARE(unlocked.at(0).at(0).toString(), QStringLiteral("Dana Reyes"));
        const QString warning = unlocked.at(0).at(1).toString();
        QVERIFY2(warning.startsWith(QStringLiteral("Signed in, but cannot stay signed in:")), qPrintable(warning));
        QVERIFY2(warning.contains(QStringLiteral("you stopped waiting for your keyring")), qPrintable(warning));
        QSqlQuery q(f.store->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT remember_hash FROM owner_account WHERE id = 1")) && q.next());
        QVERIFY(q.value(0).isNull());
        stopped.resume();
        QTRY_VERIFY_WITH_TIMEOUT(keychain->read(QStringLiteral("probe")).ok(), 20000);
        QVERIFY(!owner->remembered(*keychain)); // a late write of the token confirms nothing: the store has no hash
        QVERIFY(owner->forget(keychain.get()).ok());
    }

private:
    int m_shown = 0;
};

QTEST_MAIN(TestKeyringWait)
#include "TestKeyringWait.moc"
