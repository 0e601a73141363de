#pragma once
// SessionsTab: the session tokens issued to credentials, active ones or all of one credential's.

#include "models/credentials/SessionTableModel.h"
#include "ui/security/SecurityTab.h"

class QComboBox;
class QTableView;

namespace watchpost {

class SessionsTab : public SecurityTab
{
    Q_OBJECT
public:
    SessionsTab(const ConsoleContext& ctx, const SecurityServices& services, QWidget* parent);

public Q_SLOTS:
    void refresh() override;

private:
    void refreshSessions();

    QComboBox* m_sessionFilter;
    SessionTableModel* m_sessionModel;
    QTableView* m_sessionTable;
};

} // namespace watchpost
