#pragma once
// StoreFixture: a real SQLite store in a temporary folder, a manual clock and a service over them.

#include "models/incidents/IncidentService.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

struct StoreFixture
{
    QTemporaryDir dir;
    std::shared_ptr<watchpost::Store> store;
    std::shared_ptr<watchpost::ManualClock> clock =
        std::make_shared<watchpost::ManualClock>(QDateTime(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC));
    std::unique_ptr<watchpost::IncidentService> service;

    StoreFixture()
    {
        auto opened = watchpost::Store::open(dir.filePath(QStringLiteral("store.sqlite")));
        if (!opened)
            qFatal("cannot open test store: %s", qPrintable(opened.error().message));
        store = opened.value();
        service = std::make_unique<watchpost::IncidentService>(store, clock);
    }

    static watchpost::IncidentReport sampleReport(const QString& severity = QStringLiteral("high"))
    {
        return {QStringLiteral("Credential stuffing on login"),
                QStringLiteral("40k failed logins a minute"),
                severity,
                {QStringLiteral("automated_signal"), QStringLiteral("waf")},
                QStringLiteral("soc"),
                {{QStringLiteral("service"), QStringLiteral("auth-api")}},
                {{QStringLiteral("ip"), QStringLiteral("203.0.113.7")}}};
    }

    qint64 count(const char* table) const
    {
        QSqlQuery q(store->connection());
        q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table)));
        return q.next() ? q.value(0).toLongLong() : -1;
    }

    // A digest of every row a refused call must leave untouched.
    QString snapshot() const
    {
        QString out;
        QSqlQuery q(store->connection());
        for (const char* sql : {"SELECT id, state, acknowledged_at, contained_at, resolved_at, closed_at, root_cause, "
                                "approver FROM incidents ORDER BY id",
                                "SELECT id, kind, text FROM timeline_entries ORDER BY id",
                                "SELECT id, owner, due_at, validation_criteria, status FROM follow_ups ORDER BY id",
                                "SELECT id, text FROM runbook_updates ORDER BY id"}) {
            q.exec(QString::fromLatin1(sql));
            while (q.next()) {
                for (int i = 0; i < q.record().count(); ++i)
                    out += q.value(i).toString() + QLatin1Char('|');
                out += QLatin1Char('\n');
            }
        }
        return out;
    }
};
