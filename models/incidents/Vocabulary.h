#pragma once
// Vocabulary: the one mapping between domain enums and their API names and console labels.

#include "models/incidents/Incident.h"

#include <QStringList>
#include <optional>

namespace watchpost::vocabulary {

QString severityName(Severity s);
QString severityLabel(Severity s);
std::optional<Severity> severityFromName(const QString& name);
QStringList severityNames();

QString stateName(IncidentState s);
QString stateLabel(IncidentState s);
std::optional<IncidentState> stateFromName(const QString& name);
QStringList stateNames();

QString timelineKindName(TimelineKind k);
QString timelineKindLabel(TimelineKind k);
std::optional<TimelineKind> timelineKindFromName(const QString& name);

const QStringList& sourceKinds();
const QStringList& signalKinds();
const QStringList& assetKinds();
const QStringList& iocTypes();
QString sourceLabel(const IncidentSource& source);

} // namespace watchpost::vocabulary
