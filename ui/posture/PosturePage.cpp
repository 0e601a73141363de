#include "ui/posture/PosturePage.h"

#include "models/credentials/RecoveryService.h"

#include "models/incidents/SlaPolicy.h"
#include "models/incidents/Vocabulary.h"
#include "ui/shell/Theme.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace watchpost {
namespace {
QLabel* boxed(QWidget* parent, QLayout* into, const QString& title, const QString& name)
{
    auto* box = new QGroupBox(title, parent);
    auto* layout = new QVBoxLayout(box);
    auto* label = new QLabel(box);
    label->setObjectName(name);
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout->addWidget(label);
    into->addWidget(box);
    return label;
}
} // namespace

PosturePage::PosturePage(const ConsoleContext& ctx, QWidget* parent)
    : QWidget(parent), m_ctx(ctx), m_worker(new PostureWorker(ctx.store(), ctx.clock(), this))
{
    setObjectName(QStringLiteral("posturePage"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("<h2>Posture</h2>"), this));
    m_readError = new ReadErrorBanner(this);
    layout->addWidget(m_readError);
    auto* row = new QHBoxLayout;
    m_listener = boxed(this, row, QStringLiteral("Listener"), QStringLiteral("listenerStatus"));
    m_states = boxed(this, row, QStringLiteral("Incidents by state"), QStringLiteral("incidentStates"));
    m_sla = boxed(this, row, QStringLiteral("Open SLA clocks"), QStringLiteral("slaSummary"));
    m_webhooks = boxed(this, row, QStringLiteral("Webhook controls"), QStringLiteral("webhookControls"));
    m_credentials = boxed(this, row, QStringLiteral("Credentials"), QStringLiteral("credentialContainment"));
    connect(m_credentials, &QLabel::linkActivated, this, [this](const QString& link) { Q_EMIT openRoute(link); });
    layout->addLayout(row);
    auto* box = new QGroupBox(QStringLiteral("Needs attention: open incidents with a breached or at-risk clock"), this);
    auto* boxLayout = new QVBoxLayout(box);
    m_attention = new QListWidget(box);
    m_attention->setObjectName(QStringLiteral("attentionList"));
    m_attention->setAccessibleName(QStringLiteral("Incidents needing attention"));
    boxLayout->addWidget(m_attention);
    layout->addWidget(box, 1);
    connect(m_attention, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT openRoute(item->data(Qt::UserRole).toString()); });
    connect(m_attention, &QListWidget::itemDoubleClicked, this,
            [this](QListWidgetItem* item) { Q_EMIT openRoute(item->data(Qt::UserRole).toString()); });
    connect(m_worker, &PostureWorker::ready, this, &PosturePage::show);
    m_states->setText(QStringLiteral("Counting…"));
    refresh();
}

void PosturePage::refresh()
{
    const ListenerInfo info = m_ctx.listener ? m_ctx.listener() : ListenerInfo{};
    if (!info.enabled)
        m_listener->setText(QStringLiteral("<b>Off</b> (started with --no-listener): the REST API is not served."));
    else if (info.listening)
        m_listener->setText(
            QStringLiteral("<span style='color:%1'><b>✓ Listening</b></span> on <code>%2</code><br>%3")
                .arg(Theme::slaColor(SlaState::Met).name(), info.url.toHtmlEscaped(), info.detail.toHtmlEscaped()));
    else
        m_listener->setText(QStringLiteral("<span style='color:%1'><b>✖ Not listening</b></span><br>%2")
                                .arg(Theme::slaColor(SlaState::Breached).name(), info.detail.toHtmlEscaped()));

    // Webhook controls: last-known state of secrets, refusals, blocks and telemetry.
    if (m_ctx.webhooks().controls) {
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
        m_webhooks->setText(text);
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
    m_worker->request();
}

void PosturePage::show(const PostureSnapshot& snapshot)
{
    m_readError->setError(QStringLiteral("snapshot"), snapshot.readError);
    if (!snapshot.readError.isEmpty()) { // no zeros for figures the store did not give
        const QString unknown =
            QStringLiteral("<span style='color:%1'><b>✖ Unknown:</b> the store refused the read</span>")
                .arg(Theme::slaColor(SlaState::Breached).name());
        m_states->setText(unknown);
        m_sla->setText(unknown);
        m_attention->clear();
        return;
    }
    const IncidentCounts& counts = snapshot.counts;
    QString states = QStringLiteral("<table cellspacing='4'>");
    for (const QString& name : vocabulary::stateNames()) {
        const IncidentState s = *vocabulary::stateFromName(name);
        states += QStringLiteral("<tr><td>%1</td><td align='right'><b>%2</b></td></tr>")
                      .arg(vocabulary::stateLabel(s))
                      .arg(counts.byState.value(s));
    }
    states += QStringLiteral("<tr><td>Total</td><td align='right'><b>%1</b></td></tr></table>").arg(counts.total);
    m_states->setText(states);

    const auto& tally = snapshot.tally;
    m_attention->clear();
    for (const PostureSnapshot::Attention& a : snapshot.attention) {
        const IncidentSummary& s = a.incident;
        auto* item =
            new QListWidgetItem(QStringLiteral("%1 %2  %3 %4 — %5: %6")
                                    .arg(Theme::slaGlyph(a.clock.state), s.publicId, Theme::severityGlyph(s.severity),
                                         vocabulary::severityLabel(s.severity),
                                         a.containment ? QStringLiteral("contain") : QStringLiteral("acknowledge"),
                                         SlaPolicy::describe(a.clock)));
        item->setToolTip(s.title);
        item->setForeground(Theme::slaColor(a.clock.state));
        item->setData(Qt::UserRole, QStringLiteral("/incidents/%1").arg(s.publicId));
        m_attention->addItem(item);
    }
    if (snapshot.attentionTotal > snapshot.attention.size())
        m_attention->addItem(QStringLiteral("… and %1 more: see Incidents, sorted by SLA")
                                 .arg(snapshot.attentionTotal - snapshot.attention.size()));
    auto line = [&](const QString& what, int clock) {
        return QStringLiteral(
                   "<tr><td>%1</td><td style='color:%2'>✖ %3 breached</td><td style='color:%4'>! %5 at risk</td>"
                   "<td>● %6 on track</td><td style='color:%7'>✓ %8 met</td></tr>")
            .arg(what, Theme::slaColor(SlaState::Breached).name())
            .arg(tally[clock][int(SlaState::Breached)])
            .arg(Theme::slaColor(SlaState::AtRisk).name())
            .arg(tally[clock][int(SlaState::AtRisk)])
            .arg(tally[clock][int(SlaState::OnTrack)])
            .arg(Theme::slaColor(SlaState::Met).name())
            .arg(tally[clock][int(SlaState::Met)]);
    };
    m_sla->setText(QStringLiteral("<table cellspacing='4'>%1%2</table>")
                       .arg(line(QStringLiteral("Acknowledge"), 0), line(QStringLiteral("Contain"), 1)));
    if (m_attention->count() == 0)
        m_attention->addItem(QStringLiteral("No open incident has a breached or at-risk clock."));
}

} // namespace watchpost
