#pragma once
// KeyringWaitDialog: "Waiting for your keyring…" with Cancel, shown while a keychain call on the GUI thread waits
// (a locked keyring asking for its password, a secret service that does not answer) — or "Waiting for the
// server…" while an attached console's action waits for the server's answer. Modal, so nothing else starts
// meanwhile; it counts down to the moment Watchpost stops waiting by itself. Cancel (or Escape, or closing it)
// stops the waiting at once: the call fails and says so. The composition root hands `open` to the keychain.

#include <QDialog>
#include <QElapsedTimer>

#include <chrono>
#include <functional>
#include <memory>

class QLabel;
class QTimer;

namespace watchpost {

class KeyringWaitDialog : public QDialog
{
    Q_OBJECT
public:
    // What is waited for: the keyring (the default), or an attached console's server.
    enum class For
    {
        Keyring,
        Server
    };
    KeyringWaitDialog(std::chrono::milliseconds remaining, std::function<void()> cancel, QWidget* parent = nullptr,
                      For what = For::Keyring);

    // Shows one over the active window; destroying the returned object takes it down (cancel is not called then).
    static std::unique_ptr<QObject> open(std::chrono::milliseconds remaining, std::function<void()> cancel);
    // The same for an action waiting on the server's answer.
    static std::unique_ptr<QObject> openForServer(std::chrono::milliseconds remaining, std::function<void()> cancel);

    void reject() override;

private:
    static std::unique_ptr<QObject> showOverActiveWindow(KeyringWaitDialog* dialog);
    void showRemaining();

    For m_for = For::Keyring;
    std::function<void()> m_cancel;
    qint64 m_remainingMs = 0;
    QElapsedTimer m_shown; // monotonic: a countdown of real time, not the domain clock
    QLabel* m_detail = nullptr;
    QTimer* m_tick = nullptr;
};

} // namespace watchpost
