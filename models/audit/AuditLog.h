#pragma once
// AuditLog: the append-only record of every security action, each record chained to the one before it by
// SHA-256, so an edited, removed or reordered record is found by verify().

#include "models/audit/AuditAction.h"
#include "models/core/Clock.h"
#include "models/core/Result.h"
#include "models/store/Store.h"

#include <QDateTime>
#include <QStringList>
#include <QVariantList>
#include <memory>

namespace watchpost {

struct AuditRecord
{
    qint64 id = 0;
    QDateTime at;
    QString actor;
    QString action; // credential_created, credential_first_use, credential_revoked, session_issued, ...
    QStringList targets;
    QString outcome; // succeeded | failed
    QString detail;
    QString previousHash;
    QString hash;
};

struct AuditFilter
{
    QString target; // exact target id, e.g. "credential:12"
    QString action;
};

struct AuditVerification
{
    qint64 records = 0;
    std::optional<qint64> firstBroken; // the first record whose hash or link does not hold
    QString reason;
};

class AuditLog
{
public:
    AuditLog(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock);

    static QString genesisHash() { return QString(64, QLatin1Char('0')); }

    // Appends in a transaction of its own.
    Result<qint64> append(const QString& actor, AuditAction action, const QStringList& targets, const QString& outcome,
                          const QString& detail = {});
    // Appends inside the caller's open write transaction (so the record commits with what it records).
    Result<qint64> appendWithin(const QString& actor, AuditAction action, const QStringList& targets,
                                const QString& outcome, const QString& detail = {});

    Result<QList<AuditRecord>> list(const AuditFilter& filter, std::optional<qint64> beforeId, int limit) const;
    Result<qint64> count(const AuditFilter& filter) const;
    Result<AuditVerification> verify() const;

    static QString hashOf(const AuditRecord& record);
    // A record from its stored columns in order: id, at, actor, action, targets, outcome, detail, previous_hash, hash.
    static AuditRecord recordOf(const QVariantList& columns);
    // Why `record` does not continue a chain whose record `expectedId - 1` has hash `previousHash` (the genesis hash
    // before the first), or empty when it does.
    static QString linkProblem(const AuditRecord& record, qint64 expectedId, const QString& previousHash);

private:
    std::shared_ptr<Store> m_store;
    std::shared_ptr<const Clock> m_clock;
};

} // namespace watchpost
