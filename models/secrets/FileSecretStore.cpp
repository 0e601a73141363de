#include "models/secrets/FileSecretStore.h"

#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace watchpost {
namespace {
QString modeText(mode_t mode)
{
    return QStringLiteral("%1").arg(mode & 0777, 4, 8, QLatin1Char('0'));
}

Result<Done> privateMode(const QString& path, bool directory)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return Error::storage(
            QStringLiteral("cannot check %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    if (directory != S_ISDIR(st.st_mode))
        return Error::storage(QStringLiteral("%1 is not a %2")
                                  .arg(path, directory ? QStringLiteral("directory") : QStringLiteral("regular file")));
    if (st.st_uid != ::geteuid())
        return Error::storage(QStringLiteral("%1 belongs to another user; refusing to use it").arg(path));
    if ((st.st_mode & 077) != 0)
        return Error::storage(
            QStringLiteral("%1 is open to group or others (mode %2); it must be %3 — fix with "
                           "chmod %3 %1")
                .arg(path, modeText(st.st_mode), directory ? QStringLiteral("0700") : QStringLiteral("0600")));
    return Done{};
}
} // namespace

FileSecretStore::FileSecretStore(QString directory) : m_directory(std::move(directory)) {}

QString FileSecretStore::besideStore(const QString& storePath)
{
    return QFileInfo(storePath).absoluteDir().filePath(QStringLiteral("secrets"));
}

QString FileSecretStore::fileFor(const QString& key) const
{
    // Keys are ours ("signing-key/ab12…", "secret/name/v3"); hex keeps any character out of the path.
    return QDir(m_directory).filePath(QString::fromLatin1(key.toUtf8().toHex()));
}

Result<Done> FileSecretStore::checkPermissions() const
{
    if (!QFileInfo::exists(m_directory))
        return Done{};
    if (auto ok = privateMode(m_directory, true); !ok)
        return ok;
    for (const QString& name : QDir(m_directory).entryList(QDir::Files | QDir::Hidden | QDir::System))
        if (auto ok = privateMode(QDir(m_directory).filePath(name), false); !ok)
            return ok;
    return Done{};
}

Result<Done> FileSecretStore::ensureDirectory() const
{
    if (!QFileInfo::exists(m_directory)) {
        if (::mkdir(QFile::encodeName(m_directory).constData(), 0700) != 0 && errno != EEXIST)
            return Error::storage(
                QStringLiteral("cannot create %1: %2").arg(m_directory, QString::fromLocal8Bit(std::strerror(errno))));
    }
    return privateMode(m_directory, true);
}

Result<std::optional<QByteArray>> FileSecretStore::read(const QString& key)
{
    if (auto ok = checkPermissions(); !ok)
        return ok.error();
    const QString path = fileFor(key);
    if (!QFileInfo::exists(path))
        return std::optional<QByteArray>();
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::storage(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    return std::optional<QByteArray>(f.readAll());
}

Result<Done> FileSecretStore::write(const QString& key, const QByteArray& secret)
{
    if (auto ok = ensureDirectory(); !ok)
        return ok;
    const QString path = fileFor(key);
    const QByteArray temporary = QFile::encodeName(path + QStringLiteral(".new"));
    const int fd = ::open(temporary.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return Error::storage(
            QStringLiteral("cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    qsizetype written = 0;
    while (written < secret.size()) {
        const ssize_t n = ::write(fd, secret.constData() + written, size_t(secret.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        written += n;
    }
    const bool synced = ::fchmod(fd, 0600) == 0 && ::fsync(fd) == 0;
    ::close(fd);
    if (written != secret.size() || !synced ||
        ::rename(temporary.constData(), QFile::encodeName(path).constData()) != 0) {
        ::unlink(temporary.constData());
        return Error::storage(
            QStringLiteral("cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    }
    return Done{};
}

Result<Done> FileSecretStore::remove(const QString& key)
{
    const QString path = fileFor(key);
    if (QFileInfo::exists(path) && !QFile::remove(path))
        return Error::storage(QStringLiteral("cannot remove %1").arg(path));
    return Done{};
}

} // namespace watchpost
