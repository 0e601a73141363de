#pragma once
// IncidentsPage: the incident list — opens on open incidents sorted by SLA; filter by state and severity, search
// (Escape clears it), sort, live SLA cells, an empty state with the next step, a new incident's row highlighted
// for a few seconds; columns, sort and filters remembered.

#include "models/incidents/IncidentTableModel.h"
#include "ui/shell/ConsoleContext.h"
#include "ui/widgets/ReadErrorBanner.h"

#include <QWidget>

class QAction;
class QComboBox;
class QHBoxLayout;
class QSettings;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace watchpost {

class IncidentTableStyle;

class IncidentsPage : public QWidget
{
    Q_OBJECT
public:
    IncidentsPage(const ConsoleContext& ctx, QWidget* parent = nullptr);

    IncidentTableModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }

    void saveState(QSettings& settings) const;
    void restoreState(QSettings& settings);
    // The window's "Report incident…" action, shown as this page's button.
    void setReportAction(QAction* report);
    IncidentTableStyle* style() const { return m_style; }

public Q_SLOTS:
    void refresh();
    void reportIncident();
    void highlight(qint64 incidentId);
    void clearFilters();

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
    QLabel* m_empty;
    QHBoxLayout* m_bar;
    IncidentTableStyle* m_style;
    QTimer* m_highlightEnd;
    ReadErrorBanner* m_readError;
    QTimer* m_searchDelay;
};

} // namespace watchpost
