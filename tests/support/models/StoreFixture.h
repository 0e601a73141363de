#pragma once
// StoreFixture: a real SQLite store in a temporary folder, a manual clock and a service over them.

#include "models/incidents/IncidentService.h"

#include <QTemporaryDir>

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
};
