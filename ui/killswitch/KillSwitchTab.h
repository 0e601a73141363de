#pragma once
// KillSwitchTab (/settings/security, "Kill switch"): the shipping kill switch's state; GitHub's levers and their
// status with the manual steps still needed; the decision log, denied first; the engagement's history; and the
// controls — stop shipping, release, the GitHub connection.

#include "ui/security/SecurityTab.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace watchpost {

class FormDialog;

class KillSwitchTab final : public SecurityTab
{
    Q_OBJECT
public:
    KillSwitchTab(const ConsoleContext& ctx, const SecurityServices& services, QWidget* parent);
    FormDialog* stopShippingDialog();
    FormDialog* releaseDialog();
    FormDialog* githubConnectionDialog();
    QString stateText() const;

public Q_SLOTS:
    void refresh() override;

private:
    QLabel* m_state;
    QPushButton* m_stop;
    QPushButton* m_release;
    QPushButton* m_github;
    QTableWidget* m_levers;
    QTableWidget* m_decisions;
    QTableWidget* m_history;
};

} // namespace watchpost
