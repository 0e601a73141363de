#pragma once
// AuditTableModel: the newest audit records (at most kShown) that match a filter — the security page's audit table.
// A record whose outcome is not "succeeded" has its outcome as a problem cell.

#include "models/audit/AuditLog.h"
#include "models/core/RowTableModel.h"

namespace watchpost {

class AuditTableModel : public RowTableModel<AuditRecord>
{
    Q_OBJECT
public:
    static constexpr int kShown = 500;
    explicit AuditTableModel(const AuditLog& audit, QObject* parent = nullptr);
    // Reads again with `filter`.
    void setFilter(const AuditFilter& filter);

protected:
    Result<QList<AuditRecord>> readRows() const override;

private:
    const AuditLog& m_audit;
    AuditFilter m_filter;
};

} // namespace watchpost
