#include "models/store/CheckedQuery.h"

#include <QSqlError>

namespace watchpost {

Error storageFailure(const QSqlQuery& q, const QString& what)
{
    const QSqlError e = q.lastError();
    const QString detail = e.text().trimmed();
    return Error::storage(detail.isEmpty() ? QStringLiteral("could not %1").arg(what)
                                           : QStringLiteral("could not %1: %2").arg(what, detail));
}

Result<Done> runChecked(QSqlQuery& q, const QString& what)
{
    if (!q.exec())
        return storageFailure(q, what);
    return Done{};
}

CheckedQuery::CheckedQuery(const QSqlDatabase& db, const QString& sql, QString what)
    : m_query(db), m_what(std::move(what))
{
    m_query.setForwardOnly(true);
    m_prepared = m_query.prepare(sql);
}

Result<Done> CheckedQuery::exec()
{
    if (!m_prepared)
        return storageFailure(m_query, m_what);
    return runChecked(m_query, m_what);
}

Result<qint64> CheckedQuery::integer()
{
    if (auto ran = exec(); !ran)
        return ran.error();
    if (!m_query.next())
        return Error::storage(QStringLiteral("could not %1: the store answered no row").arg(m_what));
    return m_query.value(0).toLongLong();
}

} // namespace watchpost
