#pragma once
// SessionsTab: the session tokens issued to credentials, active ones or all of one credential's.

#include "ui/security/SecurityTab.h"

class QComboBox;
class QTableWidget;

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
    QTableWidget* m_sessionTable;
};

} // namespace watchpost
