#pragma once
// ConnectDialog: "Connect to a server" — the server's URL and the person's API key, tried before anything is kept.
// A certificate this system does not trust is shown by its SHA-256 fingerprint for the person to compare with the
// one the server's operator gives (watchpost serve prints it at start) and accept once; it is pinned from then on.
// A refusal shows beside the field it is about. The key leaves this dialog only for the keychain.

#include "models/remote/RemoteLink.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace watchpost {

class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    ConnectDialog(ProbeServer probe, const QString& url = {}, QWidget* parent = nullptr);

    QString url() const;
    QString key() const;
    QString pin() const { return m_pin; }   // the accepted fingerprint; empty: the system's trust store
    QString name() const { return m_name; } // who the server says the key is
    QString role() const { return m_role; }

private:
    void tryConnect();
    void onProbe(const ServerProbe& p);
    void showProblem(const QString& field, const QString& message);

    ProbeServer m_probe;
    QLineEdit* m_url = nullptr;
    QLineEdit* m_key = nullptr;
    QLabel* m_urlError = nullptr;
    QLabel* m_keyError = nullptr;
    QLabel* m_certificate = nullptr;
    QPushButton* m_connect = nullptr;
    QPushButton* m_trust = nullptr;
    QString m_offered; // the fingerprint shown, waiting for the person's decision
    QString m_pin;
    QString m_name;
    QString m_role;
    quint64 m_attempt = 0;
};

} // namespace watchpost
