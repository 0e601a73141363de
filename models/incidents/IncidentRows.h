#pragma once
// IncidentRows: how the incident stores read their rows into domain values and write optional text, the same
// way in each of them.

#include "models/core/Result.h"
#include "models/incidents/Incident.h"

#include <QVariant>

class QSqlQuery;

namespace watchpost::rows {

QDateTime fromMs(const QVariant& v);
// NOT NULL text columns: an absent value is stored as "" rather than refused as NULL.
QString nonNull(const QString& s);
QVariant nullableText(const QString& s);
// Reads the columns of kSummaryColumns, in order.
IncidentSummary summaryFrom(const QSqlQuery& q);
// Reads id, incident_id, kind, actor, at, text, corrects_id.
TimelineEntry timelineFrom(const QSqlQuery& q);
// Reads id, incident_id, action, owner, due_at, validation_criteria, status, created_at.
FollowUp followUpFrom(const QSqlQuery& q);
Error sqlFailure(const QSqlQuery& q);

inline const char* const kSummaryColumns = "id, public_id, title, severity, state, reported_at, acknowledged_at, "
                                           "contained_at, acknowledge_due_at, containment_due_at";

} // namespace watchpost::rows
