#pragma once
// CheckedQuery: one SQL statement whose prepare and exec are both checked, so a read the store refuses reaches the
// caller as a Storage error naming what was being read — never as "no rows", a zero count or "not found".
//
//   CheckedQuery q(db, "SELECT id, title FROM incidents WHERE state = ?", "read open incidents");
//   q.add(state);
//   return q.all([](const QSqlQuery& row) { return row.value(0).toLongLong(); }); // Result<QList<qint64>>
//
// Reads are forward-only. `what` says, for people, what the statement was for ("read the timeline").

#include "models/core/Result.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>
#include <optional>
#include <type_traits>

namespace watchpost {

// A failed prepare or exec of `q`, as the error its caller returns.
Error storageFailure(const QSqlQuery& q, const QString& what);
// Runs an already prepared (or cached) statement; a failure is a Storage error naming `what`.
Result<Done> runChecked(QSqlQuery& q, const QString& what);

class CheckedQuery
{
public:
    CheckedQuery(const QSqlDatabase& db, const QString& sql, QString what);

    CheckedQuery& add(const QVariant& value)
    {
        m_query.addBindValue(value);
        return *this;
    }
    CheckedQuery& bind(const QString& name, const QVariant& value)
    {
        m_query.bindValue(name, value);
        return *this;
    }
    // The statement itself, for binding helpers shared by several statements.
    QSqlQuery& query() { return m_query; }

    // Runs the statement (the prepare's failure included).
    Result<Done> exec();

    // Every row, each read by `row(const QSqlQuery&)`.
    template <typename RowFn> auto all(RowFn&& row) -> Result<QList<std::invoke_result_t<RowFn&, const QSqlQuery&>>>
    {
        using Row = std::invoke_result_t<RowFn&, const QSqlQuery&>;
        if (auto ran = exec(); !ran)
            return ran.error();
        QList<Row> out;
        while (m_query.next())
            out << row(std::as_const(m_query));
        return out;
    }
    // The first row, or nullopt when there is none.
    template <typename RowFn>
    auto first(RowFn&& row) -> Result<std::optional<std::invoke_result_t<RowFn&, const QSqlQuery&>>>
    {
        using Row = std::invoke_result_t<RowFn&, const QSqlQuery&>;
        if (auto ran = exec(); !ran)
            return ran.error();
        if (!m_query.next())
            return std::optional<Row>();
        return std::optional<Row>(row(std::as_const(m_query)));
    }
    // The first column of the first row as a number (COUNT(*), COALESCE(MAX(…), 0)); no row is an error too.
    Result<qint64> integer();

private:
    QSqlQuery m_query;
    QString m_what;
    bool m_prepared = false;
};

} // namespace watchpost
