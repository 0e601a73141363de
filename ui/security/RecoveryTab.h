#pragma once
// RecoveryTab: token-compromise recovery (ST-SIR-006) — the flow and the state of the latest run.

#include "ui/security/SecurityTab.h"

#include <functional>

class QLabel;

namespace watchpost {

class FormDialog;

class RecoveryTab : public SecurityTab
{
    Q_OBJECT
public:
    // `selectedCredential` is what the recovery dialog preselects (the credential chosen on the Credentials tab).
    RecoveryTab(const ConsoleContext& ctx, const SecurityServices& services,
                std::function<std::optional<qint64>()> selectedCredential, QWidget* parent);

    FormDialog* recoveryDialog(const QString& incident = {});

public Q_SLOTS:
    void refresh() override;

Q_SIGNALS:
    void reauthenticationForced();

private:
    std::function<std::optional<qint64>()> m_selectedCredential;
    QLabel* m_recoveryState;
};

} // namespace watchpost
