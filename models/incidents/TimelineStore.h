#pragma once
// TimelineStore: the SQL of incident timelines — append-only entries read in pages, counted, and one by one.

#include "models/core/Result.h"
#include "models/incidents/Incident.h"
#include "models/store/Store.h"

#include <QSqlDatabase>
#include <memory>

namespace watchpost {

class TimelineStore
{
public:
    explicit TimelineStore(std::shared_ptr<Store> store);

    QSqlDatabase db() const { return m_store->connection(); }

    Result<QList<TimelineEntry>> timeline(qint64 incidentId, std::optional<qint64> afterId, int limit) const;
    Result<int> timelineCount(qint64 incidentId) const;
    Result<int> timelineCount(qint64 incidentId, TimelineKind kind) const;
    Result<std::optional<TimelineEntry>> timelineEntry(qint64 entryId) const;
    // The caller holds a WriteTransaction on db().
    Result<qint64> appendTimeline(const TimelineEntry& entry);

private:
    std::shared_ptr<Store> m_store;
};

} // namespace watchpost
