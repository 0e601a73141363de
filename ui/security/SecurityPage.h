#pragma once
// SecurityPage (/settings/security): the host of the security tabs — credentials, sessions, managed secrets and
// their rotation runbooks, token-compromise recovery, and the audit log — and of the "Last action" report they
// write to. Every destructive action asks for a reason and says what it will do before it does it.

#include "ui/shell/ConsoleContext.h"

#include <QWidget>

class QLabel;
class QTabWidget;

namespace watchpost {

class AuditTab;
class CredentialsTab;
class FormDialog;
class KillSwitchTab;
class RecoveryTab;
class SecretsTab;
class SecurityTab;
class SessionsTab;

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
    QString shownToken() const;
    // Shows the tab with this key: credentials, sessions, secrets, recovery, audit or killswitch. False for an unknown
    // key.
    bool showTab(const QString& key);
    QStringList tabKeys() const;
    KillSwitchTab* killSwitchTab() const { return m_killSwitchTab; }

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void rotationFinished(const watchpost::RotationRecord& record);
    void reauthenticationForced();

private:
    void addTab(SecurityTab* tab, const QString& label);

    ConsoleContext m_ctx;
    QTabWidget* m_tabs;
    CredentialsTab* m_credentialsTab;
    SessionsTab* m_sessionsTab;
    SecretsTab* m_secretsTab;
    RecoveryTab* m_recoveryTab;
    AuditTab* m_auditTab;
    KillSwitchTab* m_killSwitchTab;
    QList<SecurityTab*> m_all;
    QLabel* m_report;
};

} // namespace watchpost
