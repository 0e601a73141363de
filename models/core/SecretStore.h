#pragma once
// SecretStore: where secrets live (the OS keychain through qtkeychain, in net/). Models and the console
// see only this interface; nothing here ever writes a secret to the SQLite file, QSettings or a log.

#include "models/core/Result.h"

#include <QByteArray>
#include <optional>

namespace watchpost {

class SecretStore
{
public:
    virtual ~SecretStore() = default;
    // nullopt: no such secret. An error: the secret service failed (and says why).
    virtual Result<std::optional<QByteArray>> read(const QString& key) = 0;
    virtual Result<Done> write(const QString& key, const QByteArray& secret) = 0;
    virtual Result<Done> remove(const QString& key) = 0;
};

} // namespace watchpost
