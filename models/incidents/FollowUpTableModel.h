#pragma once
// FollowUpTableModel: one incident's follow-up actions with owner, due date, validation criteria and status — the
// incident page's follow-ups table. An open follow-up without an owner or a due date is a problem cell.

#include "models/core/RowTableModel.h"
#include "models/incidents/FollowUpStore.h"

namespace watchpost {

class FollowUpTableModel : public RowTableModel<FollowUp>
{
    Q_OBJECT
public:
    explicit FollowUpTableModel(std::shared_ptr<Store> store, QObject* parent = nullptr);
    // The incident whose follow-ups are shown (0: none). Reads again.
    void setIncident(qint64 incidentId);

protected:
    Result<QList<FollowUp>> readRows() const override;

private:
    FollowUpStore m_followUps;
    qint64 m_incidentId = 0;
};

} // namespace watchpost
