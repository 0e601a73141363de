#include "net/remote/RemoteWebhookActions.h"

#include <QUrl>

namespace watchpost {
namespace {
const QString kWebhooks = QStringLiteral("/api/v1/security/webhooks");

QDateTime timeOf(const QJsonObject& o, const char* key)
{
    return QDateTime::fromString(o.value(QLatin1String(key)).toString(), Qt::ISODateWithMs);
}

Result<Done> done(const Result<QJsonObject>& r)
{
    if (!r)
        return r.error();
    return Done{};
}
} // namespace

Result<WebhookBlock> RemoteWebhookActions::block(const QString& source, const QString& reason, const QString&,
                                                 int seconds)
{
    auto r = m_link.call("POST", kWebhooks + QStringLiteral("/blocks"),
                         {{QStringLiteral("source"), source},
                          {QStringLiteral("reason"), reason},
                          {QStringLiteral("duration_s"), seconds}});
    if (!r)
        return r.error();
    WebhookBlock b;
    b.source = r->value(QStringLiteral("source")).toString();
    b.reason = r->value(QStringLiteral("reason")).toString();
    b.actor = r->value(QStringLiteral("actor")).toString();
    b.createdAt = timeOf(*r, "created_at");
    b.expiresAt = timeOf(*r, "expires_at");
    b.stored = r->value(QStringLiteral("stored")).toBool(true);
    b.storeError = r->value(QStringLiteral("store_error")).toString();
    return b;
}

Result<BlockLift> RemoteWebhookActions::unblock(const QString& source, const QString&)
{
    auto r = m_link.call("DELETE",
                         kWebhooks + QStringLiteral("/blocks/") + QString::fromLatin1(QUrl::toPercentEncoding(source)));
    if (!r)
        return r.error();
    BlockLift lift;
    lift.wasBlocked = true;
    lift.storedLifted = r->value(QStringLiteral("lifted")).toInt();
    lift.stored = r->value(QStringLiteral("stored")).toBool(true);
    lift.storeError = r->value(QStringLiteral("store_error")).toString();
    return lift;
}

Result<Done> RemoteWebhookActions::setHookSecret(const QString& hook, const QByteArray& secret, int graceSeconds)
{
    return done(m_link.call(
        "PUT", kWebhooks + QStringLiteral("/hooks/%1/secret").arg(QString::fromLatin1(QUrl::toPercentEncoding(hook))),
        {{QStringLiteral("secret"), QString::fromUtf8(secret)}, {QStringLiteral("grace_seconds"), graceSeconds}}));
}

Result<Done> RemoteWebhookActions::removeHookSecret(const QString& hook)
{
    return done(m_link.call(
        "DELETE",
        kWebhooks + QStringLiteral("/hooks/%1/secret").arg(QString::fromLatin1(QUrl::toPercentEncoding(hook)))));
}

Result<Done> RemoteWebhookActions::savePolicy(const WebhookPolicy& policy)
{
    QJsonObject body;
    const auto map = policy.toMap();
    for (auto it = map.begin(); it != map.end(); ++it)
        body.insert(it.key(), it.value()); // the API takes the policy's stored text as it is
    return done(m_link.call("PATCH", kWebhooks + QStringLiteral("/policy"), body));
}

} // namespace watchpost
