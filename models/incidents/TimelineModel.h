#pragma once
// TimelineModel: one incident's append-only timeline, fetched in pages so a 100k-entry incident opens at once.

#include "models/incidents/TimelineStore.h"

#include <QAbstractTableModel>

namespace watchpost {

class TimelineModel : public QAbstractTableModel
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
    int totalEntries() const { return m_total; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

public Q_SLOTS:
    // Entries were appended to `incidentId`: show them if the visible timeline has reached its end.
    void entriesAppended(qint64 incidentId);

private:
    TimelineStore m_timeline;
    qint64 m_incidentId = 0;
    QList<TimelineEntry> m_rows;
    int m_total = 0;
    // True while a reset or insertion is being announced: a slot that asks for more rows then would nest
    // one insertion inside another.
    bool m_announcing = false;
};

} // namespace watchpost
