#include "models/incidents/TimelineModel.h"

#include "models/incidents/Vocabulary.h"

namespace watchpost {

TimelineModel::TimelineModel(std::shared_ptr<Store> store, QObject* parent)
    : QAbstractTableModel(parent), m_timeline(std::move(store))
{
}

void TimelineModel::setIncident(qint64 incidentId)
{
    m_announcing = true;
    beginResetModel();
    m_incidentId = incidentId;
    m_rows = incidentId ? m_timeline.timeline(incidentId, std::nullopt, kPageSize) : QList<TimelineEntry>{};
    // Counting 100k entries costs more than a page; count only when the first page is full.
    m_total = m_rows.size() < kPageSize ? int(m_rows.size()) : m_timeline.timelineCount(incidentId);
    endResetModel();
    m_announcing = false;
}

int TimelineModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}
int TimelineModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TimelineEntry& e = m_rows.at(index.row());
    if (role == EntryIdRole)
        return e.id;
    if (role == KindRole)
        return int(e.kind);
    if (role == Qt::ToolTipRole && index.column() == TextColumn)
        return e.text;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return e.at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
    case KindColumn:
        return e.correctsId
                   ? QStringLiteral("%1 (corrects #%2)").arg(vocabulary::timelineKindLabel(e.kind)).arg(*e.correctsId)
                   : vocabulary::timelineKindLabel(e.kind);
    case ActorColumn:
        return e.actor;
    case TextColumn:
        return QString(e.text).replace(QLatin1Char('\n'), QLatin1Char(' '));
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case KindColumn:
        return tr("Kind");
    case ActorColumn:
        return tr("Actor");
    case TextColumn:
        return tr("Entry");
    }
    return {};
}

bool TimelineModel::canFetchMore(const QModelIndex& parent) const
{
    return !m_announcing && !parent.isValid() && m_incidentId && m_rows.size() < m_total;
}

void TimelineModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    const std::optional<qint64> after = m_rows.isEmpty() ? std::nullopt : std::optional<qint64>(m_rows.last().id);
    const QList<TimelineEntry> more = m_timeline.timeline(m_incidentId, after, kPageSize);
    if (more.isEmpty()) {
        m_total = int(m_rows.size());
        return;
    }
    m_announcing = true;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + more.size() - 1));
    m_rows += more;
    endInsertRows();
    m_announcing = false;
}

void TimelineModel::entriesAppended(qint64 incidentId)
{
    if (incidentId != m_incidentId || m_rows.size() < m_total) {
        if (incidentId == m_incidentId)
            m_total = m_timeline.timelineCount(m_incidentId); // fetched when the view scrolls there
        return;
    }
    const std::optional<qint64> after = m_rows.isEmpty() ? std::nullopt : std::optional<qint64>(m_rows.last().id);
    const QList<TimelineEntry> fresh = m_timeline.timeline(m_incidentId, after, kPageSize);
    if (fresh.isEmpty())
        return;
    m_announcing = true;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size() - 1));
    m_rows += fresh;
    m_total = qMax<int>(m_total, int(m_rows.size()));
    endInsertRows();
    m_announcing = false;
}

} // namespace watchpost
