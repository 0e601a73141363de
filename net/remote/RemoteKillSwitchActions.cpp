#include "net/remote/RemoteKillSwitchActions.h"

#include <QJsonArray>

namespace watchpost {
namespace {
const QString kBase = QStringLiteral("/api/v1/security/kill-switch");

Result<KillSwitchEngagement> engagementOf(const Result<QJsonObject>& r)
{
    if (!r)
        return r.error();
    auto time = [&r](const char* key) {
        return QDateTime::fromString(r->value(QLatin1String(key)).toString(), Qt::ISODateWithMs);
    };
    KillSwitchEngagement e;
    e.id = r->value(QStringLiteral("id")).toInteger();
    e.incidentId = r->value(QStringLiteral("incident_id")).toInteger();
    e.reason = r->value(QStringLiteral("reason")).toString();
    if (const auto scope = KillSwitchScope::fromJson(r->value(QStringLiteral("scope")).toObject()))
        e.scope = *scope;
    e.engagedBy = r->value(QStringLiteral("engaged_by")).toString();
    e.engagedAt = time("engaged_at");
    if (!r->value(QStringLiteral("expires_at")).isNull())
        e.expiresAt = time("expires_at");
    if (!r->value(QStringLiteral("released_at")).isNull()) {
        e.releasedAt = time("released_at");
        e.releasedBy = r->value(QStringLiteral("released_by")).toString();
        e.releaseReason = r->value(QStringLiteral("release_reason")).toString();
    }
    return e;
}
} // namespace

Result<KillSwitchEngagement> RemoteKillSwitchActions::engage(const QString& reason, std::optional<qint64> incidentId,
                                                             const KillSwitchScope& scope,
                                                             std::optional<QDateTime> expiresAt, const QString&)
{
    QJsonObject body{{QStringLiteral("reason"), reason}, {QStringLiteral("scope"), scope.toJson()}};
    if (incidentId)
        body.insert(QStringLiteral("incident_id"), QString::number(*incidentId));
    if (expiresAt)
        body.insert(QStringLiteral("expires_at"), expiresAt->toUTC().toString(Qt::ISODate));
    return engagementOf(m_link.call("POST", kBase + QStringLiteral("/engage"), body));
}

Result<KillSwitchEngagement> RemoteKillSwitchActions::changeScope(const KillSwitchScope& scope, const QString&)
{
    return engagementOf(m_link.call("PATCH", kBase, {{QStringLiteral("scope"), scope.toJson()}}));
}

Result<KillSwitchEngagement> RemoteKillSwitchActions::release(const QString& reason, const QString&)
{
    return engagementOf(m_link.call("POST", kBase + QStringLiteral("/release"), {{QStringLiteral("reason"), reason}}));
}

Result<Done> RemoteKillSwitchActions::setGitHubConnection(const QString& apiBaseUrl, const QByteArray& token,
                                                          const QList<qint64>& bypassTeamIds, const QString&)
{
    QJsonArray teams;
    for (qint64 id : bypassTeamIds)
        teams << id;
    QJsonObject body{{QStringLiteral("api_base_url"), apiBaseUrl}, {QStringLiteral("bypass_team_ids"), teams}};
    if (!token.isEmpty())
        body.insert(QStringLiteral("token"), QString::fromUtf8(token));
    auto r = m_link.call("PUT", QStringLiteral("/api/v1/security/github-connection"), body);
    if (!r)
        return r.error();
    return Done{};
}

} // namespace watchpost
