#include "ui/incidents/MetricsPage.h"

#include "models/incidents/MetricsService.h"
#include "models/incidents/Vocabulary.h"
#include "ui/shell/Theme.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

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
} // namespace

MetricsPage::MetricsPage(const ConsoleContext& ctx, QWidget* parent) : QWidget(parent), m_ctx(ctx)
{
    setObjectName(QStringLiteral("metricsPage"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(QStringLiteral("<h2>Response metrics</h2><p>MTTA: reported → acknowledged. MTTR: reported "
                                            "→ resolved. Runbook goals: MTTA ≤ 10 min for critical incidents, MTTR ≤ "
                                            "4 h. <i>Missed</i> counts the incidents over a goal, or still waiting "
                                            "past it; click a count to see them.</p>"),
                             this);
    intro->setWordWrap(true);
    intro->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(intro);
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
    auto* periodLabel = new QLabel(QStringLiteral("&Period:"), this);
    periodLabel->setBuddy(m_period);
    bar->addWidget(periodLabel);
    bar->addWidget(m_period);
    bar->addStretch();
    layout->addLayout(bar);
    m_table = new QTableWidget(0, 10, this);
    m_table->setObjectName(QStringLiteral("metricsTable"));
    m_table->setAccessibleName(QStringLiteral("Response metrics by severity"));
    m_table->setHorizontalHeaderLabels({QStringLiteral("Severity"), QStringLiteral("Incidents"),
                                        QStringLiteral("Acked"), QStringLiteral("MTTA"), QStringLiteral("Goal"),
                                        QStringLiteral("Missed"), QStringLiteral("Resolved"), QStringLiteral("MTTR"),
                                        QStringLiteral("Goal"), QStringLiteral("Missed")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->setMaximumHeight(m_table->verticalHeader()->defaultSectionSize() * 6 + 30);
    layout->addWidget(m_table);
    connect(m_table, &QTableWidget::cellActivated, this, [this](int row, int column) {
        if (column == 5 || column == 9)
            showMissed(row, column == 9);
    });
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int column) {
        if (column == 5 || column == 9)
            showMissed(row, column == 9);
    });

    auto* trend = new QHBoxLayout;
    auto chart = [this](const QString& name, const QString& accessible) {
        auto* view = new QChartView(new QChart, this);
        view->setObjectName(name);
        view->setAccessibleName(accessible);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(220, 180);
        return view;
    };
    m_mttaChart = chart(QStringLiteral("mttaTrendChart"), QStringLiteral("Weekly MTTA of critical incidents"));
    m_mttrChart = chart(QStringLiteral("mttrTrendChart"), QStringLiteral("Weekly MTTR"));
    m_weeks = new QTableWidget(0, 4, this);
    m_weeks->setObjectName(QStringLiteral("weeklyTable"));
    m_weeks->setAccessibleName(QStringLiteral("Weekly MTTA and MTTR"));
    m_weeks->setHorizontalHeaderLabels(
        {QStringLiteral("Week of"), QStringLiteral("Inc."), QStringLiteral("MTTA crit."), QStringLiteral("MTTR")});
    m_weeks->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_weeks->verticalHeader()->hide();
    m_weeks->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_weeks->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    trend->addWidget(m_mttaChart, 3);
    trend->addWidget(m_mttrChart, 3);
    trend->addWidget(m_weeks, 3);
    layout->addLayout(trend, 1);
    connect(m_period, &QComboBox::currentIndexChanged, this, &MetricsPage::refresh);
    connect(ThemeSignals::instance(), &ThemeSignals::changed, this, &MetricsPage::refresh);
    refresh();
}

void MetricsPage::refresh()
{
    const QDateTime to = m_ctx.clock()->now();
    const QDateTime from = to.addDays(-m_period->currentData().toInt());
    const auto computed = MetricsService(m_ctx.incidents().incidents()).compute(from, to);
    if (!m_readError->note(QStringLiteral("metrics"), computed)) {
        m_table->setRowCount(0); // no figures rather than zeros
        m_weeks->setRowCount(0);
        m_report.reset();
        return;
    }
    m_report = *computed;
    const MetricsReport& report = *computed;
    QList<MetricRow> rows{report.overall};
    rows += report.bySeverity;
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const MetricRow& m = rows.at(r);
        auto missed = [](const std::optional<qint64>& goal, const QList<MetricRow::Missed>& list) {
            return goal ? QString::number(list.size()) : QStringLiteral("—");
        };
        const QStringList cells{m.severity ? vocabulary::severityLabel(*m.severity) : QStringLiteral("All"),
                                QString::number(m.incidents),
                                QString::number(m.acknowledged),
                                duration(m.mttaMs),
                                m.mttaGoalMs ? QStringLiteral("≤ %1").arg(duration(m.mttaGoalMs)) : QStringLiteral("—"),
                                missed(m.mttaGoalMs, m.mttaMissed),
                                QString::number(m.resolved),
                                duration(m.mttrMs),
                                m.mttrGoalMs ? QStringLiteral("≤ %1").arg(duration(m.mttrGoalMs)) : QStringLiteral("—"),
                                missed(m.mttrGoalMs, m.mttrMissed)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            const bool isMissed = c == 5 || c == 9;
            const qsizetype n = c == 5 ? m.mttaMissed.size() : c == 9 ? m.mttrMissed.size() : 0;
            if (isMissed && n > 0) {
                item->setForeground(Theme::errorColor());
                item->setText(QStringLiteral("✖ %1").arg(n));
                item->setToolTip(
                    QStringLiteral("%1 incident%2 missed the goal — click to list them").arg(n).arg(n == 1 ? "" : "s"));
                QFont f = item->font();
                f.setUnderline(true);
                item->setFont(f);
            } else if (isMissed && cells.at(c) == QLatin1String("0"))
                item->setForeground(Theme::mutedColor()); // zero is good news: muted
            const std::optional<bool> met = c == 3 ? m.mttaMet : c == 7 ? m.mttrMet : std::nullopt;
            if (met)
                item->setForeground(*met ? Theme::goodColor() : Theme::errorColor());
            m_table->setItem(r, c, item);
        }
    }
    fillTrend(report);
}

QWidget* MetricsPage::showMissed(int row, bool mttr)
{
    if (!m_report)
        return nullptr;
    const MetricRow& m = row == 0 ? m_report->overall : m_report->bySeverity.value(row - 1);
    const QList<MetricRow::Missed>& missed = mttr ? m.mttrMissed : m.mttaMissed;
    if (missed.isEmpty())
        return nullptr;
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("missedDialog"));
    dialog->setWindowTitle(QStringLiteral("%1 goal missed — %2 — Watchpost")
                               .arg(mttr ? QStringLiteral("MTTR") : QStringLiteral("MTTA"),
                                    m.severity ? vocabulary::severityLabel(*m.severity) : QStringLiteral("All")));
    auto* l = new QVBoxLayout(dialog);
    l->addWidget(new QLabel(
        QStringLiteral("%1 incident%2 over the %3 goal of %4. Open one with Enter or a double "
                       "click.")
            .arg(missed.size())
            .arg(missed.size() == 1 ? "" : "s")
            .arg(mttr ? QStringLiteral("MTTR") : QStringLiteral("MTTA"), duration(mttr ? m.mttrGoalMs : m.mttaGoalMs)),
        dialog));
    auto* table = new QTableWidget(int(missed.size()), 4, dialog);
    table->setObjectName(QStringLiteral("missedTable"));
    table->setAccessibleName(QStringLiteral("Incidents that missed the goal"));
    table->setHorizontalHeaderLabels(
        {QStringLiteral("Incident"), QStringLiteral("Title"), QStringLiteral("Severity"),
         mttr ? QStringLiteral("Time to resolve") : QStringLiteral("Time to acknowledge")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (int r = 0; r < missed.size(); ++r) {
        const MetricRow::Missed& x = missed.at(r);
        const QStringList cells{x.publicId, x.title, vocabulary::severityLabel(x.severity),
                                duration(x.tookMs) + (x.stillOpen ? QStringLiteral(" so far") : QString())};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            item->setData(Qt::UserRole, QStringLiteral("/incidents/%1").arg(x.publicId));
            table->setItem(r, c, item);
        }
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    auto open = [this, dialog](QTableWidgetItem* item) {
        const QString route = item->data(Qt::UserRole).toString();
        dialog->accept();
        Q_EMIT openRoute(route);
    };
    connect(table, &QTableWidget::itemActivated, dialog, open);
    connect(table, &QTableWidget::itemDoubleClicked, dialog, open);
    l->addWidget(table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    l->addWidget(buttons);
    dialog->resize(640, 360);
    dialog->open();
    return dialog;
}

void MetricsPage::fillTrend(const MetricsReport& report)
{
    m_weeks->setRowCount(int(report.weeks.size()));
    const auto minutes = [](qint64 ms) { return double(ms) / 60000.0; };
    auto draw = [&](QChartView* view, const QString& title, bool mttr, qint64 goalMs) {
        auto* chart = new QChart;
        chart->setTitle(title);
        chart->setTheme(Theme::current() == Theme::Mode::Dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        chart->setBackgroundBrush(palette().base());
        chart->setTitleBrush(palette().text());
        chart->legend()->hide(); // the title names both lines: there is no room for a legend at 1024 px
        chart->setMargins(QMargins(2, 2, 2, 2));
        chart->setBackgroundRoundness(0);
        auto* actual = new QLineSeries;
        actual->setName(mttr ? QStringLiteral("MTTR") : QStringLiteral("MTTA (critical)"));
        actual->setPointsVisible(true);
        auto* goal = new QLineSeries;
        goal->setName(QStringLiteral("Goal ≤ %1").arg(duration(goalMs)));
        actual->setPen(QPen(Theme::linkColor(), 2));
        QPen dashed(Theme::errorColor());
        dashed.setStyle(Qt::DashLine);
        dashed.setWidth(2);
        goal->setPen(dashed);
        double top = minutes(goalMs) * 1.25;
        for (const MetricsWeek& w : report.weeks) {
            const double x = double(w.start.toMSecsSinceEpoch());
            goal->append(x, minutes(goalMs));
            if (const auto v = mttr ? w.mttrMs : w.mttaCriticalMs) {
                actual->append(x, minutes(*v));
                top = std::max(top, minutes(*v) * 1.1);
            }
        }
        chart->addSeries(actual);
        chart->addSeries(goal);
        auto* axisX = new QDateTimeAxis;
        axisX->setFormat(QStringLiteral("d MMM"));
        axisX->setTickCount(std::min<int>(3, std::max<int>(2, int(report.weeks.size()))));
        axisX->setLabelsColor(palette().text().color());
        auto* axisY = new QValueAxis;
        axisY->setRange(0, top);
        axisY->setTitleText(QStringLiteral("minutes"));
        axisY->setLabelFormat(QStringLiteral("%.0f"));
        axisY->setLabelsColor(palette().text().color());
        axisY->setTitleBrush(palette().text());
        chart->addAxis(axisX, Qt::AlignBottom);
        chart->addAxis(axisY, Qt::AlignLeft);
        for (QLineSeries* s : {actual, goal}) {
            s->attachAxis(axisX);
            s->attachAxis(axisY);
        }
        QChart* old = view->chart();
        view->setChart(chart);
        delete old;
    };
    draw(m_mttaChart, QStringLiteral("MTTA, critical — goal 10 min (dashed)"), false,
         *MetricsService::mttaGoalMs(Severity::Critical));
    draw(m_mttrChart, QStringLiteral("MTTR — goal 4 h (dashed)"), true, *MetricsService::mttrGoalMs(std::nullopt));
    for (int r = 0; r < report.weeks.size(); ++r) {
        const MetricsWeek& w = report.weeks.at(r);
        const QStringList cells{w.start.toString(QStringLiteral("d MMM")), QString::number(w.incidents),
                                duration(w.mttaCriticalMs), duration(w.mttrMs)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            if (c == 2 && w.mttaCriticalMs)
                item->setForeground(*w.mttaCriticalMs <= *MetricsService::mttaGoalMs(Severity::Critical)
                                        ? Theme::goodColor()
                                        : Theme::errorColor());
            if (c == 3 && w.mttrMs)
                item->setForeground(*w.mttrMs <= *MetricsService::mttrGoalMs(std::nullopt) ? Theme::goodColor()
                                                                                           : Theme::errorColor());
            m_weeks->setItem(r, c, item);
        }
    }
}

} // namespace watchpost
