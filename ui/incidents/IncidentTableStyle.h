#pragma once
// IncidentTableStyle: adds the console's colours and shapes to IncidentTableModel's severity and SLA cells.

#include <QIdentityProxyModel>

namespace watchpost {

class IncidentTableStyle : public QIdentityProxyModel
{
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
};

} // namespace watchpost
