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
// Human labels of the stored values (the values stay in item data; these are what a person reads).
QString sourceKindLabel(const QString& kind);
QString signalLabel(const QString& signal);
QString assetKindLabel(const QString& kind);
QString iocTypeLabel(const QString& type);

} // namespace watchpost::vocabulary
