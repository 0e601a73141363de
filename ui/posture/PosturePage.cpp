#include "ui/posture/PosturePage.h"

#include "models/credentials/RecoveryService.h"

#include "models/incidents/SlaPolicy.h"
#include "models/incidents/Vocabulary.h"
#include "ui/shell/Theme.h"

#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

namespace watchpost {
namespace {
QLabel* card(QWidget* parent, QLayout* into, const QString& title, const QString& name)
{
    auto* box = new QGroupBox(title, parent);
    auto* layout = new QVBoxLayout(box);
    auto* label = new QLabel(box);
    label->setObjectName(name);
    label->setAccessibleName(title);
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout->addWidget(label);
    into->addWidget(box);
    return label;
}
QTableWidget* clockTable(const QString& name, const QString& accessible, QWidget* parent)
{
    auto* t = new QTableWidget(0, 5, parent);
    t->setObjectName(name);
    t->setAccessibleName(accessible);
    t->setHorizontalHeaderLabels({QStringLiteral("Incident"), QStringLiteral("Title"), QStringLiteral("Severity"),
                                  QStringLiteral("Clock"), QStringLiteral("Time left")});
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setWordWrap(false);
    t->setTextElideMode(Qt::ElideRight);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    t->setSizeAdjustPolicy(QAbstractScrollArea::AdjustIgnored);
    return t;
}
} // namespace

QLabel* PosturePage::tile(const QString& name, const QString& caption, const QString& route, QLayout* into)
{
    auto* frame = new QFrame(this);
    frame->setObjectName(name + QStringLiteral("Frame"));
    frame->setFrameShape(QFrame::StyledPanel);
    auto* l = new QVBoxLayout(frame);
    auto* number = new QLabel(QStringLiteral("…"), frame);
    number->setObjectName(name);
    QFont big = number->font();
    big.setPointSizeF(big.pointSizeF() * 2.4);
    big.setBold(true);
    number->setFont(big);
    number->setAlignment(Qt::AlignCenter);
    auto* text = new QLabel(QStringLiteral("<a href='%1'>%2</a>").arg(route, caption), frame);
    text->setObjectName(name + QStringLiteral("Caption"));
    text->setAlignment(Qt::AlignCenter);
    text->setWordWrap(true); // wraps between words only: a caption never breaks mid-word
    text->setMinimumWidth(text->fontMetrics().horizontalAdvance(caption.section(QLatin1Char(' '), 0, 0)) + 8);
    connect(text, &QLabel::linkActivated, this, [this](const QString& link) { Q_EMIT openRoute(link); });
    number->setAccessibleName(caption);
    l->addWidget(number);
    l->addWidget(text);
    into->addWidget(frame);
    return number;
}

void PosturePage::setTile(QLabel* tile, int count, const QColor& problem)
{
    tile->setText(QString::number(count));
    // A zero is good news: muted, never in an alarm colour.
    tile->setStyleSheet(QStringLiteral("color: %1").arg(count ? problem.name() : Theme::mutedColor().name()));
    tile->setAccessibleDescription(QString::number(count));
}

PosturePage::PosturePage(const ConsoleContext& ctx, PostureWorker* worker, QWidget* parent)
    : QWidget(parent), m_ctx(ctx), m_worker(worker)
{
    setObjectName(QStringLiteral("posturePage"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("postureScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    outer->addWidget(scroll);
    auto* content = new QWidget(scroll);
    scroll->setWidget(content);
    auto* layout = new QVBoxLayout(content);
    layout->addWidget(new QLabel(QStringLiteral("<h2>Posture</h2>"), content));
    m_readError = new ReadErrorBanner(content);
    layout->addWidget(m_readError);
    auto* tiles = new QHBoxLayout;
    m_tileUnacknowledged = tile(QStringLiteral("tileUnacknowledged"), QStringLiteral("Unacknowledged"),
                                QStringLiteral("/incidents"), tiles);
    m_tileBreached =
        tile(QStringLiteral("tileBreached"), QStringLiteral("Breached clocks"), QStringLiteral("/incidents"), tiles);
    m_tileAtRisk =
        tile(QStringLiteral("tileAtRisk"), QStringLiteral("At-risk clocks"), QStringLiteral("/incidents"), tiles);
    m_tileOpen =
        tile(QStringLiteral("tileOpen"), QStringLiteral("Open incidents"), QStringLiteral("/incidents"), tiles);
    layout->addLayout(tiles);

    auto section = [&](const QString& title, const QString& name, QTableWidget** table, QLabel** empty) {
        auto* box = new QGroupBox(title, content);
        box->setObjectName(name + QStringLiteral("Box"));
        auto* l = new QVBoxLayout(box);
        *table = clockTable(name, title, box);
        (*table)->verticalHeader()->setDefaultSectionSize(24);
        *empty = new QLabel(box);
        (*empty)->setObjectName(name + QStringLiteral("Empty"));
        (*empty)->setWordWrap(true);
        l->addWidget(*empty);
        l->addWidget(*table);
        layout->addWidget(box);
        auto open = [this](QTableWidget* t, int row) {
            if (QTableWidgetItem* item = t->item(row, 0))
                Q_EMIT openRoute(item->data(Qt::UserRole).toString());
        };
        QTableWidget* t = *table;
        connect(t, &QTableWidget::cellDoubleClicked, this, [t, open](int row, int) { open(t, row); });
        connect(t, &QTableWidget::itemActivated, this, [t, open](QTableWidgetItem* item) { open(t, item->row()); });
    };
    section(QStringLiteral("Unacknowledged"), QStringLiteral("unacknowledgedTable"), &m_unacknowledged,
            &m_unacknowledgedEmpty);
    section(QStringLiteral("Breached and at-risk clocks"), QStringLiteral("attentionTable"), &m_attention,
            &m_attentionEmpty);

    auto* row = new QHBoxLayout;
    m_listener = card(content, row, ctx.remote ? QStringLiteral("Server") : QStringLiteral("Listener"),
                      QStringLiteral("listenerStatus"));
    m_states = card(content, row, QStringLiteral("Incidents by state"), QStringLiteral("incidentStates"));
    m_webhooks = card(content, row, QStringLiteral("Webhook controls"), QStringLiteral("webhookControls"));
    m_credentials = card(content, row, QStringLiteral("Credentials"), QStringLiteral("credentialContainment"));
    m_killSwitch = card(content, row, QStringLiteral("Shipping kill switch"), QStringLiteral("killSwitchPosture"));
    for (QLabel* l : {m_states, m_webhooks, m_credentials, m_killSwitch})
        connect(l, &QLabel::linkActivated, this, [this](const QString& link) { Q_EMIT openRoute(link); });
    layout->addLayout(row);
    layout->addStretch(1);
    connect(m_worker, &PostureWorker::ready, this, &PosturePage::show);
    connect(ThemeSignals::instance(), &ThemeSignals::changed, this, [this] {
        refresh();
        if (m_last)
            show(*m_last);
    });
    m_states->setText(QStringLiteral("Counting…"));
    if (ctx.remote)
        connect(ctx.remote.get(), &RemoteLink::stateChanged, this, &PosturePage::showServer);
    refresh();
}

void PosturePage::showServer()
{
    // Attached to a server: its receiver and API are the server's; what the replica knows of them.
    const LinkState link = m_ctx.remote->state();
    const QString bad = Theme::slaColor(SlaState::Breached).name();
    const QString good = Theme::slaColor(SlaState::Met).name();
    m_listener->setText(
        (link.live()
             ? QStringLiteral("<span style='color:%1'><b>✓ Live</b></span> with <code>%2</code>")
                   .arg(good, link.server.toHtmlEscaped())
             : QStringLiteral("<span style='color:%1'><b>✖ %2</b></span>").arg(bad, link.describe().toHtmlEscaped())) +
        QStringLiteral("<br>GitHub delivers to <code>%1/api/github/webhooks</code>").arg(link.server.toHtmlEscaped()));
    const WebhookStore webhooks(m_ctx.store());
    const auto hooks = webhooks.hooks();
    const qint64 now = m_ctx.clock()->nowMs();
    const auto sources = webhooks.sources(now - 7LL * 86400 * 1000, now);
    const auto delivered = webhooks.deliveryCount({});
    m_readError->note(QStringLiteral("hooks"), hooks);
    m_readError->note(QStringLiteral("sources"), sources);
    m_readError->note(QStringLiteral("deliveries"), delivered);
    if (!hooks || !sources || !delivered) {
        m_webhooks->setText(
            QStringLiteral("<span style='color:%1'>✖ unknown: the replica refused the read</span>").arg(bad));
        return;
    }
    int withSecret = 0, blocked = 0, refused = 0;
    for (const WebhookHook& hook : *hooks)
        withSecret += hook.secretSetAt ? 1 : 0;
    for (const SourceSummary& source : *sources) {
        refused += source.refused;
        blocked += source.blockedUntil && source.blockedUntil->toMSecsSinceEpoch() > now ? 1 : 0;
    }
    m_webhooks->setText(QStringLiteral("%1 hook secret%2 in the server's keychain<br>%3 deliveries stored, %4 "
                                       "refused in 7 days<br>%5 source%6 blocked<br><a href='/webhooks'>Webhooks</a>")
                            .arg(withSecret)
                            .arg(withSecret == 1 ? "" : "s")
                            .arg(*delivered)
                            .arg(refused)
                            .arg(blocked)
                            .arg(blocked == 1 ? "" : "s"));
}

void PosturePage::refresh()
{
    const ListenerInfo info = m_ctx.listener ? m_ctx.listener() : ListenerInfo{};
    if (m_ctx.remote)
        showServer();
    else if (!info.enabled)
        m_listener->setText(QStringLiteral("<b>Off</b> (started with --no-listener): the REST API is not served."));
    else if (info.listening)
        m_listener->setText(
            QStringLiteral("<span style='color:%1'><b>✓ Listening</b></span> on <code>%2</code><br>%3")
                .arg(Theme::slaColor(SlaState::Met).name(), info.url.toHtmlEscaped(), info.detail.toHtmlEscaped()));
    else
        m_listener->setText(QStringLiteral("<span style='color:%1'><b>✖ Not listening</b></span><br>%2")
                                .arg(Theme::slaColor(SlaState::Breached).name(), info.detail.toHtmlEscaped()));

    // Webhook controls: last-known state of secrets, refusals, blocks and telemetry.
    if (m_ctx.webhooks().controls && !m_ctx.remote) {
        const WebhookControls::Health h = m_ctx.webhooks().controls->health();
        int withSecret = 0;
        const auto hooks = WebhookStore(m_ctx.store()).hooks();
        m_readError->note(QStringLiteral("hooks"), hooks);
        for (const WebhookHook& hook : hooks ? *hooks : QList<WebhookHook>{})
            withSecret += hook.secretSetAt ? 1 : 0;
        const bool file = m_ctx.webhooks().secrets && m_ctx.webhooks().secrets->hasFileSecret();
        const QString bad = Theme::slaColor(SlaState::Breached).name();
        const QString good = Theme::slaColor(SlaState::Met).name();
        QString text;
        if (!hooks)
            text = QStringLiteral("<span style='color:%1'>✖ hook secrets unknown: the store refused the read</span>")
                       .arg(bad);
        else if (withSecret)
            text = QStringLiteral("<span style='color:%1'>✓ %2 hook secret%3 in the keychain%4</span>")
                       .arg(good)
                       .arg(withSecret)
                       .arg(withSecret == 1 ? "" : "s")
                       .arg(file ? QStringLiteral(", secrets file for the rest") : QString());
        else if (file)
            text = QStringLiteral("<span style='color:%1'>✓ secrets file for every hook</span>").arg(good);
        else
            text = QStringLiteral("<span style='color:%1'>✖ no secret: deliveries refused</span>").arg(bad);
        text += QStringLiteral("<br>%1 accepted, %2 refused since start<br>%3 source%4 blocked")
                    .arg(h.accepted)
                    .arg(h.refused)
                    .arg(h.activeBlocks)
                    .arg(h.activeBlocks == 1 ? "" : "s");
        text +=
            h.telemetryDegraded
                ? QStringLiteral("<br><span style='color:%1'>✖ telemetry degraded: escalate by hand</span>").arg(bad)
                : QStringLiteral("<br>telemetry recording");
        m_webhooks->setText(text + QStringLiteral("<br><a href='/webhooks'>Webhooks</a>"));
    }
    // Credentials: whether the last token-compromise recovery contained the compromise.
    const QString bad = Theme::slaColor(SlaState::Breached).name();
    const auto latest = RecoveryService::latestIn(*m_ctx.store());
    if (!m_readError->note(QStringLiteral("recovery"), latest))
        m_credentials->setText(
            QStringLiteral("<span style='color:%1'><b>✖ Unknown:</b> the last recovery could not be read</span>"
                           "<br><a href='/settings/security'>Settings › Security</a>")
                .arg(bad));
    else if (const std::optional<RecoveryReport>& recovery = *latest) {
        const bool contained = recovery->status() == QLatin1String("contained");
        QString text = QStringLiteral("Last recovery %1: <span style='color:%2'><b>%3 %4</b></span>")
                           .arg(recovery->at.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")),
                                contained ? Theme::slaColor(SlaState::Met).name() : bad,
                                contained ? QStringLiteral("✓") : QStringLiteral("✖"), recovery->status());
        if (!contained)
            text += QStringLiteral("<br>%1 manual containment step%2 still required")
                        .arg(recovery->manualSteps.size())
                        .arg(recovery->manualSteps.size() == 1 ? "" : "s");
        m_credentials->setText(text + QStringLiteral("<br><a href='/settings/security'>Settings › Security</a>"));
    } else
        m_credentials->setText(
            QStringLiteral("No token-compromise recovery run.<br><a href='/settings/security'>Settings › "
                           "Security</a>"));
    showKillSwitch();
    m_worker->request();
}

void PosturePage::showKillSwitch()
{
    KillSwitchService& service = m_ctx.services->killSwitch();
    const QString bad = Theme::slaColor(SlaState::Breached).name();
    const QString link = QStringLiteral("<br><a href='/settings/security'>Settings › Security › Kill switch</a>");
    const auto open = service.open();
    if (const auto held = service.held()) {
        m_killSwitch->setText(QStringLiteral("<span style='color:%1'><b>✖ Engaged — kill switch not persisted — "
                                             "unresolved high-severity incident</b></span><br>%2%3")
                                  .arg(bad, held->scope.describe().toHtmlEscaped(), link));
    } else if (!m_readError->note(QStringLiteral("kill switch"), open)) {
        m_killSwitch->setText(QStringLiteral("<span style='color:%1'><b>✖ Unknown:</b> the kill switch could not be "
                                             "read; shipping decisions are refused meanwhile</span>%2")
                                  .arg(bad, link));
    } else if (*open && (*open)->activeAt(m_ctx.clock()->now())) {
        const KillSwitchEngagement& e = **open;
        const auto blocked = service.blockedAttempts(e.id);
        int needsHand = 0;
        if (const auto levers = service.levers().forEngagement(e.id))
            for (const KillSwitchLever& l : *levers)
                needsHand += l.state == lever::kFailed || l.state == lever::kUnverified ? 1 : 0;
        m_killSwitch->setText(
            QStringLiteral("<span style='color:%1'><b>✖ Engaged%2</b></span> since %3<br>%4<br>%5 blocked attempt%6%7")
                .arg(bad, needsHand ? QStringLiteral(" — partial") : QString(),
                     e.engagedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")), e.scope.describe().toHtmlEscaped(),
                     blocked ? QString::number(*blocked) : QStringLiteral("?"),
                     blocked && *blocked == 1 ? QString() : QStringLiteral("s"),
                     needsHand ? QStringLiteral("<br>%1 GitHub lever%2 need%3 a manual step")
                                         .arg(needsHand)
                                         .arg(needsHand == 1 ? "" : "s", needsHand == 1 ? "s" : "") +
                                     link
                               : link));
    } else {
        m_killSwitch->setText(QStringLiteral("<span style='color:%1'>✓ Not engaged</span> — automation may ship%2")
                                  .arg(Theme::slaColor(SlaState::Met).name(), link));
    }
}

void PosturePage::show(const PostureSnapshot& snapshot)
{
    m_last = snapshot;
    m_readError->setError(QStringLiteral("snapshot"), snapshot.readError);
    if (!snapshot.readError.isEmpty()) { // no zeros for figures the store did not give
        const QString unknown =
            QStringLiteral("<span style='color:%1'><b>✖ Unknown:</b> the store refused the read</span>")
                .arg(Theme::errorColor().name());
        m_states->setText(unknown);
        for (QLabel* t : {m_tileUnacknowledged, m_tileBreached, m_tileAtRisk, m_tileOpen}) {
            t->setText(QStringLiteral("?"));
            t->setStyleSheet(QStringLiteral("color: %1").arg(Theme::errorColor().name()));
        }
        m_unacknowledged->setRowCount(0);
        m_attention->setRowCount(0);
        m_unacknowledgedEmpty->setText(unknown);
        m_attentionEmpty->setText(unknown);
        return;
    }
    const IncidentCounts& counts = snapshot.counts;
    QString states = QStringLiteral("<table cellspacing='4'>");
    for (const QString& name : vocabulary::stateNames()) {
        const IncidentState s = *vocabulary::stateFromName(name);
        const int n = counts.byState.value(s);
        states += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td></tr>")
                      .arg(vocabulary::stateLabel(s),
                           n ? QStringLiteral("<b>%1</b>").arg(n)
                             : QStringLiteral("<span style='color:%1'>0</span>").arg(Theme::mutedColor().name()));
    }
    states += QStringLiteral("<tr><td>Total</td><td align='right'><b>%1</b></td></tr></table>"
                             "<a href='/incidents'>Incidents</a>")
                  .arg(counts.total);
    m_states->setText(states);

    const auto& tally = snapshot.tally;
    const int breached = tally[0][int(SlaState::Breached)] + tally[1][int(SlaState::Breached)];
    const int atRisk = tally[0][int(SlaState::AtRisk)] + tally[1][int(SlaState::AtRisk)];
    setTile(m_tileUnacknowledged, snapshot.unacknowledgedTotal, Theme::severityColor(Severity::High));
    setTile(m_tileBreached, breached, Theme::slaColor(SlaState::Breached));
    setTile(m_tileAtRisk, atRisk, Theme::slaColor(SlaState::AtRisk));
    setTile(m_tileOpen, int(snapshot.open.size()), Theme::slaColor(SlaState::OnTrack));
    fillTable(m_unacknowledged, m_unacknowledgedEmpty, snapshot.unacknowledged, snapshot.unacknowledgedTotal,
              QStringLiteral("Nothing waits for acknowledgement."));
    fillTable(m_attention, m_attentionEmpty, snapshot.attention, snapshot.attentionTotal,
              QStringLiteral("No open incident has a breached or at-risk clock."));
}

void PosturePage::fillTable(QTableWidget* table, QLabel* empty, const QList<PostureSnapshot::Attention>& rows,
                            int total, const QString& none)
{
    table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const PostureSnapshot::Attention& a = rows.at(r);
        const IncidentSummary& s = a.incident;
        const QString route = QStringLiteral("/incidents/%1").arg(s.publicId);
        auto cell = [&](int column, const QString& text, const QColor& colour = {}) {
            auto* item = new QTableWidgetItem(text);
            item->setData(Qt::UserRole, route);
            item->setToolTip(text);
            if (colour.isValid())
                item->setForeground(colour);
            table->setItem(r, column, item);
        };
        cell(0, s.publicId);
        cell(1, s.title);
        cell(2, QStringLiteral("%1 %2").arg(Theme::severityGlyph(s.severity), vocabulary::severityLabel(s.severity)),
             Theme::severityColor(s.severity));
        cell(3, a.containment ? QStringLiteral("Contain") : QStringLiteral("Acknowledge"));
        cell(4, QStringLiteral("%1 %2").arg(Theme::slaGlyph(a.clock.state), SlaPolicy::describe(a.clock)),
             Theme::slaColor(a.clock.state));
    }
    // As tall as its rows (up to eight), so the cards below stay in view.
    const int shown = std::min<int>(8, std::max<int>(1, int(rows.size())));
    table->setFixedHeight(table->horizontalHeader()->height() + shown * table->verticalHeader()->defaultSectionSize() +
                          2 * table->frameWidth() + 2);
    table->setVisible(!rows.isEmpty());
    if (rows.isEmpty())
        empty->setText(none);
    else if (total > rows.size())
        empty->setText(
            QStringLiteral("The %1 most urgent of %2 — <a href='/incidents'>see all in Incidents</a>, sorted "
                           "by SLA.")
                .arg(rows.size())
                .arg(total));
    empty->setVisible(rows.isEmpty() || total > rows.size());
    if (!empty->property("linked").toBool()) {
        connect(empty, &QLabel::linkActivated, this, [this](const QString& link) { Q_EMIT openRoute(link); });
        empty->setProperty("linked", true);
    }
}

} // namespace watchpost
