#pragma once
// OwnerLockPanel: what the console shows until its owner signs in — setting the owner passphrase on the first
// start, unlocking at each start (optionally staying signed in through the keychain), and again after a forced
// re-authentication.

#include "models/credentials/OwnerAccount.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace watchpost {

class OwnerLockPanel : public QWidget
{
    Q_OBJECT
public:
    OwnerLockPanel(std::shared_ptr<OwnerAccount> owner, std::shared_ptr<SecretStore> keys, QWidget* parent = nullptr);

    // Shows the set-up form when there is no owner yet, else the unlock form with `why` above it.
    void prepare(const QString& why);
    // Still the plain start-up lock: no reason given (not a forced re-authentication) and nothing typed.
    bool isUntouched() const;
    // On the first start, "Connect to a server instead…" (team mode) runs `connect`; none: the button is hidden.
    void setConnectToServer(std::function<void()> connect);

public Q_SLOTS:
    void submit();

Q_SIGNALS:
    // `warning`: signed in, but something around it failed (staying signed in could not be kept); empty if not.
    void unlocked(const QString& ownerName, const QString& warning);

private:
    std::shared_ptr<OwnerAccount> m_owner;
    std::shared_ptr<SecretStore> m_keys;
    QFormLayout* m_form;
    QLabel* m_title;
    QLabel* m_why;
    QLineEdit* m_name;
    QLineEdit* m_passphrase;
    QLineEdit* m_confirmation;
    QCheckBox* m_stay;
    QLabel* m_error;
    QPushButton* m_go;
    QPushButton* m_connect;
    std::function<void()> m_connectToServer;
    QString m_reason;
};

} // namespace watchpost
