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
#include "ui/security/SecurityPage.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/OwnerLockPanel.h"
#include "ui/shell/Theme.h"
#include "ui/webhooks/WebhooksPage.h"
#include "ui/widgets/FormDialog.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
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
        QVERIFY(dialog->errorText(QStringLiteral("source.signal")).contains(QStringLiteral("automated signal")));
        QCOMPARE(c.api.count("incidents"), qint64(0));

        dialog->findChild<QLineEdit*>(QStringLiteral("title"))->setText(QStringLiteral("Phishing page cloning login"));
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("summary"))
            ->setPlainText(QStringLiteral("Partner forwarded a clone"));
        dialog->findChild<QComboBox*>(QStringLiteral("severity"))->setCurrentText(QStringLiteral("critical"));
        dialog->findChild<QComboBox*>(QStringLiteral("source.kind"))->setCurrentText(QStringLiteral("customer_report"));
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("assets"))->setPlainText(QStringLiteral("laptop: x"));
        dialog->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(dialog->errorText(QStringLiteral("assets")).contains(QStringLiteral("asset kind")));
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("assets"))
            ->setPlainText(QStringLiteral("service: login-web"));
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("iocs"))
            ->setPlainText(QStringLiteral("domain: acme-login.example"));
        dialog->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
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
        QVERIFY(!c.window->findChild<QPushButton*>(QStringLiteral("resolveButton"))->isEnabled());

        FormDialog* d = c.openDialog("acknowledgeButton");
        QVERIFY(d);
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(d->errorText(QStringLiteral("note")).contains(QStringLiteral("required")));
        d->setValue(QStringLiteral("note"), QStringLiteral("on it"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        QTRY_VERIFY(c.window->findChild<QLabel*>(QStringLiteral("incidentBadges"))
                        ->text()
                        .contains(QStringLiteral("Acknowledged")));
        QVERIFY(c.window->findChild<QLabel*>(QStringLiteral("ackClock"))->text().contains(QStringLiteral("Met")));

        d = c.openDialog("containButton");
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(d->isVisible());
        QVERIFY(
            d->findChild<QLabel*>(QStringLiteral("formError"))->text().contains(QStringLiteral("containment action")));
        d->close();

        d = c.openDialog("containmentActionButton");
        d->setValue(QStringLiteral("text"), QStringLiteral("Stopped the instance"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        d = c.openDialog("containButton");
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());

        d = c.openDialog("followUpButton");
        d->setValue(QStringLiteral("action"), QStringLiteral("Alert on mining pools"));
        d->setValue(QStringLiteral("owner"), QStringLiteral("sam"));
        d->setValue(QStringLiteral("due_at"), QStringLiteral("someday"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(d->errorText(QStringLiteral("due_at")).contains(QStringLiteral("YYYY-MM-DD")));
        d->setValue(QStringLiteral("due_at"), QStringLiteral("2026-03-20"));
        d->setValue(QStringLiteral("validation_criteria"), QStringLiteral("alert fires on replay"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());

        // A follow-up added without validation criteria is completed through the change dialog.
        d = c.openDialog("followUpButton");
        d->setValue(QStringLiteral("action"), QStringLiteral("Review IAM keys"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        auto* followUps = c.window->findChild<QTableView*>(QStringLiteral("followUpTable"));
        QTRY_COMPARE(shownRows(followUps), 2);
        followUps->selectRow(1);
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

        // A mistaken entry is corrected by a new entry that points at it.
        auto* timeline = c.window->findChild<QTableView*>(QStringLiteral("timelineView"));
        const int before = timeline->model()->rowCount();
        timeline->setCurrentIndex(timeline->model()->index(1, 0));
        const qint64 corrected = timeline->model()->index(1, 0).data(Qt::UserRole + 1).toLongLong();
        d = c.openDialog("correctEntryButton");
        QVERIFY(d);
        d->setValue(QStringLiteral("text"), QStringLiteral("The note said 'on it' but it was the secondary on call"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        QTRY_COMPARE(timeline->model()->rowCount(), before + 1);
        QCOMPARE(timeline->model()->index(before, 1).data().toString(),
                 QStringLiteral("Correction (corrects #%1)").arg(corrected));

        d = c.openDialog("resolveButton");
        d->setValue(QStringLiteral("root_cause"), QStringLiteral("leaked key"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(!d->errorText(QStringLiteral("impact_summary")).isEmpty());
        QVERIFY(!d->errorText(QStringLiteral("mitigation_steps")).isEmpty());
        QVERIFY(d->errorText(QStringLiteral("root_cause")).isEmpty());
        d->setValue(QStringLiteral("impact_summary"), QStringLiteral("2h of compute"));
        d->setValue(QStringLiteral("mitigation_steps"), QStringLiteral("rotated key, rebuilt instance"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());

        d = c.openDialog("closeButton");
        d->setValue(QStringLiteral("approval_note"), QStringLiteral("approved"));
        d->setValue(QStringLiteral("approver"), QStringLiteral("Alex Rivera"));
        d->setValue(QStringLiteral("postmortem_url"), QStringLiteral("not a link"));
        d->setValue(QStringLiteral("root_cause_narrative.people"), QStringLiteral("p"));
        d->setValue(QStringLiteral("root_cause_narrative.process"), QStringLiteral("q"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QVERIFY(d->errorText(QStringLiteral("postmortem_url")).contains(QStringLiteral("http")));
        QVERIFY(d->errorText(QStringLiteral("root_cause_narrative.technology")).contains(QStringLiteral("technology")));
        d->setValue(QStringLiteral("postmortem_url"), QStringLiteral("https://wiki.example.com/pm/7"));
        d->setValue(QStringLiteral("root_cause_narrative.technology"), QStringLiteral("t"));
        d->findChild<QPushButton*>(QStringLiteral("submitButton"))->click();
        QTRY_VERIFY(!d->isVisible());
        QTRY_VERIFY(
            c.window->findChild<QLabel*>(QStringLiteral("incidentBadges"))->text().contains(QStringLiteral("Closed")));
        for (const char* name : {"acknowledgeButton", "containButton", "resolveButton", "closeButton", "noteButton"})
            QVERIFY2(!c.window->findChild<QPushButton*>(QLatin1String(name))->isEnabled(), name);

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
        c.window->findChild<QPushButton*>(QStringLiteral("recoverFromIncidentButton"))->click();
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
};

QTEST_MAIN(TestIncidentPages)
#include "TestIncidentPages.moc"
