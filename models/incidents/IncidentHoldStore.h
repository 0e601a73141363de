#pragma once
// IncidentHoldStore: holds keep an incident from being resolved while a control it depends on is degraded (the
// spoof telemetry that cannot be written, say); each says why and what to do meanwhile.

#include "models/core/Result.h"
#include "models/incidents/Incident.h"
#include "models/store/Store.h"

#include <QSqlDatabase>
#include <memory>

namespace watchpost {

struct IncidentHold
{
    qint64 id = 0;
    QString reason;
    QString guidance;
    QDateTime createdAt;
};

class IncidentHoldStore
{
public:
    explicit IncidentHoldStore(std::shared_ptr<Store> store);

    Result<QList<IncidentHold>> activeHolds(qint64 incidentId) const;
    Result<qint64> addHold(qint64 incidentId, const QString& reason, const QString& guidance, qint64 atMs);
    Result<int> clearHolds(qint64 incidentId, const QString& reason, qint64 atMs);

private:
    QSqlDatabase db() const { return m_store->connection(); }

    std::shared_ptr<Store> m_store;
};

} // namespace watchpost
