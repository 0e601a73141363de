#pragma once
// CredentialsTab: the API keys — list, create (the key shown once), revoke with a reason and a session policy.

#include "models/credentials/CredentialTableModel.h"
#include "ui/security/SecurityTab.h"

class QTableView;

namespace watchpost {

class FormDialog;

class CredentialsTab : public SecurityTab
{
    Q_OBJECT
public:
    CredentialsTab(const ConsoleContext& ctx, const SecurityServices& services, QWidget* parent);

    FormDialog* createCredentialDialog();
    FormDialog* revokeDialog(); // for the selected credential; nullptr (and a report saying why) without one
    std::optional<qint64> selectedCredential() const;
    QString shownToken() const { return m_shownToken; }
    // How long a copied key stays on the clipboard (30 s; tests shorten it).
    static int s_clipboardClearMs;

public Q_SLOTS:
    void refresh() override;

private:
    void showToken(const QString& name, const QString& token);

    CredentialTableModel* m_credentialModel;
    QTableView* m_credentialTable;
    QString m_shownToken;
};

} // namespace watchpost
