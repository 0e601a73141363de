#pragma once
// StoreFixture: a real SQLite store in a temporary folder, a manual clock and a service over them.

#include "models/incidents/IncidentService.h"

#include <QTemporaryDir>

// The value of a read a test expects to succeed; a read the store refused stops the run with its message (never
// an empty value that could let an assertion pass).
template <typename T> T must(watchpost::Result<T> read)
{
    if (!read)
        qFatal("a read the test relies on failed: %s", qPrintable(read.error().message));
    return std::move(read.value());
}

struct StoreFixture
{
    QTemporaryDir dir;
    std::shared_ptr<watchpost::Store> store;
    std::shared_ptr<watchpost::ManualClock> clock =
        std::make_shared<watchpost::ManualClock>(QDateTime(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC));
    std::unique_ptr<watchpost::IncidentService> service;

    StoreFixture();

    static watchpost::IncidentReport sampleReport(const QString& severity = QStringLiteral("high"));
    // Rows in `table`; a failed read stops the test run rather than passing for zero rows.
    qint64 count(const char* table) const;
    // A digest of every row a refused call must leave untouched.
    QString snapshot() const;
    // Renames `table` from a connection of its own, as another process could: every statement that names it then
    // fails to prepare or run, on every connection of the store — a real failed read, not a simulated one.
    void breakTable(const QString& table) const;
};
