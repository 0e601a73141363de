#include "net/remote/RemoteSecretActions.h"

#include <QJsonArray>
#include <QUrl>

namespace watchpost {
namespace {
// A rotation answers when its last step is recorded: GitHub's ping may take its whole timeout (default 30 s).
constexpr std::chrono::seconds kRotationAnswer{180};

QString secretPath(const QString& name, const char* what)
{
    return QStringLiteral("/api/v1/security/secrets/%1/%2")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(name)), QLatin1String(what));
}

QDateTime timeOf(const QJsonObject& o, const char* key)
{
    return QDateTime::fromString(o.value(QLatin1String(key)).toString(), Qt::ISODateWithMs);
}

RotationRecord rotationFrom(const QJsonObject& o)
{
    RotationRecord r;
    r.id = qint64(o.value(QStringLiteral("id")).toDouble());
    r.secretName = o.value(QStringLiteral("secret")).toString();
    r.actor = o.value(QStringLiteral("actor")).toString();
    r.startedAt = timeOf(o, "started_at");
    r.finishedAt = timeOf(o, "finished_at");
    r.status = o.value(QStringLiteral("status")).toString();
    if (o.value(QStringLiteral("from_version")).isDouble())
        r.fromVersion = o.value(QStringLiteral("from_version")).toInt();
    r.toVersion = o.value(QStringLiteral("to_version")).toInt();
    for (const QJsonValue& v : o.value(QStringLiteral("steps")).toArray()) {
        const QJsonObject s = v.toObject();
        r.steps << RotationStep{s.value(QStringLiteral("name")).toString(),
                                s.value(QStringLiteral("status")).toString(),
                                s.value(QStringLiteral("detail")).toString(), timeOf(s, "at")};
    }
    for (const QJsonValue& v : o.value(QStringLiteral("remediation")).toArray())
        r.remediation << v.toString();
    return r;
}
} // namespace

Result<Done> RemoteSecretActions::create(const QString& name, const QString& kind, const QJsonObject& config,
                                         const QByteArray& apiToken)
{
    QJsonObject body = config; // the API takes the kind's settings beside name and kind
    body.insert(QStringLiteral("name"), name);
    body.insert(QStringLiteral("kind"), kind);
    if (!apiToken.isEmpty())
        body.insert(QStringLiteral("api_token"), QString::fromUtf8(apiToken));
    auto r = m_link.call("POST", QStringLiteral("/api/v1/security/secrets"), body);
    if (!r)
        return r.error();
    return Done{};
}

void RemoteSecretActions::rotate(const QString& name, int graceSeconds, const QByteArray& value, const QString& reason,
                                 std::function<void(Result<RotationRecord>)> done)
{
    QJsonObject body{{QStringLiteral("grace_seconds"), graceSeconds}, {QStringLiteral("reason"), reason}};
    if (!value.isEmpty())
        body.insert(QStringLiteral("value"), QString::fromUtf8(value));
    m_link.callLater("POST", secretPath(name, "rotations"), body, kRotationAnswer,
                     [done](const Result<QJsonObject>& r) {
                         if (!r)
                             return done(r.error());
                         done(rotationFrom(*r));
                     });
}

void RemoteSecretActions::rollback(const QString& name, const QString& reason,
                                   std::function<void(bool ok, const QString& detail)> done)
{
    m_link.callLater("POST", secretPath(name, "rollback"), {{QStringLiteral("reason"), reason}}, kRotationAnswer,
                     [done](const Result<QJsonObject>& r) {
                         if (!r)
                             return done(false, r.error().message);
                         done(r->value(QStringLiteral("status")).toString() == QLatin1String("rolled_back"),
                              r->value(QStringLiteral("detail")).toString());
                     });
}

} // namespace watchpost
