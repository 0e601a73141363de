#pragma once
// WebhookPolicy: the controls on refused webhook deliveries — rate limit, block threshold and duration —
// the severity of the spoofing incident, which alerts become incidents, and the trusted proxy.

#include "models/core/Result.h"
#include "models/incidents/Incident.h"
#include "models/store/Store.h"

#include <QHash>

namespace watchpost {

struct WebhookPolicy
{
    int refusedPerMinute = 20;    // refused deliveries per source per minute before 429
    int blockThreshold = 5;       // refused deliveries per source within blockWindow …
    int blockWindowSeconds = 600; // … that block it
    int blockSeconds = 3600;      // for this long
    Severity spoofIncidentSeverity = Severity::High;
    Severity alertMinimumSeverity = Severity::High; // code scanning / dependabot / advisories: this and worse
    QString trustedProxy;                           // X-Forwarded-For counts only from this peer address
    bool throttleVerified = false;                  // verified deliveries are not throttled by default

    // The address a request counts under: the peer, or — from the trusted proxy — the last X-Forwarded-For hop
    // (the address the proxy itself saw). The transport guard and the webhook intake both ask this.
    QString sourceOf(const QString& peer, const QByteArray& forwardedFor) const;

    QHash<QString, QString> toMap() const;
    // Refuses out-of-range values, naming each.
    static Result<WebhookPolicy> fromMap(const QHash<QString, QString>& map);

    static Result<WebhookPolicy> load(const Store& store);
    static Result<Done> save(const Store& store, const WebhookPolicy& policy);
};

} // namespace watchpost
