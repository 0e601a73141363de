#include "tests/support/net/KeyringSession.h"

#include <QProcess>
#include <QString>

#include <csignal>
#include <sys/types.h>

qint64 secretServicePid()
{
    QProcess owner;
    owner.start(QStringLiteral("dbus-send"),
                {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                 QStringLiteral("--dest=org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
                 QStringLiteral("org.freedesktop.DBus.GetConnectionUnixProcessID"),
                 QStringLiteral("string:org.freedesktop.secrets")});
    if (!owner.waitForFinished(5000))
        return 0;
    return QString::fromLatin1(owner.readAllStandardOutput())
        .section(QStringLiteral("uint32 "), 1)
        .trimmed()
        .toLongLong();
}

StoppedKeyring::StoppedKeyring() : m_pid(secretServicePid())
{
    m_stopped = m_pid > 0 && ::kill(pid_t(m_pid), SIGSTOP) == 0;
}

StoppedKeyring::~StoppedKeyring()
{
    resume();
}

void StoppedKeyring::resume()
{
    if (m_stopped)
        ::kill(pid_t(m_pid), SIGCONT);
    m_stopped = false;
}
