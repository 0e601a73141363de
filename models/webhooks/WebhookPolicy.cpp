#include "models/webhooks/WebhookPolicy.h"

#include "models/core/FieldProblems.h"

#include "models/incidents/Vocabulary.h"

#include <QSqlError>
#include <QSqlQuery>

#include <arpa/inet.h>

namespace watchpost {

QString WebhookPolicy::sourceOf(const QString& peer, const QByteArray& forwardedFor) const
{
    if (!trustedProxy.isEmpty() && peer == trustedProxy && !forwardedFor.isEmpty()) {
        const QString last = QString::fromLatin1(forwardedFor.split(',').last().trimmed());
        if (!last.isEmpty() && last.size() <= 64)
            return last;
    }
    return peer;
}

QHash<QString, QString> WebhookPolicy::toMap() const
{
    return {{QStringLiteral("refused_per_minute"), QString::number(refusedPerMinute)},
            {QStringLiteral("block_threshold"), QString::number(blockThreshold)},
            {QStringLiteral("block_window_s"), QString::number(blockWindowSeconds)},
            {QStringLiteral("block_duration_s"), QString::number(blockSeconds)},
            {QStringLiteral("spoof_incident_severity"), vocabulary::severityName(spoofIncidentSeverity)},
            {QStringLiteral("alert_minimum_severity"), vocabulary::severityName(alertMinimumSeverity)},
            {QStringLiteral("trusted_proxy"), trustedProxy.isEmpty() ? QStringLiteral("") : trustedProxy},
            {QStringLiteral("throttle_verified"), throttleVerified ? QStringLiteral("true") : QStringLiteral("false")}};
}

Result<WebhookPolicy> WebhookPolicy::fromMap(const QHash<QString, QString>& map)
{
    WebhookPolicy p;
    FieldProblems problems;
    auto number = [&](const char* key, int min, int max, int* out) {
        const QString k = QString::fromLatin1(key);
        if (!map.contains(k))
            return;
        bool ok = false;
        const int v = map.value(k).toInt(&ok);
        if (!ok || v < min || v > max) {
            problems.add(k, QStringLiteral("%1 must be a whole number from %2 to %3").arg(k).arg(min).arg(max));
        } else
            *out = v;
    };
    number("refused_per_minute", 1, 100000, &p.refusedPerMinute);
    number("block_threshold", 1, 100000, &p.blockThreshold);
    number("block_window_s", 10, 7 * 86400, &p.blockWindowSeconds);
    number("block_duration_s", 10, 30 * 86400, &p.blockSeconds);
    auto severity = [&](const char* key, Severity* out) {
        const QString k = QString::fromLatin1(key);
        if (!map.contains(k))
            return;
        if (auto s = vocabulary::severityFromName(map.value(k)))
            *out = *s;
        else {
            problems.add(k, QStringLiteral("%1 must be critical, high, medium or low").arg(k));
        }
    };
    severity("spoof_incident_severity", &p.spoofIncidentSeverity);
    severity("alert_minimum_severity", &p.alertMinimumSeverity);
    if (map.contains(QStringLiteral("trusted_proxy"))) {
        p.trustedProxy = map.value(QStringLiteral("trusted_proxy")).trimmed();
        unsigned char address[16];
        const QByteArray text = p.trustedProxy.toLatin1();
        if (!p.trustedProxy.isEmpty() && inet_pton(AF_INET, text.constData(), address) != 1 &&
            inet_pton(AF_INET6, text.constData(), address) != 1) {
            problems.add(QStringLiteral("trusted_proxy"),
                         QStringLiteral("trusted_proxy must be an IP address or empty"));
        }
    }
    if (map.contains(QStringLiteral("throttle_verified"))) {
        const QString v = map.value(QStringLiteral("throttle_verified"));
        if (v != QLatin1String("true") && v != QLatin1String("false")) {
            problems.add(QStringLiteral("throttle_verified"),
                         QStringLiteral("throttle_verified must be true or false"));
        }
        p.throttleVerified = v == QLatin1String("true");
    }
    if (problems.any())
        return problems.error();
    return p;
}

Result<WebhookPolicy> WebhookPolicy::load(const Store& store)
{
    QSqlQuery q(store.connection());
    if (!q.exec(QStringLiteral("SELECT key, value FROM webhook_policy")))
        return Error::storage(QStringLiteral("cannot read the webhook policy: %1").arg(q.lastError().text()));
    QHash<QString, QString> map;
    while (q.next())
        map.insert(q.value(0).toString(), q.value(1).toString());
    return fromMap(map);
}

Result<Done> WebhookPolicy::save(const Store& store, const WebhookPolicy& policy)
{
    WriteTransaction tx(store.connection());
    if (!tx.begun())
        return Error::storage(QStringLiteral("store is busy: %1").arg(tx.lastError()));
    QSqlQuery q(store.connection());
    q.prepare(QStringLiteral("INSERT INTO webhook_policy (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    const auto map = policy.toMap();
    for (auto it = map.begin(); it != map.end(); ++it) {
        q.addBindValue(it.key());
        q.addBindValue(it.value());
        if (!q.exec())
            return Error::storage(QStringLiteral("cannot save the webhook policy: %1").arg(q.lastError().text()));
    }
    if (!tx.commit())
        return Error::storage(QStringLiteral("cannot save the webhook policy: %1").arg(tx.lastError()));
    return Done{};
}

} // namespace watchpost
