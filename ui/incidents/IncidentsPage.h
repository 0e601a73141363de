#pragma once
// IncidentsPage: the incident list — filter by state and severity, search, sort, live SLA cells, manual intake.

#include "models/incidents/IncidentTableModel.h"
#include "ui/shell/ConsoleContext.h"
#include "ui/widgets/ReadErrorBanner.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace watchpost {

class IncidentsPage : public QWidget
{
    Q_OBJECT
public:
    IncidentsPage(const ConsoleContext& ctx, QWidget* parent = nullptr);

    IncidentTableModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }

public Q_SLOTS:
    void refresh();
    void reportIncident();

Q_SIGNALS:
    void openRoute(const QString& route);

private:
    void applyFilter();
    void updateCount();

    ConsoleContext m_ctx;
    IncidentTableModel* m_model;
    QTableView* m_view;
    QLineEdit* m_search;
    QComboBox* m_state;
    QComboBox* m_severity;
    QLabel* m_count;
    ReadErrorBanner* m_readError;
    QTimer* m_searchDelay;
};

} // namespace watchpost
