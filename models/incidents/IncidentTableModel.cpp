#include "models/incidents/IncidentTableModel.h"

#include "models/incidents/SlaPolicy.h"
#include "models/incidents/Vocabulary.h"

namespace watchpost {
namespace {
QString ageText(qint64 ms)
{
    const qint64 minutes = ms / 60000;
    if (minutes < 60)
        return QStringLiteral("%1m").arg(qMax<qint64>(0, minutes));
    if (minutes < 48 * 60)
        return QStringLiteral("%1h %2m").arg(minutes / 60).arg(minutes % 60);
    return QStringLiteral("%1d").arg(minutes / (24 * 60));
}

// The clock that matters now: acknowledgement until acknowledged, then containment.
SlaClock currentClock(const IncidentSummary& s, const QDateTime& now)
{
    if (!s.acknowledgedAt)
        return SlaPolicy::acknowledgement(s, now);
    return SlaPolicy::containment(s, now);
}
} // namespace

IncidentTableModel::IncidentTableModel(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                                       QObject* parent)
    : PagedTableModel(parent), m_incidents(std::move(store)), m_clock(std::move(clock))
{
    reload();
}

int IncidentTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant IncidentTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const IncidentSummary& s = rows().at(index.row());
    switch (role) {
    case IncidentIdRole:
        return s.id;
    case SeverityRole:
        return int(s.severity);
    case StateRole:
        return int(s.state);
    case SlaStateRole:
        if (s.state == IncidentState::Resolved || s.state == IncidentState::Closed)
            return int(SlaPolicy::containment(s, m_clock->now()).state);
        return int(currentClock(s, m_clock->now()).state);
    case Qt::DisplayRole:
        switch (index.column()) {
        case PublicIdColumn:
            return s.publicId;
        case SeverityColumn:
            return vocabulary::severityLabel(s.severity);
        case StateColumn:
            return vocabulary::stateLabel(s.state);
        case TitleColumn:
            return s.title;
        case AgeColumn:
            return ageText(s.reportedAt.msecsTo(m_clock->now()));
        case SlaColumn: {
            if (s.state == IncidentState::Resolved || s.state == IncidentState::Closed) {
                const SlaClock c = SlaPolicy::containment(s, m_clock->now());
                return QStringLiteral("Containment %1").arg(SlaPolicy::stateLabel(c.state).toLower());
            }
            const SlaClock c = currentClock(s, m_clock->now());
            return QStringLiteral("%1: %2").arg(s.acknowledgedAt ? QStringLiteral("Contain") : QStringLiteral("Ack"),
                                                SlaPolicy::describe(c));
        }
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == SlaColumn) {
            const SlaClock a = SlaPolicy::acknowledgement(s, m_clock->now());
            const SlaClock c = SlaPolicy::containment(s, m_clock->now());
            return QStringLiteral("Acknowledge by %1 — %2\nContain by %3 — %4")
                .arg(a.deadline.toString(Qt::ISODate), SlaPolicy::describe(a), c.deadline.toString(Qt::ISODate),
                     SlaPolicy::describe(c));
        }
        if (index.column() == AgeColumn)
            return QStringLiteral("Reported %1").arg(s.reportedAt.toString(Qt::ISODate));
        break;
    case Qt::AccessibleTextRole:
        return data(index, Qt::DisplayRole);
    }
    return {};
}

QVariant IncidentTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case PublicIdColumn:
        return tr("Incident");
    case SeverityColumn:
        return tr("Severity");
    case StateColumn:
        return tr("State");
    case TitleColumn:
        return tr("Title");
    case AgeColumn:
        return tr("Age");
    case SlaColumn:
        return tr("SLA");
    }
    return {};
}

Result<QList<IncidentSummary>> IncidentTableModel::readPage(const QList<IncidentSummary>& fetched) const
{
    return m_incidents.summaries(m_filter, int(fetched.size()), kPageSize);
}

void IncidentTableModel::sort(int column, Qt::SortOrder order)
{
    using Key = IncidentFilter::SortKey;
    static const Key keys[ColumnCount] = {Key::Newest, Key::Severity, Key::State, Key::Title, Key::Age, Key::Deadline};
    if (column < 0 || column >= ColumnCount)
        return;
    m_filter.sort = keys[column];
    // Ages read oldest-first when descending; the store sorts reported_at, so invert for that column.
    const bool descending = order == Qt::DescendingOrder;
    m_filter.descending = column == AgeColumn ? !descending : descending;
    reload();
}

void IncidentTableModel::setFilter(const IncidentFilter& filter)
{
    const auto sort = m_filter.sort;
    const bool descending = m_filter.descending;
    m_filter = filter;
    m_filter.sort = sort;
    m_filter.descending = descending;
    reload();
}

qint64 IncidentTableModel::incidentIdAt(int row) const
{
    return row >= 0 && row < rows().size() ? rows().at(row).id : 0;
}

int IncidentTableModel::rowOfIncident(qint64 id) const
{
    for (int i = 0; i < rows().size(); ++i)
        if (rows().at(i).id == id)
            return i;
    return -1;
}

void IncidentTableModel::reload()
{
    const auto total = m_incidents.count(m_filter);
    const auto first = total ? readPage({}) : Result<QList<IncidentSummary>>(total.error());
    if (!first) {
        resetRows({}, 0); // the rows of the previous filter would be wrong for this one
        readFailed(first.error());
        return;
    }
    readSucceeded();
    resetRows(*first, *total);
}

void IncidentTableModel::refresh()
{
    const int window = qMax<int>(kPageSize, int(rows().size()));
    const auto read = m_incidents.summaries(m_filter, 0, window);
    const auto counted = read ? m_incidents.count(m_filter) : Result<int>(read.error());
    if (!counted) {
        readFailed(counted.error()); // the rows shown stay, and the page says they could not be refreshed
        return;
    }
    readSucceeded();
    const QList<IncidentSummary>& fresh = *read;
    const int total = *counted;
    bool sameIds = fresh.size() == rows().size();
    for (int i = 0; sameIds && i < fresh.size(); ++i)
        sameIds = fresh.at(i).id == rows().at(i).id;
    if (sameIds) {
        setTotal(total);
        replaceRows(fresh);
        if (!fresh.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(fresh.size()) - 1, ColumnCount - 1));
        return;
    }
    if (fresh.size() != rows().size()) {
        resetRows(fresh, total);
        return;
    }
    setTotal(total);
    // Same number of rows in a new order: keep persistent indexes (selection) on the same incidents.
    Q_EMIT layoutAboutToBeChanged();
    const QModelIndexList persistent = persistentIndexList();
    QList<qint64> persistentIds;
    for (const QModelIndex& i : persistent)
        persistentIds << rows().value(i.row()).id;
    replaceRows(fresh);
    QModelIndexList moved;
    for (int k = 0; k < persistent.size(); ++k) {
        const int row = rowOfIncident(persistentIds.at(k));
        moved << (row >= 0 ? index(row, persistent.at(k).column()) : QModelIndex());
    }
    changePersistentIndexList(persistent, moved);
    Q_EMIT layoutChanged();
}

void IncidentTableModel::tick()
{
    if (!rows().isEmpty())
        Q_EMIT dataChanged(index(0, AgeColumn), index(int(rows().size()) - 1, SlaColumn));
}

} // namespace watchpost
