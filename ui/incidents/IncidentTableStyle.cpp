#include "ui/incidents/IncidentTableStyle.h"

#include "models/incidents/IncidentTableModel.h"
#include "ui/shell/Theme.h"

#include <QFont>

namespace watchpost {

void IncidentTableStyle::highlight(qint64 incidentId)
{
    m_highlighted = incidentId;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::BackgroundRole});
}

QVariant IncidentTableStyle::data(const QModelIndex& index, int role) const
{
    if (role == Qt::BackgroundRole && m_highlighted &&
        QIdentityProxyModel::data(index, IncidentTableModel::IncidentIdRole).toLongLong() == m_highlighted) {
        QColor c = Theme::severityColor(Severity::High);
        c.setAlpha(70);
        return c;
    }
    const int column = index.column();
    if (column == IncidentTableModel::SeverityColumn || column == IncidentTableModel::SlaColumn) {
        const bool severity = column == IncidentTableModel::SeverityColumn;
        const int value = QIdentityProxyModel::data(index, severity ? IncidentTableModel::SeverityRole
                                                                    : IncidentTableModel::SlaStateRole)
                              .toInt();
        if (role == Qt::ForegroundRole)
            return severity ? Theme::severityColor(Severity(value)) : Theme::slaColor(SlaState(value));
        if (role == Qt::DisplayRole)
            return QStringLiteral("%1 %2").arg(severity ? Theme::severityGlyph(Severity(value))
                                                        : Theme::slaGlyph(SlaState(value)),
                                               QIdentityProxyModel::data(index, role).toString());
        if (role == Qt::FontRole && (severity ? value == int(Severity::Critical) : value == int(SlaState::Breached))) {
            QFont f;
            f.setBold(true);
            return f;
        }
    }
    return QIdentityProxyModel::data(index, role);
}

} // namespace watchpost
