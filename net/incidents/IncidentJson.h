#pragma once
// IncidentJson: the API's JSON shape of incidents, timeline entries, follow-ups and metrics (snake_case, UTC ISO 8601),
// and of the requests that act on them.

#include "models/incidents/Incident.h"
#include "models/incidents/IncidentService.h"
#include "models/incidents/MetricsService.h"

#include <QJsonObject>

namespace watchpost::json {

QString time(const QDateTime& t);
QJsonObject summary(const IncidentSummary& s, const QDateTime& now);
QJsonObject incident(const Incident& i, const QDateTime& now);
QJsonObject timelineEntry(const TimelineEntry& e);
QJsonObject followUp(const FollowUp& f);
QJsonObject metrics(const MetricsReport& r);

// Request bodies, as the API reads them: what an attached console sends for each incident action.
QJsonObject reportBody(const IncidentReport& r);
QJsonObject followUpBody(const FollowUp& f);
QJsonObject followUpChangeBody(const FollowUpChange& c);
QJsonObject resolutionBody(const Resolution& r);
QJsonObject closureBody(const Closure& c);

} // namespace watchpost::json
