#pragma once
// FollowUpStore: the SQL of an incident's follow-up actions.

#include "models/core/Result.h"
#include "models/incidents/Incident.h"
#include "models/store/Store.h"

#include <QSqlDatabase>
#include <memory>

namespace watchpost {

class FollowUpStore
{
public:
    explicit FollowUpStore(std::shared_ptr<Store> store);

    QSqlDatabase db() const { return m_store->connection(); }

    Result<QList<FollowUp>> followUps(qint64 incidentId) const;
    Result<std::optional<FollowUp>> followUp(qint64 followUpId) const;
    // The caller holds a WriteTransaction on db().
    Result<qint64> insertFollowUp(const FollowUp& f);
    Result<Done> updateFollowUp(const FollowUp& f);

private:
    std::shared_ptr<Store> m_store;
};

} // namespace watchpost
