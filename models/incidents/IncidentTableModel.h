#pragma once
// IncidentTableModel: the incident list as a table, fetched in pages; sorting and filtering run in SQL
// so 100k incidents open as fast as 100.

#include "models/core/Clock.h"
#include "models/core/PagedTableModel.h"
#include "models/incidents/IncidentStore.h"

#include <QAbstractTableModel>

namespace watchpost {

class IncidentTableModel : public PagedTableModel<IncidentSummary>
{
    Q_OBJECT
public:
    enum Column
    {
        PublicIdColumn,
        SeverityColumn,
        StateColumn,
        TitleColumn,
        AgeColumn,
        SlaColumn,
        ColumnCount
    };
    enum Role
    {
        IncidentIdRole = Qt::UserRole + 1,
        SeverityRole, // int(Severity)
        StateRole,    // int(IncidentState)
        SlaStateRole, // int(SlaState) of the clock shown in the SLA column
    };
    static constexpr int kPageSize = 200;

    IncidentTableModel(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    void setFilter(const IncidentFilter& filter);
    const IncidentFilter& filter() const { return m_filter; }
    // How many incidents match the filter, fetched or not.
    int matchingCount() const { return totalRows(); }
    qint64 incidentIdAt(int row) const;
    int rowOfIncident(qint64 id) const;

public Q_SLOTS:
    // Re-reads the fetched window after a write elsewhere.
    void refresh();
    // Time passed: age and SLA cells change.
    void tick();

protected:
    Result<QList<IncidentSummary>> readPage(const QList<IncidentSummary>& fetched) const override;

private:
    void reload();

    IncidentStore m_incidents;
    std::shared_ptr<const Clock> m_clock;
    IncidentFilter m_filter;
};

} // namespace watchpost
