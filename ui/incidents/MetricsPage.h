#pragma once
// MetricsPage: MTTA and MTTR over a chosen period, overall and per severity, against the runbook's goals — with how
// many incidents missed each goal (a click lists them, each opens its incident) — and the weekly trend against the
// goal as charts, their numbers in a table beside them.

#include "models/incidents/MetricsService.h"
#include "ui/shell/ConsoleContext.h"
#include "ui/widgets/ReadErrorBanner.h"

#include <QWidget>

class QComboBox;
class QTableWidget;

class QChartView;

namespace watchpost {

class MetricsPage : public QWidget
{
    Q_OBJECT
public:
    MetricsPage(const ConsoleContext& ctx, QWidget* parent = nullptr);

    // The incidents that missed a goal in `row` (0: all, then critical … low); `mttr` picks the goal. Opens a list
    // whose rows open the incidents; returns it (the test API).
    QWidget* showMissed(int row, bool mttr);

Q_SIGNALS:
    void openRoute(const QString& route);

public Q_SLOTS:
    void refresh();

private:
    void fillTrend(const MetricsReport& report);

    ConsoleContext m_ctx;
    QComboBox* m_period;
    QTableWidget* m_table;
    QTableWidget* m_weeks;
    QChartView* m_mttaChart;
    QChartView* m_mttrChart;
    ReadErrorBanner* m_readError;
    std::optional<MetricsReport> m_report;
};

} // namespace watchpost
