#include "ui/incidents/IncidentPage.h"

#include "models/incidents/SlaPolicy.h"
#include "models/incidents/TimelineCsv.h"
#include "models/incidents/Vocabulary.h"
#include "ui/incidents/IncidentDialogs.h"
#include "ui/killswitch/KillSwitchDialogs.h"
#include "ui/shell/ConsoleActions.h"
#include "ui/shell/Theme.h"
#include "ui/widgets/PageParts.h"

#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace watchpost {
namespace {
QString esc(const QString& s)
{
    return s.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}
QString when(const std::optional<QDateTime>& t)
{
    return t ? t->toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")) : QStringLiteral("—");
}
QLabel* wrapping(const QString& name, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Wrapping text never asks for more width than the window has: no label widens the window.
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    label->setMinimumWidth(0);
    return label;
}
} // namespace

QAction* IncidentPage::add(const QString& id)
{
    QAction* a = ConsoleActions::make(id, this);
    a->setEnabled(false);
    addAction(a); // its shortcut works while this page shows
    m_actions.insert(id, a);
    m_order << a;
    return a;
}

IncidentPage::IncidentPage(const ConsoleContext& ctx, QWidget* parent)
    : QWidget(parent), m_ctx(ctx), m_timeline(new TimelineModel(ctx.store(), this)),
      m_readError(new ReadErrorBanner(this))
{
    setObjectName(QStringLiteral("incidentPage"));
    for (const ConsoleAction& spec : ConsoleActions::all())
        if (spec.menu == QLatin1String("Incident"))
            add(spec.id);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_readError);
    connect(m_timeline, &StoreTableModel::readErrorChanged, m_readError,
            [this](const QString& message) { m_readError->setError(QStringLiteral("timeline"), message); });
    m_header = wrapping(QStringLiteral("incidentHeader"), this);
    layout->addWidget(m_header);
    m_stepper = wrapping(QStringLiteral("incidentStepper"), this);
    m_stepper->setAccessibleName(QStringLiteral("Lifecycle"));
    layout->addWidget(m_stepper);
    m_summary = wrapping(QStringLiteral("incidentSummary"), this);
    layout->addWidget(m_summary);
    m_badges = wrapping(QStringLiteral("incidentBadges"), this);
    layout->addWidget(m_badges);
    m_ackClock = wrapping(QStringLiteral("ackClock"), this);
    m_containClock = wrapping(QStringLiteral("containClock"), this);
    layout->addWidget(m_ackClock);
    layout->addWidget(m_containClock);

    auto* bar = new QHBoxLayout;
    m_primary = new QPushButton(this);
    m_primary->setObjectName(QStringLiteral("primaryActionButton"));
    m_primary->setAccessibleName(QStringLiteral("Next lifecycle step"));
    m_primary->setStyleSheet(Theme::primaryButtonStyle());
    connect(ThemeSignals::instance(), &ThemeSignals::changed, m_primary,
            [this] { m_primary->setStyleSheet(Theme::primaryButtonStyle()); });
    connect(m_primary, &QPushButton::clicked, this, [this] {
        if (m_primaryAction)
            m_primaryAction->trigger();
    });
    m_addToTimeline = new QPushButton(QStringLiteral("Add to timeline"), this);
    m_addToTimeline->setObjectName(QStringLiteral("addToTimelineButton"));
    m_addToTimeline->setAccessibleName(QStringLiteral("Add to timeline"));
    // A menu of the page's actions by id; an empty id is a separator.
    auto menuOf = [this](QWidget* owner, const QString& name, std::initializer_list<const char*> ids) {
        auto* menu = new QMenu(owner);
        menu->setObjectName(name);
        menu->setToolTipsVisible(true);
        for (const char* id : ids)
            if (*id)
                menu->addAction(m_actions.value(QLatin1String(id)));
            else
                menu->addSeparator();
        return menu;
    };
    auto* timelineMenu = menuOf(m_addToTimeline, QStringLiteral("addToTimelineMenu"),
                                {"containmentEntryAction", "communicationEntryAction", "decisionEntryAction",
                                 "noteEntryAction", "", "followUpAction"});
    m_addToTimeline->setMenu(timelineMenu);
    m_overflow = new QToolButton(this);
    m_overflow->setObjectName(QStringLiteral("incidentOverflowButton"));
    m_overflow->setText(QStringLiteral("⋯"));
    m_overflow->setToolTip(QStringLiteral("More incident actions"));
    m_overflow->setAccessibleName(QStringLiteral("More incident actions"));
    m_overflow->setPopupMode(QToolButton::InstantPopup);
    auto* more =
        menuOf(m_overflow, QStringLiteral("incidentOverflowMenu"),
               {"exportTimelineAction", "recoverFromIncidentAction", "correctEntryAction", "changeFollowUpAction"});
    m_overflow->setMenu(more);
    bar->addWidget(m_primary);
    bar->addWidget(m_addToTimeline);
    bar->addWidget(parts::actionButton(m_actions.value(QStringLiteral("stopShippingAction")),
                                       QStringLiteral("stopShippingButton"), this));
    bar->addWidget(parts::actionButton(m_actions.value(QStringLiteral("releaseKillSwitchAction")),
                                       QStringLiteral("releaseKillSwitchButton"), this));
    bar->addWidget(m_overflow);
    bar->addStretch();
    layout->addLayout(bar);

    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("incidentTabs"));
    m_timelineView = new QTableView(this);
    m_timelineView->setObjectName(QStringLiteral("timelineView"));
    m_timelineView->setAccessibleName(QStringLiteral("Timeline"));
    m_timelineView->setModel(m_timeline);
    m_timelineView->verticalHeader()->hide();
    m_timelineView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_timelineView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_timelineView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_timelineView->setAlternatingRowColors(true);
    m_timelineView->horizontalHeader()->setSectionResizeMode(TimelineModel::TextColumn, QHeaderView::Stretch);
    m_timelineView->setColumnWidth(TimelineModel::TimeColumn, 165);
    m_timelineView->setColumnWidth(TimelineModel::KindColumn, 150);
    m_timelineView->setColumnWidth(TimelineModel::ActorColumn, 120);
    m_timelineView->setWordWrap(false);
    m_timelineView->setTextElideMode(Qt::ElideRight);
    auto* timelineTab = new QWidget(this);
    auto* timelineLayout = new QVBoxLayout(timelineTab);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    timelineLayout->addWidget(m_timelineView, 1);
    auto* timelineBar = new QHBoxLayout;
    auto* permanent = wrapping(QStringLiteral("timelineHint"), this);
    permanent->setText(QStringLiteral("Entries are permanent; a correction is a new entry pointing at the old one."));
    timelineBar->addWidget(permanent, 1);
    timelineBar->addWidget(parts::actionButton(m_actions.value(QStringLiteral("correctEntryAction")),
                                               QStringLiteral("correctEntryButton"), this));
    timelineLayout->addLayout(timelineBar);
    tabs->addTab(timelineTab, QStringLiteral("Timeline"));
    m_details = new QTextBrowser(this);
    m_details->setObjectName(QStringLiteral("incidentDetails"));
    m_details->setAccessibleName(QStringLiteral("Details, assets and IOCs"));
    m_details->setOpenExternalLinks(true);
    tabs->addTab(m_details, QStringLiteral("Details, assets && IOCs"));
    m_followUpModel = new FollowUpTableModel(ctx.store(), this);
    connect(m_followUpModel, &StoreTableModel::readErrorChanged, m_readError,
            [this](const QString& message) { m_readError->setError(QStringLiteral("follow-ups"), message); });
    m_followUps = parts::view(QStringLiteral("followUpTable"), m_followUpModel, this);
    m_followUps->setAccessibleName(QStringLiteral("Follow-ups"));
    parts::emptyState(m_followUps, [] {
        return QStringLiteral("No follow-ups yet — <i>Add to timeline › Follow-up…</i> (Ctrl+Shift+F) records one "
                              "with its owner, due date and validation criteria.");
    });
    m_followUps->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_followUps->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    auto* followUpTab = new QWidget(this);
    auto* followUpLayout = new QVBoxLayout(followUpTab);
    followUpLayout->setContentsMargins(0, 0, 0, 0);
    followUpLayout->addWidget(m_followUps, 1);
    auto* followUpBar = new QHBoxLayout;
    auto* closing = wrapping(QStringLiteral("followUpHint"), this);
    closing->setText(QStringLiteral("Closing needs every follow-up to have an owner, a due date and validation "
                                    "criteria. After closing, status and due date still change."));
    followUpBar->addWidget(closing, 1);
    followUpBar->addWidget(parts::actionButton(m_actions.value(QStringLiteral("changeFollowUpAction")),
                                               QStringLiteral("changeFollowUpButton"), this));
    followUpLayout->addLayout(followUpBar);
    tabs->addTab(followUpTab, QStringLiteral("Follow-ups"));
    layout->addWidget(tabs, 1);

    auto on = [this](const char* id, auto&& f) {
        connect(m_actions.value(QLatin1String(id)), &QAction::triggered, this, f);
    };
    on("acknowledgeAction", [this] { openDialog(IncidentDialogs::acknowledge(m_ctx, m_id, this)); });
    on("containmentEntryAction",
       [this] { openDialog(IncidentDialogs::timelineEntry(m_ctx, m_id, TimelineKind::ContainmentAction, this)); });
    on("communicationEntryAction",
       [this] { openDialog(IncidentDialogs::timelineEntry(m_ctx, m_id, TimelineKind::Communication, this)); });
    on("decisionEntryAction",
       [this] { openDialog(IncidentDialogs::timelineEntry(m_ctx, m_id, TimelineKind::StakeholderDecision, this)); });
    on("noteEntryAction",
       [this] { openDialog(IncidentDialogs::timelineEntry(m_ctx, m_id, TimelineKind::Note, this)); });
    on("containAction", [this] { openDialog(IncidentDialogs::contain(m_ctx, m_id, m_containmentActions, this)); });
    on("followUpAction", [this] { openDialog(IncidentDialogs::followUp(m_ctx, m_id, this)); });
    on("resolveAction", [this] { openDialog(IncidentDialogs::resolve(m_ctx, m_id, this)); });
    on("closeIncidentAction", [this] { openDialog(IncidentDialogs::close(m_ctx, m_id, this)); });
    on("correctEntryAction", [this] {
        const QModelIndex current = m_timelineView->currentIndex();
        if (!current.isValid() || !m_incident || m_incident->state == IncidentState::Closed)
            return;
        openDialog(
            IncidentDialogs::correction(m_ctx, m_id, current.data(TimelineModel::EntryIdRole).toLongLong(), this));
    });
    on("changeFollowUpAction", [this] {
        const FollowUp* selected = m_followUpModel->rowAt(parts::selectedRow(m_followUps));
        if (!m_incident || !selected)
            return;
        openDialog(
            IncidentDialogs::changeFollowUp(m_ctx, m_id, *selected, m_incident->state == IncidentState::Closed, this));
    });
    // The kill switch engaged from here belongs to this incident; its banner and timeline entries say so.
    on("stopShippingAction", [this] { openDialog(KillSwitchDialogs::stopShipping(m_ctx, m_id, this)); });
    on("releaseKillSwitchAction", [this] { openDialog(KillSwitchDialogs::release(m_ctx, this)); });
    // The recovery flow run from here puts its evidence on this incident's timeline.
    on("recoverFromIncidentAction", [this] {
        if (m_incident)
            Q_EMIT recoveryRequested(m_incident->publicId);
    });
    on("exportTimelineAction", [this] {
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
    // Buttons that act on a selected row are enabled only while there is one.
    connect(m_timelineView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &IncidentPage::updateActions);
    connect(m_followUps->selectionModel(), &QItemSelectionModel::selectionChanged, this, &IncidentPage::updateActions);
    connect(m_timeline, &QAbstractItemModel::modelReset, this, &IncidentPage::updateActions);
    connect(m_followUpModel, &QAbstractItemModel::modelReset, this, &IncidentPage::updateActions);
    if (ctx.remote) // offline or back, a viewer's key or another: what may be done changes with the link
        connect(ctx.remote.get(), &RemoteLink::stateChanged, this, &IncidentPage::updateActions);
    connect(ThemeSignals::instance(), &ThemeSignals::changed, this, [this] {
        if (m_incident)
            reload();
    });
    updateActions();
}

QList<QAction*> IncidentPage::menuActions() const
{
    return m_order;
}

void IncidentPage::setAvailable(bool available)
{
    m_available = available;
    updateActions();
}

void IncidentPage::updateActions()
{
    const bool shown = m_available && m_incident.has_value();
    const IncidentState s = shown ? m_incident->state : IncidentState::Closed;
    const bool open = shown && s != IncidentState::Closed;
    // Attached to a server: offline, or a viewer's key, nothing that writes is enabled, and the reason says why.
    const std::optional<QString> cannotAct = m_ctx.whyCannotAct();
    auto set = [this, &cannotAct](const char* id, bool enabled, QString why = {}) {
        QAction* a = m_actions.value(QLatin1String(id));
        const bool writes = qstrcmp(id, "exportTimelineAction") != 0;
        if (enabled && writes && cannotAct) {
            enabled = false;
            why = *cannotAct;
        }
        a->setEnabled(enabled);
        const ConsoleAction& spec = ConsoleActions::get(QLatin1String(id));
        const QString keys = QKeySequence(spec.shortcut).toString(QKeySequence::NativeText);
        const QString base = QStringLiteral("%1 (%2)").arg(QString(spec.label).remove(QStringLiteral("…")), keys);
        a->setToolTip(enabled || why.isEmpty() ? base : QStringLiteral("%1 — %2").arg(base, why));
    };
    const QString closedWhy = QStringLiteral("the incident is closed; its timeline is final");
    set("acknowledgeAction", shown && s == IncidentState::Reported,
        shown ? QStringLiteral("only a reported incident is acknowledged") : QString());
    set("containAction", shown && s == IncidentState::Acknowledged,
        shown ? QStringLiteral("acknowledge it first; only an acknowledged incident is marked contained") : QString());
    set("resolveAction", shown && s == IncidentState::Contained,
        shown ? QStringLiteral("only a contained incident is resolved") : QString());
    set("closeIncidentAction", shown && s == IncidentState::Resolved,
        shown ? QStringLiteral("only a resolved incident is closed") : QString());
    set("containmentEntryAction", open && s != IncidentState::Resolved,
        shown ? QStringLiteral("containment is recorded before the incident is resolved") : QString());
    for (const char* id : {"communicationEntryAction", "decisionEntryAction", "noteEntryAction", "followUpAction",
                           "recoverFromIncidentAction"})
        set(id, open, closedWhy);
    set("exportTimelineAction", shown);
    KillSwitchService& killSwitch = m_ctx.services->killSwitch();
    const auto engagement = killSwitch.open();
    const bool engaged =
        killSwitch.held() || !engagement || (*engagement && (*engagement)->activeAt(m_ctx.clock()->now()));
    set("stopShippingAction", open && !engaged,
        engaged ? QStringLiteral("the kill switch is engaged already; release it or change its scope first")
                : closedWhy);
    set("releaseKillSwitchAction", shown && engaged, QStringLiteral("the kill switch is not engaged"));
    m_actions.value(QStringLiteral("releaseKillSwitchAction"))->setVisible(engaged);
    const bool entrySelected = m_timelineView->selectionModel()->hasSelection();
    set("correctEntryAction", open && entrySelected,
        !open ? closedWhy : QStringLiteral("select the timeline entry to correct first"));
    const bool followUpSelected = m_followUpModel->rowAt(parts::selectedRow(m_followUps)) != nullptr;
    set("changeFollowUpAction", shown && followUpSelected, QStringLiteral("select a follow-up first"));

    // The one primary step of this state; a closed incident has none.
    static const QHash<IncidentState, QString> primary{
        {IncidentState::Reported, QStringLiteral("acknowledgeAction")},
        {IncidentState::Acknowledged, QStringLiteral("containAction")},
        {IncidentState::Contained, QStringLiteral("resolveAction")},
        {IncidentState::Resolved, QStringLiteral("closeIncidentAction")}};
    m_primaryAction = shown ? m_actions.value(primary.value(s)) : nullptr;
    m_primary->setVisible(m_primaryAction != nullptr);
    if (m_primaryAction) {
        m_primary->setText(m_primaryAction->text());
        m_primary->setToolTip(m_primaryAction->toolTip());
        m_primary->setAccessibleName(QString(m_primaryAction->text()).remove(QStringLiteral("…")));
        m_primary->setEnabled(m_primaryAction->isEnabled());
    }
    m_addToTimeline->setEnabled(open);
    m_addToTimeline->setToolTip(open ? QStringLiteral("Add a containment action, communication, decision, note or "
                                                      "follow-up")
                                     : closedWhy);
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
    // Reported ▸ Acknowledged ▸ Contained ▸ Resolved ▸ Closed: done steps ticked, the current one marked, the
    // rest muted.
    const QStringList steps = vocabulary::stateNames();
    const int current = int(steps.indexOf(vocabulary::stateName(i.state)));
    QStringList shown;
    for (int k = 0; k < steps.size(); ++k) {
        const QString label = vocabulary::stateLabel(*vocabulary::stateFromName(steps.at(k)));
        if (k < current)
            shown << QStringLiteral("<span style='color:%1'>✓ %2</span>").arg(Theme::goodColor().name(), label);
        else if (k == current)
            shown << QStringLiteral("<b>● %1</b>").arg(label);
        else
            shown << QStringLiteral("<span style='color:%1'>○ %2</span>").arg(Theme::mutedColor().name(), label);
    }
    m_stepper->setText(shown.join(QStringLiteral(" &nbsp;▸&nbsp; ")));
    m_stepper->setAccessibleDescription(QStringLiteral("State: %1").arg(vocabulary::stateLabel(i.state)));
    m_summary->setText(esc(i.summary));
    m_badges->setText(QStringLiteral("<span style='color:%1; font-weight:bold'>%2 %3</span> &nbsp; Reported by %4 at "
                                     "%5")
                          .arg(Theme::severityColor(i.severity).name(), Theme::severityGlyph(i.severity),
                               vocabulary::severityLabel(i.severity), esc(i.reporter), when(i.reportedAt)));
    updateClocks();
    const auto actions = m_ctx.incidents().timeline().timelineCount(m_id, TimelineKind::ContainmentAction);
    m_containmentActions = actions ? *actions : 0;
    updateActions();
    Q_EMIT shownChanged();

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
