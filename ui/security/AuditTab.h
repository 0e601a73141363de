#pragma once
// AuditTab: the hash-chained audit log, filtered by action and target, and the check of its chain.

#include "models/audit/AuditTableModel.h"
#include "ui/security/SecurityTab.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace watchpost {

class AuditTab : public SecurityTab
{
    Q_OBJECT
public:
    AuditTab(const ConsoleContext& ctx, const SecurityServices& services, QWidget* parent);

public Q_SLOTS:
    void refresh() override;

private:
    QComboBox* m_auditAction;
    QLineEdit* m_auditTarget;
    QLabel* m_chain;
    AuditTableModel* m_auditModel;
    QTableView* m_auditTable;
};

} // namespace watchpost
