// The incident list and page: reporting with reasons beside fields, the lifecycle through dialogs, recovery run from an
// incident.
#include "models/webhooks/WebhookHookService.h"
#include "models/webhooks/WebhookSignature.h"
#include "net/github/RotationTargets.h"
#include "tests/support/net/ApiFixture.h"
#include "tests/support/net/FakeGitHub.h"
#include "tests/support/ui/ConsoleFixture.h"
#include "ui/incidents/IncidentPage.h"
#include "ui/incidents/IncidentsPage.h"
#include "ui/incidents/MetricsPage.h"
#include "ui/security/SecurityPage.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/OwnerLockPanel.h"
#include "ui/shell/Theme.h"
#include "ui/webhooks/WebhooksPage.h"
#include "ui/widgets/FormDialog.h"
#include "ui/widgets/PairRowsEditor.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace watchpost;

class TestIncidentPages : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Theme::apply(*qApp, Theme::Mode::Dark); }

    void reportDialogShowsServiceReasonsBesideFields()
    {
        Console c;
        c.window->openRoute(QStringLiteral("/incidents"));
        FormDialog* dialog = c.openDialog("reportIncidentButton");
        QVERIFY(dialog);
        dialog->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->errorText(QStringLiteral("title")).contains(QStringLiteral("title is required")));
        QVERIFY(dialog->errorText(QStringLiteral("summary")).contains(QStringLiteral("required")));
        QCOMPARE(c.api.count("incidents"), qint64(0));
        // Human labels, values in item data; a manual (staff) source by default; the signal only for automated.
        auto* severity = dialog->findChild<QComboBox*>(QStringLiteral("severity"));
        QCOMPARE(severity->currentText(), QStringLiteral("High"));
        QCOMPARE(dialog->value(QStringLiteral("severity")), QStringLiteral("high"));
        auto* source = dialog->findChild<QComboBox*>(QStringLiteral("source.kind"));
        QCOMPARE(dialog->value(QStringLiteral("source.kind")), QStringLiteral("staff_report"));
        QCOMPARE(source->currentText(), QStringLiteral("Internal (staff) report"));
        auto* signal = dialog->findChild<QComboBox*>(QStringLiteral("source.signal"));
        QVERIFY(!signal->isVisible());
        source->setCurrentIndex(source->findData(QStringLiteral("automated_signal")));
        QVERIFY(signal->isVisible());
        QCOMPARE(signal->itemText(signal->findData(QStringLiteral("guardduty"))), QStringLiteral("GuardDuty"));
        source->setCurrentIndex(source->findData(QStringLiteral("customer_report")));
        QVERIFY(!signal->isVisible());
        QCOMPARE(dialog->values().value(QStringLiteral("source.signal")), QString());
        // Required fields are marked before anything is submitted; an error clears when its field is edited.
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("titleLabel"))->text().contains(QLatin1Char('*')));

        dialog->findChild<QLineEdit*>(QStringLiteral("title"))->setText(QStringLiteral("Phishing page cloning login"));
        QTest::keyClick(dialog->findChild<QLineEdit*>(QStringLiteral("title")), Qt::Key_Space);
        QCOMPARE(dialog->errorText(QStringLiteral("title")), QString());
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("summary"))
            ->setPlainText(QStringLiteral("Partner forwarded a clone"));
        severity->setCurrentIndex(severity->findData(QStringLiteral("critical")));
        // Assets and IOCs are rows of (kind, value).
        auto* assets = dialog->findChild<PairRowsEditor*>(QStringLiteral("assets"));
        assets->addRow(QStringLiteral("service"), QStringLiteral("login-web"));
        dialog->findChild<PairRowsEditor*>(QStringLiteral("iocs"))
            ->addRow(QStringLiteral("domain"), QStringLiteral("acme-login.example"));
        QCOMPARE(dialog->value(QStringLiteral("assets")), QStringLiteral("service: login-web"));
        // Ctrl+Enter submits.
        QTest::keyClick(dialog->findChild<QLineEdit*>(QStringLiteral("reporter")), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(!dialog->isVisible());
        QCOMPARE(c.api.count("incidents"), qint64(1));
        QTRY_COMPARE(c.window->currentRoute(), QStringLiteral("/incidents/INC-2026-0001"));
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("incidentHeader"))
                    ->text()
                    .contains(QStringLiteral("Phishing page")));
    }

    void lifecycleThroughDialogs()
    {
        Console c;
        QCOMPARE(c.api.client().post("/api/v1/security/incidents", Console::reportBody()).status, 201);
        QVERIFY(c.window->openRoute(QStringLiteral("/incidents/INC-2026-0001")));
        QVERIFY(
            c.window->windowTitle().startsWith(QStringLiteral("INC-2026-0001 — GuardDuty: crypto-mining — Watchpost")));
        QVERIFY(!c.window->action(QStringLiteral("resolveAction"))->isEnabled());
        QVERIFY(!c.window->action(QStringLiteral("resolveAction"))->toolTip().isEmpty());
        auto* primary = c.window->findChild<QPushButton*>(QStringLiteral("primaryActionButton"));
        auto* stepper = c.window->findChild<QLabel*>(QStringLiteral("incidentStepper"));
        auto widthFits = [&] { return c.window->width() <= 1024; };
        c.window->resize(1024, 740);
        QCOMPARE(primary->text(), QStringLiteral("Acknowledge…"));
        QVERIFY(stepper->text().contains(QStringLiteral("<b>● Reported</b>")));

        primary->click();
        FormDialog* d = nullptr;
        for (FormDialog* f : c.window->findChildren<FormDialog*>())
            if (f->isVisible())
                d = f;
        QVERIFY(d);
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(d->errorText(QStringLiteral("note")).contains(QStringLiteral("required")));
        d->setValue(QStringLiteral("note"), QStringLiteral("on it"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        QTRY_VERIFY(stepper->text().contains(QStringLiteral("<b>● Acknowledged</b>")));
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("ackClock"))->text().contains(QStringLiteral("Met")));
        QVERIFY2(widthFits(), qPrintable(QString::number(c.window->width())));
        QCOMPARE(primary->text(), QStringLiteral("Mark contained…"));

        // No dead end: with no containment action yet, "Mark contained" records the one taken in the same step.
        d = c.openDialog("containAction");
        QVERIFY(d);
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(d->isVisible());
        QVERIFY(d->errorText(QStringLiteral("containment_action")).contains(QStringLiteral("containment action")));
        d->setValue(QStringLiteral("containment_action"), QStringLiteral("Stopped the instance"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        QTRY_VERIFY(stepper->text().contains(QStringLiteral("<b>● Contained</b>")));
        QVERIFY2(widthFits(), qPrintable(QString::number(c.window->width())));
        QCOMPARE(primary->text(), QStringLiteral("Resolve…"));

        d = c.openDialog("followUpAction");
        d->setValue(QStringLiteral("action"), QStringLiteral("Alert on mining pools"));
        d->setValue(QStringLiteral("owner"), QStringLiteral("sam"));
        QVERIFY(qobject_cast<QDateEdit*>(d->editor(QStringLiteral("due_at")))); // a date editor with a calendar
        QVERIFY(qobject_cast<QDateEdit*>(d->editor(QStringLiteral("due_at")))->calendarPopup());
        d->setValue(QStringLiteral("due_at"), QStringLiteral("2026-03-20"));
        d->setValue(QStringLiteral("validation_criteria"), QStringLiteral("alert fires on replay"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());

        // A follow-up added without validation criteria is completed through the change dialog.
        d = c.openDialog("followUpAction");
        d->setValue(QStringLiteral("action"), QStringLiteral("Review IAM keys"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        auto* followUps = c.window->findChild<QTableView*>(QStringLiteral("followUpTable"));
        QTRY_COMPARE(shownRows(followUps), 2);
        // Disabled until a row is selected.
        followUps->clearSelection();
        QVERIFY(!c.window->findChild<QPushButton*>(QStringLiteral("changeFollowUpButton"))->isEnabled());
        followUps->selectRow(1);
        QVERIFY(c.window->findChild<QPushButton*>(QStringLiteral("changeFollowUpButton"))->isEnabled());
        d = c.openDialog("changeFollowUpButton");
        QVERIFY(d);
        QCOMPARE(d->value(QStringLiteral("owner")), QString());
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(
            d->findChild<QLabel*>(QStringLiteral("formError"))->text().contains(QStringLiteral("nothing to change")));
        d->setValue(QStringLiteral("owner"), QStringLiteral("kim"));
        d->setValue(QStringLiteral("due_at"), QStringLiteral("2026-03-25"));
        d->setValue(QStringLiteral("validation_criteria"), QStringLiteral("no unused keys older than 90 days"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        QTRY_COMPARE(shownText(followUps, 1, 2), QStringLiteral("kim"));

        // A mistaken entry is corrected by a new entry that points at it; the button waits for a selection.
        auto* timeline = c.window->findChild<QTableView*>(QStringLiteral("timelineView"));
        timeline->clearSelection();
        QVERIFY(!c.window->findChild<QPushButton*>(QStringLiteral("correctEntryButton"))->isEnabled());
        const int before = timeline->model()->rowCount();
        timeline->selectRow(1);
        const qint64 corrected = timeline->model()->index(1, 0).data(Qt::UserRole + 1).toLongLong();
        d = c.openDialog("correctEntryButton");
        QVERIFY(d);
        d->setValue(QStringLiteral("text"), QStringLiteral("The note said 'on it' but it was the secondary on call"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        QTRY_COMPARE(timeline->model()->rowCount(), before + 1);
        QCOMPARE(timeline->model()->index(before, 1).data().toString(),
                 QStringLiteral("Correction (corrects #%1)").arg(corrected));

        d = c.openDialog("resolveAction");
        d->setValue(QStringLiteral("root_cause"), QStringLiteral("leaked key"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(!d->errorText(QStringLiteral("impact_summary")).isEmpty());
        QVERIFY(!d->errorText(QStringLiteral("mitigation_steps")).isEmpty());
        QVERIFY(d->errorText(QStringLiteral("root_cause")).isEmpty());
        d->setValue(QStringLiteral("impact_summary"), QStringLiteral("2h of compute"));
        d->setValue(QStringLiteral("mitigation_steps"), QStringLiteral("rotated key, rebuilt instance"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        QVERIFY2(widthFits(), qPrintable(QString::number(c.window->width())));
        QCOMPARE(primary->text(), QStringLiteral("Close incident…"));

        d = c.openDialog("closeIncidentAction");
        // The final step says so, names its object, and is not the default button.
        auto* submit = d->findChild<QPushButton*>(QStringLiteral("submitButton"));
        QCOMPARE(submit->text(), QStringLiteral("Close incident"));
        QVERIFY(!submit->isDefault());
        QVERIFY(d->findChild<QLabel*>(QStringLiteral("formIntro"))->text().contains(QStringLiteral("final")));
        d->setValue(QStringLiteral("approval_note"), QStringLiteral("approved"));
        d->setValue(QStringLiteral("approver"), QStringLiteral("Alex Rivera"));
        d->setValue(QStringLiteral("postmortem_url"), QStringLiteral("not a link"));
        d->setValue(QStringLiteral("root_cause_narrative.people"), QStringLiteral("p"));
        d->setValue(QStringLiteral("root_cause_narrative.process"), QStringLiteral("q"));
        submit->click();
        QVERIFY(d->errorText(QStringLiteral("postmortem_url")).contains(QStringLiteral("http")));
        QVERIFY(d->errorText(QStringLiteral("root_cause_narrative.technology")).contains(QStringLiteral("technology")));
        d->setValue(QStringLiteral("postmortem_url"), QStringLiteral("https://wiki.example.com/pm/7"));
        d->setValue(QStringLiteral("root_cause_narrative.technology"), QStringLiteral("t"));
        submit->click();
        QTRY_VERIFY(!d->isVisible());
        QTRY_VERIFY(stepper->text().contains(QStringLiteral("<b>● Closed</b>")));
        QVERIFY2(widthFits(), qPrintable(QString::number(c.window->width())));
        for (const char* name : {"acknowledgeAction", "containAction", "resolveAction", "closeIncidentAction",
                                 "noteEntryAction", "correctEntryAction"})
            QVERIFY2(!c.window->action(QLatin1String(name))->isEnabled(), name);
        QVERIFY(!primary->isVisible());

        // Follow-ups stay editable after closure (status, due date); the change is a timeline entry.
        const int entries = timeline->model()->rowCount();
        followUps->selectRow(0);
        d = c.openDialog("changeFollowUpButton");
        QVERIFY(d);
        QVERIFY(!d->editor(QStringLiteral("owner")));
        d->setValue(QStringLiteral("status"), QStringLiteral("done"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        QTRY_COMPARE(timeline->model()->rowCount(), entries + 1);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("timeline.csv"));
        QCOMPARE(c.window->incidentPage()->exportTimeline(path), QString());
        QFile csv(path);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray text = csv.readAll();
        QCOMPARE(text.count("\r\n"), 1 + c.api.count("timeline_entries"));
        QVERIFY(text.contains("Stopped the instance"));
    }

    void recoveryRunFromAnIncidentLeavesItsEvidenceThere()
    {
        Console c;
        const HttpAnswer created = c.api.client().post("/api/v1/security/incidents", Console::reportBody());
        const QString publicId = created.json().value("public_id").toString();
        TestHttp admin = c.api.client(QStringLiteral("admin"));
        const QJsonObject leaked =
            admin.post("/api/v1/security/credentials", {{"name", "leaky"}, {"role", "automation"}}).json();
        TestHttp(c.api.url).send("POST", "/api/v1/auth/sessions", {}, {}, leaked.value("token").toString());
        QVERIFY(c.window->openRoute(QStringLiteral("/incidents/") + publicId));
        c.window->action(QStringLiteral("recoverFromIncidentAction"))->trigger();
        QCOMPARE(c.window->currentRoute(), QStringLiteral("/settings/security"));
        FormDialog* flow = nullptr;
        for (FormDialog* d : c.window->findChildren<FormDialog*>())
            if (d->isVisible())
                flow = d;
        QVERIFY(flow);
        QCOMPARE(flow->value(QStringLiteral("incident")), publicId);
        flow->setValue(QStringLiteral("credential_ids"), QString::number(leaked.value("id").toInt()));
        flow->setValue(QStringLiteral("reason"), QStringLiteral("token in a gist"));
        flow->trySubmit();
        QVERIFY2(c.window->securityPage()->report().contains(QStringLiteral("contained")),
                 qPrintable(c.window->securityPage()->report()));
        const HttpAnswer timeline =
            c.api.client().get(QStringLiteral("/api/v1/security/incidents/%1/timeline").arg(publicId));
        QVERIFY2(timeline.body.contains("Token-compromise recovery: contained") &&
                     timeline.body.contains("invalidated at"),
                 timeline.body.left(300).constData());
    }

    // A store that refuses a read shows as an error on the page, never as an empty list or "0 incidents".
    void unreadableIncidentsShowAnErrorNotAnEmptyList()
    {
        Console c;
        QCOMPARE(c.api.client().post("/api/v1/security/incidents", Console::reportBody()).status, 201);
        c.api.breakTable(QStringLiteral("incidents"));
        c.window->openRoute(QStringLiteral("/incidents"));
        auto* page = c.window->findChild<QWidget*>(QStringLiteral("incidentsPage"));
        auto* error = page->findChild<QLabel*>(QStringLiteral("readError"));
        QVERIFY(error);
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains(QStringLiteral("incidents")), qPrintable(error->text()));
        QVERIFY(!page->findChild<QLabel*>(QStringLiteral("incidentCount"))->text().startsWith(QLatin1Char('0')));
    }

    void unreadableTimelineShowsAnErrorOnTheIncident()
    {
        Console c;
        const HttpAnswer created = c.api.client().post("/api/v1/security/incidents", Console::reportBody());
        QCOMPARE(created.status, 201);
        c.api.breakTable(QStringLiteral("timeline_entries"));
        c.window->openRoute(QStringLiteral("/incidents/%1").arg(created.json().value("public_id").toString()));
        auto* page = c.window->findChild<QWidget*>(QStringLiteral("incidentPage"));
        auto* error = page->findChild<QLabel*>(QStringLiteral("readError"));
        QVERIFY(error);
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains(QStringLiteral("timeline")), qPrintable(error->text()));
    }

    // The mean hides who missed: the page counts the incidents over each goal, lists them on a click (each opens its
    // incident), and draws the weekly trend against the goal with its numbers beside it.
    void metricsShowMissedAndTheTrend()
    {
        Console c;
        QJsonObject body = Console::reportBody();
        body.insert(QStringLiteral("severity"), QStringLiteral("critical"));
        body.insert(QStringLiteral("title"), QStringLiteral("Slow to acknowledge"));
        QCOMPARE(c.api.client().post("/api/v1/security/incidents", body).status, 201);
        body.insert(QStringLiteral("title"), QStringLiteral("Quick to acknowledge"));
        QCOMPARE(c.api.client().post("/api/v1/security/incidents", body).status, 201);
        QVERIFY(c.api.client()
                    .post("/api/v1/security/incidents/INC-2026-0002/acknowledge", QJsonObject{{"note", "on it"}})
                    .status < 300);
        c.api.clock->advance(25 * 60000); // the first waits 25 min: past the 10 min MTTA goal
        QVERIFY(c.api.client()
                    .post("/api/v1/security/incidents/INC-2026-0001/acknowledge", QJsonObject{{"note", "late"}})
                    .status < 300);
        QVERIFY(c.window->openRoute(QStringLiteral("/metrics")));
        auto* table = c.window->findChild<QTableWidget*>(QStringLiteral("metricsTable"));
        QCOMPARE(table->item(1, 0)->text(), QStringLiteral("Critical"));
        QCOMPARE(table->item(1, 5)->text(), QStringLiteral("✖ 1")); // MTTA goal missed by one incident
        QCOMPARE(table->item(1, 9)->text(), QStringLiteral("0"));   // nobody is past 4 h yet
        QCOMPARE(table->item(2, 5)->text(), QStringLiteral("—"));   // no MTTA goal for high
        // The API says the same.
        const QJsonArray rows = c.api.client().get("/api/v1/security/metrics").json().value("by_severity").toArray();
        QCOMPARE(rows.at(0).toObject().value("mtta_goal_missed").toInt(), 1);

        auto* page = c.window->findChild<MetricsPage*>(QStringLiteral("metricsPage"));
        QWidget* missed = page->showMissed(1, false);
        QVERIFY(missed);
        auto* list = missed->findChild<QTableWidget*>(QStringLiteral("missedTable"));
        QCOMPARE(list->rowCount(), 1);
        QCOMPARE(list->item(0, 0)->text(), QStringLiteral("INC-2026-0001"));
        QCOMPARE(list->item(0, 1)->text(), QStringLiteral("Slow to acknowledge"));
        Q_EMIT list->itemActivated(list->item(0, 1));
        QCOMPARE(c.window->currentRoute(), QStringLiteral("/incidents/INC-2026-0001"));

        QVERIFY(c.window->openRoute(QStringLiteral("/metrics")));
        auto* weeks = c.window->findChild<QTableWidget*>(QStringLiteral("weeklyTable"));
        QVERIFY(weeks->rowCount() >= 4); // the last 30 days, week by week
        const int last = weeks->rowCount() - 1;
        QCOMPARE(weeks->item(last, 1)->text(), QStringLiteral("2"));
        QCOMPARE(weeks->item(last, 2)->text(), QStringLiteral("12m 30s")); // mean of 0 and 25 min
        auto* chart = c.window->findChild<QChartView*>(QStringLiteral("mttaTrendChart"));
        QCOMPARE(chart->chart()->series().size(), qsizetype(2)); // the weekly values and the goal line
        auto* values = qobject_cast<QLineSeries*>(chart->chart()->series().at(0));
        QCOMPARE(values->count(), 1);
        QCOMPARE(values->at(0).y(), 12.5);
    }
};

QTEST_MAIN(TestIncidentPages)
#include "TestIncidentPages.moc"
