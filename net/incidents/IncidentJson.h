#pragma once
// IncidentJson: the API's JSON shape of incidents, timeline entries, follow-ups and metrics (snake_case, UTC ISO 8601).

#include "models/incidents/Incident.h"
#include "models/incidents/MetricsService.h"

#include <QJsonObject>

namespace watchpost::json {

QString time(const QDateTime& t);
QJsonObject summary(const IncidentSummary& s, const QDateTime& now);
QJsonObject incident(const Incident& i, const QDateTime& now);
QJsonObject timelineEntry(const TimelineEntry& e);
QJsonObject followUp(const FollowUp& f);
QJsonObject metrics(const MetricsReport& r);

} // namespace watchpost::json
