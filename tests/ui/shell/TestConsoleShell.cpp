// The console's conventions, driven as a person would by keyboard and mouse: the window title names what is shown,
// Ctrl+N reports from every page, Ctrl+L locks and the lock shows nothing else, idle time locks, Alt+Left goes back,
// Help › Keyboard shortcuts lists every shortcut of the action table, forms submit on Ctrl+Enter and ask before
// Escape discards typed content, quitting asks while the listener runs, and what the window remembers comes back
// after a restart. Every page fits 1024×768.
#include "models/audit/AuditLog.h"
#include "tests/support/ui/ConsoleFixture.h"
#include "ui/incidents/IncidentPage.h"
#include "ui/incidents/IncidentsPage.h"
#include "ui/shell/ConsoleActions.h"
#include "ui/shell/ConsoleRoutes.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/OwnerLockPanel.h"
#include "ui/shell/Theme.h"
#include "ui/widgets/FormDialog.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTextEdit>
#include <QToolBar>

using namespace watchpost;

namespace {
// A console whose owner is Dana, signed in.
void signedIn(Console& c)
{
    c.window.reset();
    c.ctx.owner = c.danaOwns();
    c.window = std::make_unique<MainWindow>(c.ctx);
    c.window->show();
    c.unlock(QStringLiteral("correct horse battery"));
}
bool active(QWidget* w)
{
    w->activateWindow();
    return QTest::qWaitForWindowActive(w);
}
FormDialog* visibleForm(QWidget* window)
{
    for (FormDialog* d : window->findChildren<FormDialog*>())
        if (d->isVisible())
            return d;
    return nullptr;
}
} // namespace

class TestConsoleShell : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Theme::apply(*qApp, Theme::Mode::Dark); }
    void cleanup() { FormDialog::setDiscardAnswerForTests(true); }

    void theWindowTitleNamesWhatIsShown()
    {
        Console c;
        QVERIFY(c.window->openRoute(QStringLiteral("/incidents")));
        QCOMPARE(c.window->windowTitle(), QStringLiteral("Incidents — Watchpost"));
        QVERIFY(c.window->openRoute(QStringLiteral("/settings/security")));
        QCOMPARE(c.window->windowTitle(), QStringLiteral("Security — Watchpost"));
        QJsonObject body = Console::reportBody();
        body.insert(QStringLiteral("title"), QStringLiteral("Credential stuffing"));
        QCOMPARE(c.api.client().post("/api/v1/security/incidents", body).status, 201);
        QVERIFY(c.window->openRoute(QStringLiteral("/incidents/INC-2026-0001")));
        QTRY_COMPARE(c.window->windowTitle(),
                     QStringLiteral("INC-2026-0001 — Credential stuffing — Watchpost — 1 unacknowledged"));
        QVERIFY(!c.window->windowTitle().contains(QLatin1Char('/'))); // never a route
    }

    void ctrlNReportsFromEveryPage()
    {
        Console c;
        QVERIFY(active(c.window.get()));
        for (const QString& route :
             {QStringLiteral("/posture"), QStringLiteral("/incidents"), QStringLiteral("/metrics"),
              QStringLiteral("/webhooks"), QStringLiteral("/settings/security")}) {
            QVERIFY(c.window->openRoute(route));
            QTest::keySequence(c.window.get(), QKeySequence(QStringLiteral("Ctrl+N")));
            FormDialog* d = visibleForm(c.window.get());
            QVERIFY2(d && d->windowTitle() == QStringLiteral("Report incident"), qPrintable(route));
            d->done(QDialog::Rejected);
            QTRY_VERIFY(!visibleForm(c.window.get()));
            QVERIFY(active(c.window.get()));
        }
    }

    void ctrlLLocksAndTheLockShowsNothingElse()
    {
        Console c;
        signedIn(c);
        QVERIFY(!c.window->isLocked());
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("signedInStatus"))
                    ->text()
                    .contains(QStringLiteral("Dana Reyes"))); // who is signed in, always visible
        QVERIFY(c.window->openRoute(QStringLiteral("/incidents")));
        QVERIFY(active(c.window.get()));
        QTest::keySequence(c.window.get(), QKeySequence(QStringLiteral("Ctrl+L")));
        QVERIFY(c.window->isLocked());
        QCOMPARE(c.window->windowTitle(), QStringLiteral("Watchpost — Locked"));
        QVERIFY(!c.window->findChild<QToolBar*>(QStringLiteral("mainToolBar"))->isVisible());
        QVERIFY(!c.window->findChild<QLabel*>(QStringLiteral("storeStatus"))->isVisible());
        QVERIFY(!c.window->findChild<QLabel*>(QStringLiteral("signedInStatus"))->isVisible());
        QVERIFY(!c.window->findChild<QWidget*>(QStringLiteral("incidentsPage"))->isVisible());
        c.unlock(QStringLiteral("correct horse battery"));
        QVERIFY(!c.window->isLocked());
        QCOMPARE(c.window->windowTitle(), QStringLiteral("Incidents — Watchpost"));
    }

    // A passing message (an unknown incident, a warning after signing in) has room in the status bar: the store line
    // gives way while it shows, and who is signed in and what waits stay.
    void statusMessagesHaveRoom()
    {
        Console c;
        signedIn(c);
        auto* where = c.window->findChild<QLabel*>(QStringLiteral("storeStatus"));
        QVERIFY(!where->isVisible()); // "Signed in as Dana Reyes" shows for a moment
        c.window->statusBar()->clearMessage();
        QVERIFY(where->isVisible());
        QVERIFY(!c.window->openRoute(QStringLiteral("/incidents/INC-2099-9999")));
        QVERIFY2(c.window->statusBar()->currentMessage().contains(QStringLiteral("No incident INC-2099-9999")),
                 qPrintable(c.window->statusBar()->currentMessage()));
        QVERIFY(!where->isVisible());
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("signedInStatus"))->isVisible());
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("unacknowledgedStatus"))->isVisible());
        // What changes meanwhile (a count, who is signed in) does not bring the store line back over the message.
        c.window->lockNow();
        c.unlock(QStringLiteral("correct horse battery"));
        QVERIFY(c.window->statusBar()->currentMessage().startsWith(QStringLiteral("Signed in as")));
        QVERIFY(!where->isVisible());
        c.window->openRoute(QStringLiteral("/incidents"));
        QVERIFY(!where->isVisible());
        c.window->statusBar()->clearMessage();
        QVERIFY(where->isVisible());
    }

    void idleTimeLocksTheConsole()
    {
        Console c;
        signedIn(c);
        c.window->setIdleLockMinutes(5);
        c.api.clock->advance(4 * 60000);
        QTest::qWait(1200);
        QVERIFY(!c.window->isLocked());
        c.api.clock->advance(2 * 60000);
        QTRY_VERIFY_WITH_TIMEOUT(c.window->isLocked(), 2500);
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("lockReason"))
                    ->text()
                    .contains(QStringLiteral("5 minutes without input")));
    }

    void firstStartFocusesYourName()
    {
        Console c;
        c.window.reset();
        c.ctx.owner = c.danaOwns(false);
        c.window = std::make_unique<MainWindow>(c.ctx);
        c.window->show();
        QVERIFY(active(c.window.get()));
        QTRY_COMPARE(QApplication::focusWidget(), c.window->findChild<QLineEdit*>(QStringLiteral("ownerName")));
    }

    void altLeftGoesBack()
    {
        Console c;
        QVERIFY(active(c.window.get()));
        QVERIFY(c.window->openRoute(QStringLiteral("/incidents")));
        QVERIFY(c.window->openRoute(QStringLiteral("/metrics")));
        QTest::keySequence(c.window.get(), QKeySequence(QStringLiteral("Alt+Left")));
        QCOMPARE(c.window->currentRoute(), QStringLiteral("/incidents"));
        QTest::keySequence(c.window.get(), QKeySequence(QStringLiteral("Alt+Left")));
        QCOMPARE(c.window->currentRoute(), QStringLiteral("/posture"));
        QVERIFY(!c.window->action(QStringLiteral("backAction"))->isEnabled());
    }

    void escapeClearsTheSearch()
    {
        Console c;
        QVERIFY(c.window->openRoute(QStringLiteral("/incidents")));
        QVERIFY(active(c.window.get()));
        auto* search = c.window->findChild<QLineEdit*>(QStringLiteral("incidentSearch"));
        search->setFocus();
        QTest::keyClicks(search, QStringLiteral("nothing like this"));
        auto* empty = c.window->findChild<QLabel*>(QStringLiteral("incidentsEmpty"));
        QVERIFY(empty->isVisible()); // an empty store: "No open incidents — Report one"
        QVERIFY(empty->text().contains(QStringLiteral("Report one")));
        QTRY_VERIFY(empty->text().contains(QStringLiteral("No incidents match “nothing like this”")));
        QVERIFY(empty->text().contains(QStringLiteral("Clear filters")));
        QTest::keyClick(search, Qt::Key_Escape);
        QCOMPARE(search->text(), QString());
    }

    void theShortcutsWindowListsEveryShortcutOfTheActionTable()
    {
        Console c;
        c.window->action(QStringLiteral("shortcutsAction"))->trigger();
        auto* table = c.window->findChild<QTableWidget*>(QStringLiteral("shortcutsTable"));
        QVERIFY(table);
        QStringList shown;
        for (int r = 0; r < table->rowCount(); ++r)
            shown << table->item(r, 1)->text() + QLatin1Char('|') + table->item(r, 2)->text();
        int withKeys = 0;
        for (const ConsoleAction& a : ConsoleActions::all()) {
            if (a.shortcut.isEmpty())
                continue;
            ++withKeys;
            const QString expected = QString(a.label).remove(QStringLiteral("…")) + QLatin1Char('|') +
                                     QKeySequence(a.shortcut).toString(QKeySequence::NativeText);
            QVERIFY2(shown.contains(expected), qPrintable(expected));
            // Every action with a shortcut in a menu is that same shortcut on the live QAction.
            if (!a.menu.isEmpty())
                QCOMPARE(c.window->action(a.id)->shortcut(), QKeySequence(a.shortcut));
        }
        QCOMPARE(table->rowCount(), withKeys);
        // No two commands claim one key in the same place (Ctrl+N was claimed twice).
        QHash<QString, QString> seen;
        for (const ConsoleAction& a : ConsoleActions::all()) {
            if (a.shortcut.isEmpty() || a.menu.isEmpty())
                continue;
            QVERIFY2(!seen.contains(a.shortcut),
                     qPrintable(a.shortcut + QStringLiteral(": ") + seen.value(a.shortcut)));
            seen.insert(a.shortcut, a.id);
        }
    }

    void formsSubmitOnCtrlEnterAndAskBeforeEscapeDiscards()
    {
        Console c;
        c.window->incidentsPage()->reportIncident();
        FormDialog* d = visibleForm(c.window.get());
        QVERIFY(d);
        QVERIFY(active(d));
        // Untouched: Escape closes at once, whatever the answer would be.
        FormDialog::setDiscardAnswerForTests(false);
        QTest::keyClick(d, Qt::Key_Escape);
        QTRY_VERIFY(!visibleForm(c.window.get()));

        c.window->incidentsPage()->reportIncident();
        d = visibleForm(c.window.get());
        QVERIFY(active(d));
        auto* title = d->findChild<QLineEdit*>(QStringLiteral("title"));
        QTRY_COMPARE(QApplication::focusWidget(), title); // the first field has the focus
        QTest::keyClicks(title, QStringLiteral("Phishing"));
        // Enter in a one-line field moves on.
        QTest::keyClick(title, Qt::Key_Return);
        QCOMPARE(QApplication::focusWidget(), d->editor(QStringLiteral("severity")));
        // Escape asks; "keep editing" keeps the form and what was typed.
        QTest::keyClick(d, Qt::Key_Escape);
        QVERIFY(d->isVisible());
        QCOMPARE(d->value(QStringLiteral("title")), QStringLiteral("Phishing"));
        // Ctrl+Enter submits: the service's reasons show beside their fields.
        QTest::keyClick(title, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(d->isVisible());
        QVERIFY(d->errorText(QStringLiteral("summary")).contains(QStringLiteral("required")));
        // ...and clear when the field is edited.
        d->findChild<QWidget*>(QStringLiteral("summary"))->setFocus();
        QTest::keyClicks(d->findChild<QWidget*>(QStringLiteral("summary")), QStringLiteral("Cloned login page"));
        QCOMPARE(d->errorText(QStringLiteral("summary")), QString());
        QTest::keyClick(title, Qt::Key_Enter, Qt::ControlModifier);
        QTRY_VERIFY(!d->isVisible());
        QCOMPARE(c.api.count("incidents"), qint64(1));
    }

    void tabOrderFollowsTheLayout()
    {
        Console c;
        c.window->incidentsPage()->reportIncident();
        FormDialog* d = visibleForm(c.window.get());
        QStringList order;
        QWidget* w = d->editor(QStringLiteral("title"));
        for (int i = 0; i < 40 && w; ++i, w = w->nextInFocusChain())
            if (!w->objectName().isEmpty() && d->editor(w->objectName()) == w && !order.contains(w->objectName()))
                order << w->objectName();
        QCOMPARE(order.mid(0, 6), (QStringList{QStringLiteral("title"), QStringLiteral("severity"),
                                               QStringLiteral("summary"), QStringLiteral("source.kind"),
                                               QStringLiteral("source.signal"), QStringLiteral("reporter")}));
    }

    void quittingAsksWhileTheListenerRuns()
    {
        Console c;
        MainWindow::setQuitAnswerForTests(false);
        QVERIFY(!c.window->close());
        QVERIFY(c.window->isVisible());
        MainWindow::setQuitAnswerForTests(true);
        QVERIFY(c.window->close());
    }

    void whatTheWindowRemembersComesBackAfterARestart()
    {
        Console c;
        QVERIFY(c.window->openRoute(QStringLiteral("/incidents")));
        auto* state = c.window->findChild<QComboBox*>(QStringLiteral("stateFilter"));
        QCOMPARE(state->currentData().toString(), QStringLiteral("open")); // opens on open incidents…
        auto* table = c.window->findChild<QTableView*>(QStringLiteral("incidentTable"));
        QCOMPARE(table->horizontalHeader()->sortIndicatorSection(), int(IncidentTableModel::SlaColumn)); // …by SLA
        state->setCurrentIndex(state->findData(QStringLiteral("contained")));
        table->sortByColumn(IncidentTableModel::SeverityColumn, Qt::DescendingOrder);
        table->setColumnWidth(IncidentTableModel::PublicIdColumn, 177);
        c.window->resize(780, 560); // within the offscreen screen (800×600): the window never outgrows its screen
        const QSize before = c.window->size();
        QVERIFY(c.window->openRoute(QStringLiteral("/metrics")));
        Theme::apply(*qApp, Theme::Mode::Light);
        QVERIFY(c.window->close());

        MainWindow again(c.ctx); // the next start, with the same settings
        again.show();
        QCOMPARE(again.lastRoute(), QStringLiteral("/metrics"));
        QCOMPARE(again.size(), before);
        QVERIFY(before != QSize(800, 600));
        auto* restoredState = again.findChild<QComboBox*>(QStringLiteral("stateFilter"));
        QCOMPARE(restoredState->currentData().toString(), QStringLiteral("contained"));
        auto* restored = again.findChild<QTableView*>(QStringLiteral("incidentTable"));
        QCOMPARE(restored->horizontalHeader()->sortIndicatorSection(), int(IncidentTableModel::SeverityColumn));
        QCOMPARE(restored->columnWidth(IncidentTableModel::PublicIdColumn), 177);
        QCOMPARE(QSettings(c.ctx.settingsFile, QSettings::IniFormat).value(QStringLiteral("view/theme")).toString(),
                 QStringLiteral("light"));
        Theme::apply(*qApp, Theme::Mode::Dark);
    }

    void everyPageFits1024x768()
    {
        Console c;
        for (int i = 0; i < 3; ++i) {
            QJsonObject body = Console::reportBody();
            body.insert(QStringLiteral("title"),
                        QString(QStringLiteral("A very long incident title that goes on ")).repeated(4));
            QCOMPARE(c.api.client().post("/api/v1/security/incidents", body).status, 201);
        }
        c.window->resize(1024, 740);
        for (const QString& route :
             {QStringLiteral("/posture"), QStringLiteral("/incidents"), QStringLiteral("/incidents/INC-2026-0001"),
              QStringLiteral("/metrics"), QStringLiteral("/webhooks"), QStringLiteral("/settings/security")}) {
            QVERIFY(c.window->openRoute(route));
            QTest::qWait(50);
            QVERIFY2(c.window->width() <= 1024 && c.window->height() <= 768,
                     qPrintable(QStringLiteral("%1: %2×%3").arg(route).arg(c.window->width()).arg(c.window->height())));
            QVERIFY2(
                c.window->minimumSizeHint().width() <= 1024,
                qPrintable(QStringLiteral("%1 asks for %2 px").arg(route).arg(c.window->minimumSizeHint().width())));
        }
    }

    void labelsNotStorageValues()
    {
        Console c;
        QCOMPARE(c.api.client().post("/api/v1/security/incidents", Console::reportBody()).status, 201);
        QVERIFY(c.window->openRoute(QStringLiteral("/incidents/INC-2026-0001")));
        auto* timeline = c.window->findChild<QTableView*>(QStringLiteral("timelineView"));
        QTRY_VERIFY(timeline->model()->rowCount() > 0);
        for (int r = 0; r < timeline->model()->rowCount(); ++r)
            QVERIFY(!timeline->model()->index(r, 1).data().toString().contains(QLatin1Char('_')));
        auto* outcome = c.window->findChild<QComboBox*>(QStringLiteral("deliveryOutcome"));
        for (int i = 0; i < outcome->count(); ++i)
            QVERIFY2(!outcome->itemText(i).contains(QLatin1Char('_')), qPrintable(outcome->itemText(i)));
        QCOMPARE(outcome->itemData(outcome->findText(QStringLiteral("Opened an incident"))).toString(),
                 QStringLiteral("incident_opened"));
        for (const char* name : {"stateFilter", "severityFilter"}) {
            auto* box = c.window->findChild<QComboBox*>(QLatin1String(name));
            for (int i = 0; i < box->count(); ++i)
                QVERIFY(!box->itemText(i).contains(QLatin1Char('_')) && box->itemText(i).at(0).isUpper());
        }
    }

    // Every control and table has a name a screen reader can say (its own, its text, or its label's).
    void everyControlHasAnAccessibleName()
    {
        Console c;
        QStringList unnamed;
        for (QWidget* w : c.window->findChildren<QWidget*>()) {
            const bool control = qobject_cast<QAbstractButton*>(w) || qobject_cast<QLineEdit*>(w) ||
                                 qobject_cast<QComboBox*>(w) || qobject_cast<QAbstractItemView*>(w) ||
                                 qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QTextEdit*>(w) ||
                                 qobject_cast<QPlainTextEdit*>(w);
            if (!control || qobject_cast<QAbstractItemView*>(w->parentWidget()) || w->inherits("QComboBoxListView") ||
                w->inherits("QLineEditIconButton") || w->inherits("QHeaderView") || w->objectName().startsWith("qt_"))
                continue;
            QAccessibleInterface* a = QAccessible::queryAccessibleInterface(w);
            if (!a || a->text(QAccessible::Name).trimmed().isEmpty())
                unnamed << QStringLiteral("%1 (%2)").arg(w->objectName(), QLatin1String(w->metaObject()->className()));
        }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
    }
};

QTEST_MAIN(TestConsoleShell)
#include "TestConsoleShell.moc"
