#include "models/incidents/TimelineModel.h"

#include "models/incidents/Vocabulary.h"

namespace watchpost {

TimelineModel::TimelineModel(std::shared_ptr<Store> store, QObject* parent)
    : PagedTableModel(parent), m_timeline(std::move(store))
{
}

void TimelineModel::setIncident(qint64 incidentId)
{
    m_incidentId = incidentId;
    auto first = incidentId ? readPage({}) : Result<QList<TimelineEntry>>(QList<TimelineEntry>{});
    // Counting 100k entries costs more than a page; count only when the first page is full.
    const auto total = !first                      ? Result<int>(first.error())
                       : first->size() < kPageSize ? Result<int>(int(first->size()))
                                                   : m_timeline.timelineCount(incidentId);
    if (!total) {
        resetRows({}, 0);
        readFailed(total.error());
        return;
    }
    readSucceeded();
    resetRows(std::move(*first), *total);
}

Result<QList<TimelineEntry>> TimelineModel::readPage(const QList<TimelineEntry>& fetched) const
{
    const std::optional<qint64> after = fetched.isEmpty() ? std::nullopt : std::optional<qint64>(fetched.last().id);
    return m_timeline.timeline(m_incidentId, after, kPageSize);
}
int TimelineModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TimelineEntry& e = rows().at(index.row());
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

void TimelineModel::entriesAppended(qint64 incidentId)
{
    if (incidentId != m_incidentId)
        return;
    if (fetchedRows() < totalRows()) {
        const auto total = m_timeline.timelineCount(m_incidentId);
        if (!total)
            return readFailed(total.error());
        readSucceeded();
        setTotal(*total); // fetched when the view scrolls there
        return;
    }
    const auto more = readPage(rows());
    if (!more)
        return readFailed(more.error());
    readSucceeded();
    append(*more);
}

} // namespace watchpost
