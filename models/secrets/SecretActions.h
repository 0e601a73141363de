#pragma once
// SecretActions: what an attached console asks its server to do with managed secrets — add one, rotate it, roll an
// incomplete rotation back. The server runs the same ManagedSecretService and SecretRotation a local console runs
// in-process (where the Security page shows each step as it happens); here the answer is the finished record.
// Implemented over the REST API in net/remote.

#include "models/secrets/ManagedSecretService.h"

#include <functional>

namespace watchpost {

class SecretActions
{
public:
    virtual ~SecretActions() = default;
    // `apiToken`: for a GitHub webhook secret, the token its rotation uses (kept on the server).
    virtual Result<Done> create(const QString& name, const QString& kind, const QJsonObject& config,
                                const QByteArray& apiToken) = 0;
    // Answered when the rotation's last step is recorded (a GitHub rotation waits for the hook's ping).
    virtual void rotate(const QString& name, int graceSeconds, const QByteArray& value, const QString& reason,
                        std::function<void(Result<RotationRecord>)> done) = 0;
    virtual void rollback(const QString& name, const QString& reason,
                          std::function<void(bool ok, const QString& detail)> done) = 0;
};

} // namespace watchpost
