#include "net/secrets/SecretJson.h"

#include "net/incidents/IncidentJson.h"

#include <QJsonArray>

namespace watchpost::json {

QJsonObject rotation(const RotationRecord& r)
{
    QJsonArray steps;
    for (const RotationStep& s : r.steps)
        steps << QJsonObject{{QStringLiteral("name"), s.name},
                             {QStringLiteral("status"), s.status},
                             {QStringLiteral("detail"), s.detail},
                             {QStringLiteral("at"), time(s.at)}};
    return {{QStringLiteral("id"), r.id},
            {QStringLiteral("secret"), r.secretName},
            {QStringLiteral("actor"), r.actor},
            {QStringLiteral("started_at"), time(r.startedAt)},
            {QStringLiteral("finished_at"), time(r.finishedAt)},
            {QStringLiteral("status"), r.status},
            {QStringLiteral("from_version"), r.fromVersion ? QJsonValue(*r.fromVersion) : QJsonValue()},
            {QStringLiteral("to_version"), r.toVersion},
            {QStringLiteral("steps"), steps},
            {QStringLiteral("remediation"), QJsonArray::fromStringList(r.remediation)}};
}

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
        {QStringLiteral("last_rotation"), last->has_value() ? QJsonValue(rotation(**last)) : QJsonValue()}};
}

} // namespace watchpost::json
