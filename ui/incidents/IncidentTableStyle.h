#pragma once
// IncidentTableStyle: adds the console's colours and shapes to IncidentTableModel's severity and SLA cells, and
// highlights a newly arrived incident's row for a few seconds.

#include <QIdentityProxyModel>

namespace watchpost {

class IncidentTableStyle : public QIdentityProxyModel
{
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    // Rows of `incidentId` get the highlight background until `highlight(0)`.
    void highlight(qint64 incidentId);
    qint64 highlighted() const { return m_highlighted; }

private:
    qint64 m_highlighted = 0;
};

} // namespace watchpost
