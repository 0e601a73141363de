#include "models/audit/AuditLog.h"

#include "models/store/CheckedQuery.h"
#include "models/store/SqlValues.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <openssl/evp.h>

namespace watchpost {

AuditLog::AuditLog(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock)
    : m_store(std::move(store)), m_clock(std::move(clock))
{
}

QString AuditLog::hashOf(const AuditRecord& r)
{
    // A JSON array is an unambiguous encoding of the fields (no separator can be smuggled into one).
    const QByteArray basis =
        QJsonDocument(QJsonArray{QString::number(r.id), QString::number(r.at.toMSecsSinceEpoch()), r.actor, r.action,
                                 QJsonArray::fromStringList(r.targets), r.outcome, r.detail, r.previousHash})
            .toJson(QJsonDocument::Compact);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(basis.constData(), size_t(basis.size()), digest, &length, EVP_sha256(), nullptr) != 1)
        return {};
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(digest), int(length)).toHex());
}

Result<qint64> AuditLog::append(const QString& actor, AuditAction action, const QStringList& targets,
                                const QString& outcome, const QString& detail)
{
    WriteTransaction tx(m_store->connection());
    if (!tx.begun())
        return Error::storage(QStringLiteral("could not write the audit record: %1").arg(tx.lastError()));
    auto id = appendWithin(actor, action, targets, outcome, detail);
    if (!id)
        return id;
    if (!tx.commit())
        return Error::storage(QStringLiteral("could not write the audit record: %1").arg(tx.lastError()));
    return id;
}

Result<qint64> AuditLog::appendWithin(const QString& actor, AuditAction action, const QStringList& targets,
                                      const QString& outcome, const QString& detail)
{
    QSqlDatabase db = m_store->connection();
    QSqlQuery last(db);
    if (!last.exec(QStringLiteral("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")))
        return Error::storage(QStringLiteral("could not read the audit chain: %1").arg(last.lastError().text()));
    AuditRecord r;
    r.id = last.next() ? last.value(0).toLongLong() + 1 : 1;
    r.previousHash = r.id == 1 ? genesisHash() : last.value(1).toString();
    r.at = m_clock->now();
    r.actor = actor;
    r.action = audit::name(action);
    r.targets = targets;
    r.outcome = outcome;
    r.detail = detail.isNull() ? QStringLiteral("") : detail; // bound as '' rather than NULL
    r.hash = hashOf(r);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO audit_log (id, at, actor, action, targets, outcome, detail, previous_hash, "
                             "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(r.id);
    q.addBindValue(r.at.toMSecsSinceEpoch());
    q.addBindValue(r.actor);
    q.addBindValue(r.action);
    q.addBindValue(
        QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(targets)).toJson(QJsonDocument::Compact)));
    q.addBindValue(r.outcome);
    q.addBindValue(r.detail);
    q.addBindValue(r.previousHash);
    q.addBindValue(r.hash);
    if (!q.exec())
        return Error::storage(QStringLiteral("could not write the audit record: %1").arg(q.lastError().text()));
    return r.id;
}

AuditRecord AuditLog::recordOf(const QVariantList& v)
{
    AuditRecord r;
    r.id = v.value(0).toLongLong();
    r.at = QDateTime::fromMSecsSinceEpoch(v.value(1).toLongLong(), Qt::UTC);
    r.actor = v.value(2).toString();
    r.action = v.value(3).toString();
    for (const auto& t : QJsonDocument::fromJson(v.value(4).toString().toUtf8()).array())
        r.targets << t.toString();
    r.outcome = v.value(5).toString();
    r.detail = v.value(6).toString();
    r.previousHash = v.value(7).toString();
    r.hash = v.value(8).toString();
    return r;
}

QString AuditLog::linkProblem(const AuditRecord& r, qint64 expectedId, const QString& previousHash)
{
    if (r.id != expectedId)
        return QStringLiteral("record %1 follows record %2: a record is missing").arg(r.id).arg(expectedId - 1);
    if (r.previousHash != previousHash)
        return QStringLiteral("record %1 does not link to the record before it").arg(r.id);
    if (hashOf(r) != r.hash)
        return QStringLiteral("record %1 was changed after it was written (its hash does not match)").arg(r.id);
    return {};
}

namespace {
AuditRecord recordFrom(const QSqlQuery& q)
{
    QVariantList columns;
    for (int i = 0; i < 9; ++i)
        columns << q.value(i);
    return AuditLog::recordOf(columns);
}

const char* kColumns = "SELECT id, at, actor, action, targets, outcome, detail, previous_hash, hash FROM audit_log ";

// Targets are stored as a JSON array of strings; a target matches as one whole, quoted element.
QVariant targetPattern(const QString& target)
{
    return sql::containing(
        QString::fromUtf8(QJsonDocument(QJsonArray{target}).toJson(QJsonDocument::Compact)).mid(1).chopped(1));
}
} // namespace

namespace {
// The filter's WHERE clause and its values, shared by list() and count().
const char* kFilterWhere =
    "WHERE (COALESCE(?, '') = '' OR action = ?) AND (COALESCE(?, '') = '' OR targets LIKE ? ESCAPE '\\') ";

void bindFilter(QSqlQuery& q, const AuditFilter& f)
{
    const QVariant pattern = targetPattern(f.target);
    q.addBindValue(f.action);
    q.addBindValue(f.action);
    q.addBindValue(f.target);
    q.addBindValue(pattern);
}
} // namespace

Result<QList<AuditRecord>> AuditLog::list(const AuditFilter& f, std::optional<qint64> beforeId, int limit) const
{
    CheckedQuery q(m_store->connection(),
                   QString::fromLatin1(kColumns) + QString::fromLatin1(kFilterWhere) +
                       QStringLiteral("AND id < ? ORDER BY id DESC LIMIT ?"),
                   QStringLiteral("read the audit log"));
    bindFilter(q.query(), f);
    q.add(beforeId.value_or(std::numeric_limits<qint64>::max())).add(limit);
    return q.all(recordFrom);
}

Result<qint64> AuditLog::count(const AuditFilter& f) const
{
    CheckedQuery q(m_store->connection(),
                   QStringLiteral("SELECT COUNT(*) FROM audit_log ") + QString::fromLatin1(kFilterWhere),
                   QStringLiteral("count the audit log"));
    bindFilter(q.query(), f);
    return q.integer();
}

Result<AuditVerification> AuditLog::verify() const
{
    QSqlQuery q(m_store->connection());
    q.setForwardOnly(true);
    if (!q.exec(QString::fromLatin1(kColumns) + QStringLiteral("ORDER BY id")))
        return Error::storage(QStringLiteral("could not read the audit log: %1").arg(q.lastError().text()));
    AuditVerification v;
    QString previous = genesisHash();
    qint64 expectedId = 1;
    while (q.next()) {
        const AuditRecord r = recordFrom(q);
        ++v.records;
        if (const QString reason = linkProblem(r, expectedId, previous); !reason.isEmpty()) {
            v.firstBroken = r.id;
            v.reason = reason;
            return v;
        }
        previous = r.hash;
        expectedId = r.id + 1;
    }
    return v;
}

} // namespace watchpost
