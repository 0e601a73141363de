#include "ui/incidents/IncidentPage.h"

#include "models/incidents/SlaPolicy.h"
#include "models/incidents/TimelineCsv.h"
#include "models/incidents/Vocabulary.h"
#include "ui/incidents/IncidentDialogs.h"
#include "ui/shell/Theme.h"
#include "ui/widgets/PageParts.h"

#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace watchpost {
namespace {
QPushButton* actionButton(const QString& text, const QString& name, const QString& shortcut, QWidget* parent)
{
    auto* b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setShortcut(QKeySequence(shortcut));
    b->setToolTip(
        QStringLiteral("%1 (%2)").arg(QString(text).remove(QLatin1Char('&')).remove(QStringLiteral("…")), shortcut));
    b->setAccessibleName(QString(text).remove(QLatin1Char('&')));
    return b;
}

QString esc(const QString& s)
{
    return s.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}
QString when(const std::optional<QDateTime>& t)
{
    return t ? t->toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")) : QStringLiteral("—");
}
} // namespace

IncidentPage::IncidentPage(const ConsoleContext& ctx, QWidget* parent)
    : QWidget(parent), m_ctx(ctx), m_timeline(new TimelineModel(ctx.store(), this)),
      m_readError(new ReadErrorBanner(this))
{
    setObjectName(QStringLiteral("incidentPage"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_readError);
    connect(m_timeline, &StoreTableModel::readErrorChanged, m_readError,
            [this](const QString& message) { m_readError->setError(QStringLiteral("timeline"), message); });
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("incidentHeader"));
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setWordWrap(true);
    layout->addWidget(m_header);
    auto* status = new QHBoxLayout;
    m_badges = new QLabel(this);
    m_badges->setObjectName(QStringLiteral("incidentBadges"));
    m_ackClock = new QLabel(this);
    m_ackClock->setObjectName(QStringLiteral("ackClock"));
    m_containClock = new QLabel(this);
    m_containClock->setObjectName(QStringLiteral("containClock"));
    status->addWidget(m_badges);
    status->addSpacing(24);
    status->addWidget(m_ackClock);
    status->addSpacing(24);
    status->addWidget(m_containClock);
    status->addStretch();
    layout->addLayout(status);

    auto* actions = new QGridLayout;
    m_acknowledge = actionButton(QStringLiteral("&Acknowledge…"), QStringLiteral("acknowledgeButton"),
                                 QStringLiteral("Ctrl+Shift+A"), this);
    m_containment = actionButton(QStringLiteral("Containment action…"), QStringLiteral("containmentActionButton"),
                                 QStringLiteral("Ctrl+Shift+K"), this);
    m_communication = actionButton(QStringLiteral("Communication…"), QStringLiteral("communicationButton"),
                                   QStringLiteral("Ctrl+Shift+M"), this);
    m_decision = actionButton(QStringLiteral("Stakeholder decision…"), QStringLiteral("decisionButton"),
                              QStringLiteral("Ctrl+Shift+D"), this);
    m_note = actionButton(QStringLiteral("Note…"), QStringLiteral("noteButton"), QStringLiteral("Ctrl+Shift+N"), this);
    m_contain = actionButton(QStringLiteral("Mark &contained…"), QStringLiteral("containButton"),
                             QStringLiteral("Ctrl+Shift+C"), this);
    m_followUp = actionButton(QStringLiteral("Follow-up…"), QStringLiteral("followUpButton"),
                              QStringLiteral("Ctrl+Shift+F"), this);
    m_resolve = actionButton(QStringLiteral("&Resolve…"), QStringLiteral("resolveButton"),
                             QStringLiteral("Ctrl+Shift+R"), this);
    m_close =
        actionButton(QStringLiteral("C&lose…"), QStringLiteral("closeButton"), QStringLiteral("Ctrl+Shift+L"), this);
    m_export = actionButton(QStringLiteral("Export timeline…"), QStringLiteral("exportTimelineButton"),
                            QStringLiteral("Ctrl+Shift+E"), this);
    m_recover = actionButton(QStringLiteral("Token-compromise recovery…"), QStringLiteral("recoverFromIncidentButton"),
                             QStringLiteral("Ctrl+Shift+Y"), this);
    const QList<QPushButton*> row1{m_acknowledge, m_contain, m_resolve, m_close, m_export, m_recover};
    const QList<QPushButton*> row2{m_containment, m_communication, m_decision, m_note, m_followUp};
    for (int i = 0; i < row1.size(); ++i)
        actions->addWidget(row1[i], 0, i);
    for (int i = 0; i < row2.size(); ++i)
        actions->addWidget(row2[i], 1, i);
    layout->addLayout(actions);

    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("incidentTabs"));
    m_timelineView = new QTableView(this);
    m_timelineView->setObjectName(QStringLiteral("timelineView"));
    m_timelineView->setAccessibleName(QStringLiteral("Timeline"));
    m_timelineView->setModel(m_timeline);
    m_timelineView->verticalHeader()->hide();
    m_timelineView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_timelineView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_timelineView->setAlternatingRowColors(true);
    m_timelineView->horizontalHeader()->setSectionResizeMode(TimelineModel::TextColumn, QHeaderView::Stretch);
    m_timelineView->setColumnWidth(TimelineModel::TimeColumn, 170);
    m_timelineView->setColumnWidth(TimelineModel::KindColumn, 160);
    m_timelineView->setColumnWidth(TimelineModel::ActorColumn, 140);
    auto* timelineTab = new QWidget(this);
    auto* timelineLayout = new QVBoxLayout(timelineTab);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    timelineLayout->addWidget(m_timelineView, 1);
    m_correct = actionButton(QStringLiteral("Correct selected entry…"), QStringLiteral("correctEntryButton"),
                             QStringLiteral("Ctrl+Shift+X"), this);
    auto* timelineBar = new QHBoxLayout;
    timelineBar->addWidget(new QLabel(
        QStringLiteral("Entries are permanent; a correction is a new entry pointing at the old one."), this));
    timelineBar->addStretch();
    timelineBar->addWidget(m_correct);
    timelineLayout->addLayout(timelineBar);
    tabs->addTab(timelineTab, QStringLiteral("Timeline"));
    m_details = new QTextBrowser(this);
    m_details->setObjectName(QStringLiteral("incidentDetails"));
    m_details->setOpenExternalLinks(true);
    tabs->addTab(m_details, QStringLiteral("Details, assets && IOCs"));
    m_followUpModel = new FollowUpTableModel(ctx.store(), this);
    connect(m_followUpModel, &StoreTableModel::readErrorChanged, m_readError,
            [this](const QString& message) { m_readError->setError(QStringLiteral("follow-ups"), message); });
    m_followUps = parts::view(QStringLiteral("followUpTable"), m_followUpModel, this);
    m_followUps->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_followUps->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    auto* followUpTab = new QWidget(this);
    auto* followUpLayout = new QVBoxLayout(followUpTab);
    followUpLayout->setContentsMargins(0, 0, 0, 0);
    followUpLayout->addWidget(m_followUps, 1);
    m_changeFollowUp = actionButton(QStringLiteral("Change selected follow-up…"),
                                    QStringLiteral("changeFollowUpButton"), QStringLiteral("Ctrl+Shift+U"), this);
    auto* followUpBar = new QHBoxLayout;
    followUpBar->addWidget(new QLabel(
        QStringLiteral("Closing needs every follow-up to have an owner, a due date and validation criteria."), this));
    followUpBar->addStretch();
    followUpBar->addWidget(m_changeFollowUp);
    followUpLayout->addLayout(followUpBar);
    tabs->addTab(followUpTab, QStringLiteral("Follow-ups"));
    layout->addWidget(tabs, 1);

    connect(m_acknowledge, &QPushButton::clicked, this,
            [this] { openDialog(IncidentDialogs::acknowledge(m_ctx, m_id, this)); });
    connect(m_containment, &QPushButton::clicked, this,
            [this] { openDialog(IncidentDialogs::timelineEntry(m_ctx, m_id, TimelineKind::ContainmentAction, this)); });
    connect(m_communication, &QPushButton::clicked, this,
            [this] { openDialog(IncidentDialogs::timelineEntry(m_ctx, m_id, TimelineKind::Communication, this)); });
    connect(m_decision, &QPushButton::clicked, this, [this] {
        openDialog(IncidentDialogs::timelineEntry(m_ctx, m_id, TimelineKind::StakeholderDecision, this));
    });
    connect(m_note, &QPushButton::clicked, this,
            [this] { openDialog(IncidentDialogs::timelineEntry(m_ctx, m_id, TimelineKind::Note, this)); });
    connect(m_contain, &QPushButton::clicked, this,
            [this] { openDialog(IncidentDialogs::contain(m_ctx, m_id, this)); });
    connect(m_followUp, &QPushButton::clicked, this,
            [this] { openDialog(IncidentDialogs::followUp(m_ctx, m_id, this)); });
    connect(m_resolve, &QPushButton::clicked, this,
            [this] { openDialog(IncidentDialogs::resolve(m_ctx, m_id, this)); });
    connect(m_close, &QPushButton::clicked, this, [this] { openDialog(IncidentDialogs::close(m_ctx, m_id, this)); });
    connect(m_correct, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_timelineView->currentIndex();
        if (!current.isValid() || !m_incident || m_incident->state == IncidentState::Closed)
            return;
        openDialog(
            IncidentDialogs::correction(m_ctx, m_id, current.data(TimelineModel::EntryIdRole).toLongLong(), this));
    });
    connect(m_changeFollowUp, &QPushButton::clicked, this, [this] {
        const FollowUp* selected = m_followUpModel->rowAt(parts::selectedRow(m_followUps));
        if (!m_incident || !selected || m_incident->state == IncidentState::Closed)
            return;
        openDialog(IncidentDialogs::changeFollowUp(m_ctx, m_id, *selected, this));
    });
    // The recovery flow run from here puts its evidence on this incident's timeline.
    connect(m_recover, &QPushButton::clicked, this, [this] {
        if (m_incident)
            Q_EMIT recoveryRequested(m_incident->publicId);
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        if (!m_incident)
            return;
        const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export timeline"),
                                                          m_incident->publicId + QStringLiteral("-timeline.csv"),
                                                          QStringLiteral("CSV (*.csv)"));
        if (path.isEmpty())
            return;
        const QString error = exportTimeline(path);
        if (!error.isEmpty())
            QMessageBox::warning(this, QStringLiteral("Export failed"), error);
    });
}

void IncidentPage::openDialog(FormDialog* dialog)
{
    if (m_id) {
        // Show the result at once; the change notification that follows finds nothing new.
        connect(dialog, &QDialog::accepted, this, [this] { incidentChanged(m_id); });
        dialog->open();
    } else
        dialog->deleteLater();
}

Result<Done> IncidentPage::showIncident(const QString& idOrPublicId)
{
    auto id = m_ctx.incidents().findId(idOrPublicId);
    if (!id)
        return id.error();
    m_id = id.value();
    m_timeline->setIncident(m_id);
    reload();
    return Done{};
}

void IncidentPage::incidentChanged(qint64 id)
{
    if (id != m_id)
        return;
    m_timeline->entriesAppended(id);
    reload();
}

void IncidentPage::reload()
{
    const auto read = m_ctx.incidents().get(m_id);
    if (!m_readError->note(QStringLiteral("incident"), read))
        return; // what was shown stays, under the banner
    m_incident = *read;
    const Incident& i = *m_incident;
    m_header->setText(QStringLiteral("<h2>%1 — %2</h2>").arg(i.publicId.toHtmlEscaped(), i.title.toHtmlEscaped()));
    m_badges->setText(QStringLiteral("<span style='color:%1; font-weight:bold'>%2 %3</span> &nbsp; State: <b>%4</b>")
                          .arg(Theme::severityColor(i.severity).name(), Theme::severityGlyph(i.severity),
                               vocabulary::severityLabel(i.severity), vocabulary::stateLabel(i.state)));
    updateClocks();

    const IncidentState s = i.state;
    m_acknowledge->setEnabled(s == IncidentState::Reported);
    m_containment->setEnabled(s == IncidentState::Reported || s == IncidentState::Acknowledged ||
                              s == IncidentState::Contained);
    m_communication->setEnabled(s != IncidentState::Closed);
    m_decision->setEnabled(s != IncidentState::Closed);
    m_note->setEnabled(s != IncidentState::Closed);
    m_contain->setEnabled(s == IncidentState::Acknowledged);
    m_followUp->setEnabled(s != IncidentState::Closed);
    m_resolve->setEnabled(s == IncidentState::Contained);
    m_recover->setEnabled(s != IncidentState::Closed);
    m_close->setEnabled(s == IncidentState::Resolved);
    m_correct->setEnabled(s != IncidentState::Closed);
    m_changeFollowUp->setEnabled(s != IncidentState::Closed && !i.followUps.isEmpty());

    QString html = QStringLiteral("<h3>Summary</h3><p>%1</p>").arg(esc(i.summary));
    html += QStringLiteral(
                "<p><b>Source:</b> %1<br><b>Reporter:</b> %2<br><b>Reported:</b> %3<br><b>Acknowledged:</b> %4<br>"
                "<b>Contained:</b> %5<br><b>Resolved:</b> %6<br><b>Closed:</b> %7</p>")
                .arg(esc(vocabulary::sourceLabel(i.source)), esc(i.reporter), when(i.reportedAt),
                     when(i.acknowledgedAt), when(i.containedAt), when(i.resolvedAt), when(i.closedAt));
    html += QStringLiteral("<h3>Impacted assets (%1)</h3><ul>").arg(i.assets.size());
    for (const Asset& a : i.assets)
        html += QStringLiteral("<li><b>%1</b> %2</li>").arg(esc(a.kind), esc(a.identifier));
    html += QStringLiteral("</ul><h3>Indicators of compromise (%1)</h3><ul>").arg(i.iocs.size());
    for (const Ioc& x : i.iocs)
        html += QStringLiteral("<li><b>%1</b> <code>%2</code></li>").arg(esc(x.type), esc(x.value));
    html += QStringLiteral("</ul>");
    if (i.resolvedAt)
        html +=
            QStringLiteral(
                "<h3>Resolution</h3><p><b>Root cause:</b> %1</p><p><b>Impact:</b> %2</p><p><b>Mitigation:</b> %3</p>")
                .arg(esc(i.resolution.rootCause), esc(i.resolution.impactSummary), esc(i.resolution.mitigationSteps));
    if (i.closedAt) {
        html += QStringLiteral(
                    "<h3>Closure</h3><p><b>Approved by</b> %1: %2</p><p><b>Postmortem:</b> <a href='%3'>%4</a></p>"
                    "<p><b>People:</b> %5<br><b>Process:</b> %6<br><b>Technology:</b> %7</p>")
                    .arg(esc(i.closure.approver), esc(i.closure.approvalNote), i.closure.postmortemUrl.toHtmlEscaped(),
                         esc(i.closure.postmortemUrl), esc(i.closure.narrativePeople), esc(i.closure.narrativeProcess),
                         esc(i.closure.narrativeTechnology));
        html += QStringLiteral("<h3>Runbook updates</h3><ul>");
        for (const RunbookUpdate& u : i.runbookUpdates)
            html += QStringLiteral("<li>%1 <i>(%2)</i></li>").arg(esc(u.text), esc(u.actor));
        html += QStringLiteral("</ul>");
    }
    m_details->setHtml(html);

    m_followUpModel->setIncident(m_id);
}

void IncidentPage::updateClocks()
{
    if (!m_incident)
        return;
    const IncidentSummary s = summaryOf(*m_incident);
    const QDateTime now = m_ctx.clock()->now();
    auto show = [](QLabel* label, const QString& what, const SlaClock& c) {
        label->setText(QStringLiteral("%1 by %2: <span style='color:%3; font-weight:bold'>%4 %5</span>")
                           .arg(what, c.deadline.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")),
                                Theme::slaColor(c.state).name(), Theme::slaGlyph(c.state), SlaPolicy::describe(c)));
        label->setAccessibleName(QStringLiteral("%1: %2").arg(what, SlaPolicy::describe(c)));
    };
    show(m_ackClock, QStringLiteral("Acknowledge"), SlaPolicy::acknowledgement(s, now));
    show(m_containClock, QStringLiteral("Contain"), SlaPolicy::containment(s, now));
}

void IncidentPage::tick()
{
    if (isVisible())
        updateClocks();
}

QString IncidentPage::exportTimeline(const QString& path) const
{
    if (!m_incident)
        return QStringLiteral("no incident is open");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    if (auto written = TimelineCsv::write(m_ctx.incidents().timeline(), m_id, file); !written) {
        file.remove(); // never leave half an export that looks whole
        return QStringLiteral("cannot export to %1: %2").arg(path, written.error().message);
    }
    return file.error() == QFile::NoError ? QString() : file.errorString();
}

} // namespace watchpost
