#include "ui/widgets/ProblemStyle.h"

#include "models/core/StoreTableModel.h"
#include "ui/shell/Theme.h"

namespace watchpost {

QVariant ProblemStyle::data(const QModelIndex& index, int role) const
{
    if (role == Qt::ForegroundRole && QIdentityProxyModel::data(index, StoreTableModel::ProblemRole).toBool())
        return Theme::slaColor(SlaState::Breached);
    return QIdentityProxyModel::data(index, role);
}

} // namespace watchpost
