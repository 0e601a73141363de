#pragma once
// ProblemStyle: colours the cells a store table model marks as problems (StoreTableModel::ProblemRole) in the
// console's "breached" colour; the word in the cell says the same for readers who do not see the colour.

#include <QIdentityProxyModel>

namespace watchpost {

class ProblemStyle : public QIdentityProxyModel
{
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
};

} // namespace watchpost
