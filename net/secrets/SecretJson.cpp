#include "net/secrets/SecretJson.h"

#include "net/incidents/IncidentJson.h"

#include <QJsonArray>

namespace watchpost::json {

Result<QJsonObject> secret(const ManagedSecretService& secrets, const ManagedSecret& s)
{
    const auto read = secrets.versions(s.name);
    if (!read)
        return read.error();
    const auto last = secrets.lastRotation(s.name);
    if (!last)
        return last.error();
    QJsonArray versions;
    for (const SecretVersion& v : *read)
        versions << QJsonObject{
            {QStringLiteral("version"), v.version},
            {QStringLiteral("stage"), v.stage},
            {QStringLiteral("created_at"), json::time(v.createdAt)},
            {QStringLiteral("stage_changed_at"), json::time(v.stageChangedAt)},
            {QStringLiteral("revoke_at"), v.revokeAt ? QJsonValue(json::time(*v.revokeAt)) : QJsonValue()},
            {QStringLiteral("reference"), v.reference.isEmpty() ? QJsonValue() : QJsonValue(v.reference)}};
    return QJsonObject{
        {QStringLiteral("name"), s.name},
        {QStringLiteral("kind"), s.kind},
        {QStringLiteral("config"), s.config},
        {QStringLiteral("created_at"), json::time(s.createdAt)},
        {QStringLiteral("versions"), versions},
        {QStringLiteral("last_rotation"), last->has_value() ? QJsonValue((*last)->toJson()) : QJsonValue()}};
}

} // namespace watchpost::json
