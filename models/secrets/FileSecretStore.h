#pragma once
// FileSecretStore: where `serve` keeps the secret material it generates on a machine with no secret service —
// a `secrets/` directory beside the store, mode 0700 with 0600 files, the way an SSH host key is kept.
// Refuses to read or write when the directory or a file is open to group or others.

#include "models/core/SecretStore.h"

#include <QString>

namespace watchpost {

class FileSecretStore final : public SecretStore
{
public:
    explicit FileSecretStore(QString directory);

    static QString besideStore(const QString& storePath);
    const QString& directory() const { return m_directory; }

    // An error naming the path when the directory or any file in it is readable or writable by group or others.
    Result<Done> checkPermissions() const;

    Result<std::optional<QByteArray>> read(const QString& key) override;
    Result<Done> write(const QString& key, const QByteArray& secret) override;
    Result<Done> remove(const QString& key) override;

private:
    Result<Done> ensureDirectory() const;
    QString fileFor(const QString& key) const;

    QString m_directory;
};

} // namespace watchpost
