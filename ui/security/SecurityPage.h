#pragma once
// SecurityPage (/settings/security): credentials (create, revoke), sessions, managed secrets and their rotation
// runbooks, the token-compromise recovery flow, and the audit log with its chain check. Every destructive action
// asks for a reason and says what it will do before it does it.

#include "models/credentials/CredentialService.h"
#include "models/credentials/RecoveryService.h"
#include "models/secrets/ManagedSecretService.h"
#include "ui/shell/ConsoleContext.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTabWidget;
class QTableWidget;

namespace watchpost {

class FormDialog;

class SecurityPage : public QWidget
{
    Q_OBJECT
public:
    SecurityPage(const ConsoleContext& ctx, QWidget* parent = nullptr);
    ~SecurityPage() override;

    // The dialogs this page opens (the test API, and keyboard users').
    FormDialog* createCredentialDialog();
    FormDialog* revokeDialog(); // for the selected credential
    FormDialog* recoveryDialog(const QString& incident = {});
    FormDialog* addSecretDialog();
    FormDialog* rotateDialog();   // for the selected secret
    FormDialog* rollbackDialog(); // for the selected secret, after an incomplete rotation
    // What the last action reported (revocation, recovery, rotation), as shown.
    QString report() const;
    QString shownToken() const { return m_shownToken; }
    void showTab(const QString& name);

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void rotationFinished(const watchpost::RotationRecord& record);
    void reauthenticationForced();

private:
    void refreshCredentials();
    void refreshSessions();
    void refreshSecrets();
    void refreshAudit();
    void showReport(const QString& html);
    void showToken(const QString& name, const QString& token);
    std::optional<qint64> selectedCredential() const;

    ConsoleContext m_ctx;
    std::unique_ptr<CredentialService> m_credentials;
    std::unique_ptr<RecoveryService> m_recovery;
    std::unique_ptr<ManagedSecretService> m_secrets;
    QTabWidget* m_tabs;
    QTableWidget* m_credentialTable;
    QTableWidget* m_sessionTable;
    QComboBox* m_sessionFilter;
    QTableWidget* m_secretTable;
    QTableWidget* m_rotationTable;
    QTableWidget* m_auditTable;
    QComboBox* m_auditAction;
    QLineEdit* m_auditTarget;
    QLabel* m_chain;
    QLabel* m_report;
    QLabel* m_recoveryState;
    QString m_shownToken;
    QObject m_rotations; // rotations under way
};

} // namespace watchpost
