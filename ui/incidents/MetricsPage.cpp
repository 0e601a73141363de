#include "ui/incidents/MetricsPage.h"

#include "models/incidents/MetricsService.h"
#include "models/incidents/Vocabulary.h"
#include "ui/shell/Theme.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace watchpost {
namespace {
QString duration(const std::optional<qint64>& ms)
{
    if (!ms)
        return QStringLiteral("—");
    const qint64 minutes = *ms / 60000;
    if (minutes < 60)
        return QStringLiteral("%1m %2s").arg(minutes).arg((*ms / 1000) % 60);
    return QStringLiteral("%1h %2m").arg(minutes / 60).arg(minutes % 60);
}
QString verdict(const std::optional<bool>& met)
{
    if (!met)
        return QStringLiteral("—");
    return *met ? QStringLiteral("✓ met") : QStringLiteral("✖ missed");
}
} // namespace

MetricsPage::MetricsPage(const ConsoleContext& ctx, QWidget* parent) : QWidget(parent), m_ctx(ctx)
{
    setObjectName(QStringLiteral("metricsPage"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(
        new QLabel(QStringLiteral("<h2>Response metrics</h2><p>MTTA: reported → acknowledged. MTTR: reported → "
                                  "resolved. Runbook goals: MTTA ≤ 10 min for critical incidents, MTTR ≤ 4 h.</p>"),
                   this));
    m_readError = new ReadErrorBanner(this);
    layout->addWidget(m_readError);
    auto* bar = new QHBoxLayout;
    m_period = new QComboBox(this);
    m_period->setObjectName(QStringLiteral("metricsPeriod"));
    m_period->setAccessibleName(QStringLiteral("Period"));
    m_period->addItem(QStringLiteral("Last 7 days"), 7);
    m_period->addItem(QStringLiteral("Last 30 days"), 30);
    m_period->addItem(QStringLiteral("Last 90 days"), 90);
    m_period->addItem(QStringLiteral("Last 365 days"), 365);
    m_period->setCurrentIndex(1);
    bar->addWidget(new QLabel(QStringLiteral("Period:"), this));
    bar->addWidget(m_period);
    bar->addStretch();
    layout->addLayout(bar);
    m_table = new QTableWidget(0, 9, this);
    m_table->setObjectName(QStringLiteral("metricsTable"));
    m_table->setHorizontalHeaderLabels({QStringLiteral("Severity"), QStringLiteral("Incidents"),
                                        QStringLiteral("Acknowledged"), QStringLiteral("MTTA"),
                                        QStringLiteral("MTTA goal"), QStringLiteral("Resolved"), QStringLiteral("MTTR"),
                                        QStringLiteral("MTTR goal"), QStringLiteral("Goals")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    layout->addWidget(m_table, 1);
    connect(m_period, &QComboBox::currentIndexChanged, this, &MetricsPage::refresh);
    refresh();
}

void MetricsPage::refresh()
{
    const QDateTime to = m_ctx.clock()->now();
    const QDateTime from = to.addDays(-m_period->currentData().toInt());
    const auto computed = MetricsService(m_ctx.incidents().incidents()).compute(from, to);
    if (!m_readError->note(QStringLiteral("metrics"), computed)) {
        m_table->setRowCount(0); // no figures rather than zeros
        return;
    }
    const MetricsReport& report = *computed;
    QList<MetricRow> rows{report.overall};
    rows += report.bySeverity;
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const MetricRow& m = rows.at(r);
        QStringList verdicts;
        if (m.mttaGoalMs)
            verdicts << QStringLiteral("MTTA %1").arg(m.mttaMet ? verdict(m.mttaMet) : QStringLiteral("not measured"));
        if (m.mttrGoalMs)
            verdicts << QStringLiteral("MTTR %1").arg(m.mttrMet ? verdict(m.mttrMet) : QStringLiteral("not measured"));
        const QString goals = verdicts.isEmpty() ? QStringLiteral("no goal set") : verdicts.join(QStringLiteral(", "));
        const QStringList cells{m.severity ? vocabulary::severityLabel(*m.severity) : QStringLiteral("All"),
                                QString::number(m.incidents),
                                QString::number(m.acknowledged),
                                duration(m.mttaMs),
                                m.mttaGoalMs ? QStringLiteral("≤ %1").arg(duration(m.mttaGoalMs)) : QStringLiteral("—"),
                                QString::number(m.resolved),
                                duration(m.mttrMs),
                                m.mttrGoalMs ? QStringLiteral("≤ %1").arg(duration(m.mttrGoalMs)) : QStringLiteral("—"),
                                goals};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            if (c == 8 && (m.mttaMet == false || m.mttrMet == false))
                item->setForeground(Theme::slaColor(SlaState::Breached));
            else if (c == 8 && (m.mttaMet || m.mttrMet))
                item->setForeground(Theme::slaColor(SlaState::Met));
            m_table->setItem(r, c, item);
        }
    }
}

} // namespace watchpost
