#pragma once
// SecretsTab: managed secrets, their versions and rotation runbooks (rotate, roll back) with each rotation's history.

#include "models/secrets/RotationTableModel.h"
#include "models/secrets/SecretTableModel.h"
#include "ui/security/SecurityTab.h"

class QTableView;

namespace watchpost {

class FormDialog;

class SecretsTab : public SecurityTab
{
    Q_OBJECT
public:
    SecretsTab(const ConsoleContext& ctx, const SecurityServices& services, QWidget* parent);

    FormDialog* addSecretDialog();
    FormDialog* rotateDialog();   // for the selected secret
    FormDialog* rollbackDialog(); // for the selected secret, after an incomplete rotation

public Q_SLOTS:
    void refresh() override;

Q_SIGNALS:
    void rotationFinished(const watchpost::RotationRecord& record);

private:
    void showRotation(const RotationRecord& record);
    // The secret selected in the table, or nullopt after saying why (none selected, gone, or unreadable).
    std::optional<ManagedSecret> selectedSecret(const QString& verb);
    // The name of the secret selected in the table (empty: none).
    QString selectedName() const;
    void showHistory();

    SecretTableModel* m_secretModel;
    RotationTableModel* m_rotationModel;
    QTableView* m_secretTable;
    QTableView* m_rotationTable;
    QObject m_rotations; // rotations under way
};

} // namespace watchpost
