#include "net/secrets/SecretJson.h"

#include "net/incidents/IncidentJson.h"

#include <QJsonArray>

namespace watchpost::json {

QJsonObject secret(const ManagedSecretService& secrets, const ManagedSecret& s)
{
    QJsonArray versions;
    for (const SecretVersion& v : secrets.versions(s.name))
        versions << QJsonObject{
            {QStringLiteral("version"), v.version},
            {QStringLiteral("stage"), v.stage},
            {QStringLiteral("created_at"), json::time(v.createdAt)},
            {QStringLiteral("stage_changed_at"), json::time(v.stageChangedAt)},
            {QStringLiteral("revoke_at"), v.revokeAt ? QJsonValue(json::time(*v.revokeAt)) : QJsonValue()},
            {QStringLiteral("reference"), v.reference.isEmpty() ? QJsonValue() : QJsonValue(v.reference)}};
    const auto last = secrets.lastRotation(s.name);
    return {{QStringLiteral("name"), s.name},
            {QStringLiteral("kind"), s.kind},
            {QStringLiteral("config"), s.config},
            {QStringLiteral("created_at"), json::time(s.createdAt)},
            {QStringLiteral("versions"), versions},
            {QStringLiteral("last_rotation"), last ? QJsonValue(last->toJson()) : QJsonValue()}};
}

} // namespace watchpost::json
