#include "ui/killswitch/KillSwitchTab.h"

#include "ui/killswitch/KillSwitchDialogs.h"
#include "ui/widgets/PageParts.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace watchpost {

using parts::esc;

namespace {
QTableWidget* table(const QString& name, const QString& accessible, const QStringList& headers, QWidget* parent)
{
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(name);
    t->setAccessibleName(accessible);
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

void fill(QTableWidget* t, const QList<QStringList>& rows)
{
    t->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r)
        for (int c = 0; c < rows.at(r).size(); ++c)
            t->setItem(r, c, new QTableWidgetItem(rows.at(r).at(c)));
    t->resizeColumnsToContents();
}

QString at(const QDateTime& t)
{
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}
} // namespace

KillSwitchTab::KillSwitchTab(const ConsoleContext& ctx, const SecurityServices& services, QWidget* parent)
    : SecurityTab(QStringLiteral("killswitch"), ctx, services, parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_readError);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("killSwitchState"));
    m_state->setAccessibleName(QStringLiteral("Kill switch state"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_state);
    auto* bar = new QHBoxLayout;
    m_stop = parts::button(QStringLiteral("Stop shipping…"), QStringLiteral("killSwitchStopButton"), this);
    m_release = parts::button(QStringLiteral("Release…"), QStringLiteral("killSwitchReleaseButton"), this);
    m_github = parts::button(QStringLiteral("GitHub connection…"), QStringLiteral("githubConnectionButton"), this);
    for (QPushButton* b : {m_stop, m_release, m_github})
        bar->addWidget(b);
    bar->addStretch();
    layout->addLayout(bar);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        if (auto* d = stopShippingDialog())
            d->open();
    });
    connect(m_release, &QPushButton::clicked, this, [this] {
        if (auto* d = releaseDialog())
            d->open();
    });
    connect(m_github, &QPushButton::clicked, this, [this] {
        if (auto* d = githubConnectionDialog())
            d->open();
    });
    layout->addWidget(new QLabel(QStringLiteral("<b>GitHub's levers</b>"), this));
    m_levers = table(QStringLiteral("killSwitchLevers"), QStringLiteral("GitHub levers"),
                     {QStringLiteral("Repository"), QStringLiteral("Lever"), QStringLiteral("Target"),
                      QStringLiteral("State"), QStringLiteral("What GitHub said"), QStringLiteral("Manual step")},
                     this);
    layout->addWidget(m_levers, 1);
    layout->addWidget(new QLabel(QStringLiteral("<b>Decision log</b> (denied first)"), this));
    m_decisions =
        table(QStringLiteral("killSwitchDecisions"), QStringLiteral("Decision log"),
              {QStringLiteral("Outcome"), QStringLiteral("Minute"), QStringLiteral("Actor"), QStringLiteral("Action"),
               QStringLiteral("Target"), QStringLiteral("Count"), QStringLiteral("Reason")},
              this);
    layout->addWidget(m_decisions, 2);
    layout->addWidget(new QLabel(QStringLiteral("<b>History</b>"), this));
    m_history = table(QStringLiteral("killSwitchHistory"), QStringLiteral("Kill switch history"),
                      {QStringLiteral("At"), QStringLiteral("Who"), QStringLiteral("Change"), QStringLiteral("Scope"),
                       QStringLiteral("Detail")},
                      this);
    layout->addWidget(m_history, 1);
    refresh();
}

QString KillSwitchTab::stateText() const
{
    return m_state->text();
}

FormDialog* KillSwitchTab::stopShippingDialog()
{
    return KillSwitchDialogs::stopShipping(m_ctx, std::nullopt, this, [this](const QString& report) {
        showReport(report);
        Q_EMIT changed();
    });
}

FormDialog* KillSwitchTab::releaseDialog()
{
    return KillSwitchDialogs::release(m_ctx, this, [this](const QString& report) {
        showReport(report);
        Q_EMIT changed();
    });
}

FormDialog* KillSwitchTab::githubConnectionDialog()
{
    return KillSwitchDialogs::githubConnection(m_ctx, this, [this](const QString& report) {
        showReport(report);
        Q_EMIT changed();
    });
}

void KillSwitchTab::refresh()
{
    KillSwitchService& service = m_ctx.services->killSwitch();
    const auto held = service.held();
    const auto latest = service.latest();
    m_readError->setError(QStringLiteral("kill switch"), latest ? QString() : latest.error().message);
    const std::optional<KillSwitchEngagement> e = held     ? std::optional<KillSwitchEngagement>(held->engagement())
                                                  : latest ? *latest
                                                           : std::nullopt;
    const bool active = e && e->activeAt(m_ctx.clock()->now());
    if (held)
        m_state->setText(QStringLiteral("<b style='color:%1'>Engaged — kill switch not persisted — unresolved "
                                        "high-severity incident.</b> %2: %3")
                             .arg(parts::badColor(), esc(held->scope.describe()), esc(held->storeError)));
    else if (active)
        m_state->setText(
            QStringLiteral("<b style='color:%1'>Engaged</b> since %2 by %3 — %4. Reason: %5")
                .arg(parts::badColor(), at(e->engagedAt), esc(e->engagedBy), esc(e->scope.describe()), esc(e->reason)));
    else if (e)
        m_state->setText(
            QStringLiteral("Not engaged. Last engagement %1 (%2) ended %3 — %4.")
                .arg(e->id)
                .arg(esc(e->scope.describe()), e->releasedAt ? at(*e->releasedAt) : QStringLiteral("?"),
                     esc(e->releasedBy == QLatin1String("expiry")
                             ? QStringLiteral("expired")
                             : QStringLiteral("released by %1: %2").arg(e->releasedBy, e->releaseReason))));
    else
        m_state->setText(QStringLiteral("Not engaged. Nothing has been stopped yet."));
    const auto why = m_ctx.whyCannotAct();
    m_stop->setEnabled(!active && !held && !why);
    m_stop->setToolTip(why ? *why : active ? QStringLiteral("the kill switch is engaged already") : QString());
    m_release->setEnabled((active || held) && !why);
    m_release->setToolTip(why ? *why : !active ? QStringLiteral("nothing is engaged") : QString());
    m_github->setEnabled(!why);

    QList<QStringList> rows;
    if (e && e->id)
        if (const auto levers = service.levers().forEngagement(e->id))
            for (const KillSwitchLever& l : *levers)
                rows << QStringList{l.repository, l.kind, l.target, l.state, l.detail, l.manualStep};
    fill(m_levers, rows);
    rows.clear();
    for (const bool allowed : {false, true}) // denied first
        if (const auto page = service.decisions(allowed, std::nullopt, 200))
            for (const DecisionAggregate& d : *page)
                rows << QStringList{allowed ? QStringLiteral("allowed") : QStringLiteral("denied"),
                                    at(d.minute),
                                    d.actor,
                                    d.action,
                                    d.target,
                                    QString::number(d.count),
                                    d.reason};
    fill(m_decisions, rows);
    rows.clear();
    if (e && e->id)
        if (const auto changes = service.history(e->id))
            for (const KillSwitchChange& c : *changes)
                rows << QStringList{at(c.at), c.actor, c.change, c.scope, c.detail};
    fill(m_history, rows);
}

} // namespace watchpost
