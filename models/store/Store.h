#pragma once
// Store: the SQLite file behind Watchpost — opening and checking it, migrations, and one connection per thread.

#include "models/core/Clock.h"
#include "models/core/Result.h"

#include <QSqlDatabase>
#include <QString>
#include <memory>

namespace watchpost {

class Store
{
public:
    // Opens (creating if absent) the store at `path`, refuses a file that is not SQLite, fails its
    // integrity check, or was written by a newer schema; applies pending migrations.
    // `clock` dates what opening writes (the migrations applied).
    static Result<std::shared_ptr<Store>> open(const QString& path, const Clock& clock);
    ~Store();

    static int latestSchemaVersion();
    static QString defaultPath();

    const QString& path() const { return m_path; }
    // The calling thread's connection, opened on first use. QtSql connections belong to one thread.
    QSqlDatabase connection() const;
    // Drops the calling thread's connection; call from a thread before it ends.
    void closeThreadConnection() const;

    Result<int> schemaVersion() const;

    // The same file for code that must only read it (a console's pages over its replica): every connection the
    // view opens refuses writes (PRAGMA query_only), so only the feed's applier changes a replica. Open the file
    // with open() first (checks, migrations).
    std::shared_ptr<Store> readOnlyView() const;
    bool readOnly() const { return m_queryOnly; }

private:
    explicit Store(QString path);
    QString connectionName() const;
    Result<Done> migrate(const Clock& clock);

    QString m_path;
    QString m_connectionPrefix;
    bool m_queryOnly = false;
};

// A write transaction that takes SQLite's write lock up front (BEGIN IMMEDIATE), so two writers
// wait on the busy timeout instead of failing mid-transaction. Rolls back unless committed.
class WriteTransaction
{
public:
    explicit WriteTransaction(QSqlDatabase db);
    ~WriteTransaction();
    bool begun() const { return m_begun; }
    bool commit();
    QString lastError() const { return m_error; }

private:
    QSqlDatabase m_db;
    bool m_begun = false;
    bool m_done = false;
    QString m_error;
};

} // namespace watchpost
