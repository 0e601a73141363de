#include "tests/support/models/StoreFixture.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

StoreFixture::StoreFixture()
{
    auto opened = watchpost::Store::open(dir.filePath(QStringLiteral("store.sqlite")), *clock);
    if (!opened)
        qFatal("cannot open test store: %s", qPrintable(opened.error().message));
    store = opened.value();
    service = std::make_unique<watchpost::IncidentService>(store, clock);
}

watchpost::IncidentReport StoreFixture::sampleReport(const QString& severity)
{
    return {QStringLiteral("Credential stuffing on login"),
            QStringLiteral("40k failed logins a minute"),
            severity,
            {QStringLiteral("automated_signal"), QStringLiteral("waf")},
            QStringLiteral("soc"),
            {{QStringLiteral("service"), QStringLiteral("auth-api")}},
            {{QStringLiteral("ip"), QStringLiteral("203.0.113.7")}}};
}

qint64 StoreFixture::count(const char* table) const
{
    QSqlQuery q(store->connection());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table))) || !q.next())
        qFatal("cannot count rows of %s: %s", table, qPrintable(q.lastError().text()));
    return q.value(0).toLongLong();
}

QString StoreFixture::snapshot() const
{
    QString out;
    QSqlQuery q(store->connection());
    for (const char* sql : {"SELECT id, state, acknowledged_at, contained_at, resolved_at, closed_at, root_cause, "
                            "approver FROM incidents ORDER BY id",
                            "SELECT id, kind, text FROM timeline_entries ORDER BY id",
                            "SELECT id, owner, due_at, validation_criteria, status FROM follow_ups ORDER BY id",
                            "SELECT id, text FROM runbook_updates ORDER BY id"}) {
        if (!q.exec(QString::fromLatin1(sql)))
            qFatal("cannot read %s: %s", sql, qPrintable(q.lastError().text()));
        while (q.next()) {
            for (int i = 0; i < q.record().count(); ++i)
                out += q.value(i).toString() + QLatin1Char('|');
            out += QLatin1Char('\n');
        }
    }
    return out;
}

void StoreFixture::breakTable(const QString& table) const
{
    const QString name = QStringLiteral("breaker-%1").arg(table);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(store->path());
        if (!db.open())
            qFatal("cannot open the store to break %s: %s", qPrintable(table), qPrintable(db.lastError().text()));
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("ALTER TABLE %1 RENAME TO %1_gone").arg(table)))
            qFatal("cannot break %s: %s", qPrintable(table), qPrintable(q.lastError().text()));
    }
    QSqlDatabase::removeDatabase(name);
}
