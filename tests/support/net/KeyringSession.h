#pragma once
// KeyringSession: the test's gnome-keyring on its private session bus (tests/support/with-keyring.sh), and a
// way to make it stop answering for real — the daemon is stopped with SIGSTOP, as a keyring waiting for a prompt
// nobody answers would be, and continued when the guard goes.

#include <QtGlobal>

// The process that owns org.freedesktop.secrets on this session bus, or 0.
qint64 secretServicePid();

class StoppedKeyring
{
public:
    StoppedKeyring(); // ok() false when there is no daemon to stop
    ~StoppedKeyring();
    StoppedKeyring(const StoppedKeyring&) = delete;
    StoppedKeyring& operator=(const StoppedKeyring&) = delete;

    bool ok() const { return m_stopped; }
    void resume(); // the daemon answers again (and its late replies arrive)

private:
    qint64 m_pid = 0;
    bool m_stopped = false;
};
