#pragma once
// SecretJson: a managed secret as the API writes it — its versions and last rotation, never a value.

#include "models/secrets/ManagedSecretService.h"

#include <QJsonObject>

namespace watchpost::json {

// Reads the secret's versions and last rotation; a read the store refuses is the error.
Result<QJsonObject> secret(const ManagedSecretService& secrets, const ManagedSecret& s);
QJsonObject rotation(const RotationRecord& r);

} // namespace watchpost::json
