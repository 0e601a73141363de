#pragma once
// TimelineModel: one incident's append-only timeline, fetched in pages so a 100k-entry incident opens at once.

#include "models/core/PagedTableModel.h"
#include "models/incidents/TimelineStore.h"

#include <QAbstractTableModel>

namespace watchpost {

class TimelineModel : public PagedTableModel<TimelineEntry>
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        KindColumn,
        ActorColumn,
        TextColumn,
        ColumnCount
    };
    enum Role
    {
        EntryIdRole = Qt::UserRole + 1,
        KindRole, // int(TimelineKind)
    };
    static constexpr int kPageSize = 500;

    explicit TimelineModel(std::shared_ptr<Store> store, QObject* parent = nullptr);

    void setIncident(qint64 incidentId);
    qint64 incidentId() const { return m_incidentId; }
    int totalEntries() const { return totalRows(); }

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public Q_SLOTS:
    // Entries were appended to `incidentId`: show them if the visible timeline has reached its end.
    void entriesAppended(qint64 incidentId);

protected:
    Result<QList<TimelineEntry>> readPage(const QList<TimelineEntry>& fetched) const override;
    bool hasSource() const override { return m_incidentId != 0; }

private:
    TimelineStore m_timeline;
    qint64 m_incidentId = 0;
};

} // namespace watchpost
