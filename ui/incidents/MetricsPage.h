#pragma once
// MetricsPage: MTTA and MTTR over a chosen period, overall and per severity, against the runbook's goals.

#include "ui/shell/ConsoleContext.h"
#include "ui/widgets/ReadErrorBanner.h"

#include <QWidget>

class QComboBox;
class QTableWidget;

namespace watchpost {

class MetricsPage : public QWidget
{
    Q_OBJECT
public:
    MetricsPage(const ConsoleContext& ctx, QWidget* parent = nullptr);

Q_SIGNALS:
    void openRoute(const QString& route);

public Q_SLOTS:
    void refresh();

private:
    ConsoleContext m_ctx;
    QComboBox* m_period;
    QTableWidget* m_table;
    ReadErrorBanner* m_readError;
};

} // namespace watchpost
