#include "models/store/Store.h"

#include "models/store/CheckedQuery.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

#include <QStandardPaths>
#include <QThread>
#include <sys/stat.h>

namespace watchpost {
namespace {

// Migrations live in resources/migrations as NNN_name.sql; statements are separated by a line
// that ends in ';' followed by a blank line (so trigger bodies may contain ';').
QStringList migrationFiles()
{
    QDir dir(QStringLiteral(":/migrations"));
    QStringList files = dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    return files;
}

QStringList statementsOf(const QString& sql)
{
    QStringList out;
    static const QRegularExpression separator(QStringLiteral(";[ \\t]*\\n[ \\t]*\\n"));
    for (QString part : (sql + QStringLiteral("\n\n")).split(separator)) {
        QStringList lines;
        for (const QString& line : part.split(QLatin1Char('\n')))
            if (!line.trimmed().startsWith(QLatin1String("--")))
                lines << line;
        part = lines.join(QLatin1Char('\n')).trimmed();
        if (part.endsWith(QLatin1Char(';')))
            part.chop(1);
        if (!part.isEmpty())
            out << part;
    }
    return out;
}

QString sqlError(const QSqlQuery& q)
{
    return q.lastError().text();
}

} // namespace

Store::Store(QString path)
    : m_path(std::move(path)),
      m_connectionPrefix(QStringLiteral("watchpost-%1-")
                             .arg(QString::fromLatin1(
                                 QCryptographicHash::hash(m_path.toUtf8(), QCryptographicHash::Sha1).toHex().left(12))))
{
}

Store::~Store()
{
    closeThreadConnection();
}

int Store::latestSchemaVersion()
{
    return int(migrationFiles().size());
}

QString Store::defaultPath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir.isEmpty() ? QDir::homePath() + QStringLiteral("/.local/share/watchpost") : dir)
        .filePath(QStringLiteral("watchpost.sqlite"));
}

QString Store::connectionName() const
{
    return m_connectionPrefix + QString::number(reinterpret_cast<quintptr>(QThread::currentThread()), 16);
}

QSqlDatabase Store::connection() const
{
    const QString name = connectionName();
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name, false);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (db.open()) {
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
        q.exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
        if (m_queryOnly)
            q.exec(QStringLiteral("PRAGMA query_only = ON"));
    }
    return db;
}

std::shared_ptr<Store> Store::readOnlyView() const
{
    std::shared_ptr<Store> view(new Store(m_path));
    view->m_queryOnly = true;
    view->m_connectionPrefix += QStringLiteral("ro-"); // its own connections, never the writer's on this thread
    return view;
}

void Store::closeThreadConnection() const
{
    const QString name = connectionName();
    if (!QSqlDatabase::contains(name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

Result<int> Store::schemaVersion() const
{
    QSqlQuery q(connection());
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")))
        return storageFailure(q, QStringLiteral("read the schema version"));
    if (!q.next())
        return Error::storage(QStringLiteral("could not read the schema version: the store answered no row"));
    return q.value(0).toInt();
}

Result<std::shared_ptr<Store>> Store::open(const QString& rawPath, const Clock& clock)
{
    if (rawPath.trimmed().isEmpty())
        return Error::validation(QStringLiteral("store path is empty"), {QStringLiteral("store")});
    const QString path = QFileInfo(rawPath).absoluteFilePath();
    QFileInfo info(path);
    if (info.exists()) {
        if (info.isDir())
            return Error::validation(QStringLiteral("store path %1 is a directory, not a file").arg(path),
                                     {QStringLiteral("store")});
        // A FIFO, socket or device would block the read below (or SQLite) forever: only a regular file is a store.
        struct stat st = {};
        if (::stat(QFile::encodeName(path).constData(), &st) != 0 || !S_ISREG(st.st_mode))
            return Error::validation(
                QStringLiteral("store path %1 is not a regular file (a FIFO, socket or device); it was left untouched")
                    .arg(path),
                {QStringLiteral("store")});
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return Error::storage(QStringLiteral("cannot read store %1: %2").arg(path, f.errorString()));
        const QByteArray head = f.read(16);
        if (info.size() > 0 && head != QByteArray("SQLite format 3\0", 16))
            return Error::storage(
                QStringLiteral("%1 is not a Watchpost store (not an SQLite database); it was left untouched")
                    .arg(path));
    } else {
        if (!QDir().mkpath(info.absolutePath()))
            return Error::storage(QStringLiteral("cannot create the folder for store %1").arg(path));
        // A new store is its owner's only (0600), like secrets/; SQLite gives its -wal and -shm files the same mode.
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return Error::storage(QStringLiteral("cannot create store %1: %2").arg(path, f.errorString()));
    }

    std::shared_ptr<Store> store(new Store(path));
    QSqlDatabase db = store->connection();
    if (!db.isOpen())
        return Error::storage(QStringLiteral("cannot open store %1: %2").arg(path, db.lastError().text()));

    QSqlQuery q(db);
    // quick_check reads every page once; a damaged file is refused before anything writes to it.
    if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next())
        return Error::storage(
            QStringLiteral("store %1 cannot be read (%2); it was left untouched").arg(path, sqlError(q)));
    if (q.value(0).toString() != QLatin1String("ok"))
        return Error::storage(QStringLiteral("store %1 failed its integrity check (%2); it was left untouched")
                                  .arg(path, q.value(0).toString()));
    q.finish();

    if (!q.exec(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")))
        return storageFailure(q, QStringLiteral("read the tables of store %1").arg(path));
    const bool hasVersionTable = q.next();
    q.finish();
    if (hasVersionTable) {
        const auto read = store->schemaVersion();
        if (!read)
            return read.error();
        const int version = *read;
        if (version > latestSchemaVersion())
            return Error::storage(
                QStringLiteral("store %1 has schema version %2, newer than this Watchpost knows (%3); "
                               "upgrade Watchpost. The store was left untouched.")
                    .arg(path)
                    .arg(version)
                    .arg(latestSchemaVersion()));
    } else {
        if (!q.exec(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table'")))
            return storageFailure(q, QStringLiteral("read the tables of store %1").arg(path));
        const bool hasOtherTables = q.next();
        q.finish();
        if (hasOtherTables)
            return Error::storage(
                QStringLiteral("%1 is an SQLite database but not a Watchpost store; it was left untouched").arg(path));
    }

    if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")))
        return Error::storage(QStringLiteral("cannot switch store %1 to WAL: %2").arg(path, sqlError(q)));
    q.finish();

    auto migrated = store->migrate(clock);
    if (!migrated)
        return migrated.error();
    return store;
}

Result<Done> Store::migrate(const Clock& clock)
{
    QSqlDatabase db = connection();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                               "applied_at INTEGER NOT NULL)")))
        return Error::storage(QStringLiteral("cannot create schema_version: %1").arg(sqlError(q)));
    const QStringList files = migrationFiles();
    const auto applied = schemaVersion();
    if (!applied)
        return applied.error();
    for (int i = *applied; i < files.size(); ++i) {
        QFile f(QStringLiteral(":/migrations/") + files.at(i));
        if (!f.open(QIODevice::ReadOnly))
            return Error::storage(QStringLiteral("migration %1 is missing").arg(files.at(i)));
        WriteTransaction tx(db);
        if (!tx.begun())
            return Error::storage(QStringLiteral("cannot migrate store: %1").arg(tx.lastError()));
        for (const QString& statement : statementsOf(QString::fromUtf8(f.readAll()))) {
            QSqlQuery s(db);
            if (!s.exec(statement))
                return Error::storage(QStringLiteral("migration %1 failed: %2").arg(files.at(i), sqlError(s)));
        }
        QSqlQuery v(db);
        v.prepare(QStringLiteral("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"));
        v.addBindValue(i + 1);
        v.addBindValue(clock.nowMs());
        if (!v.exec() || !tx.commit())
            return Error::storage(
                QStringLiteral("migration %1 could not be recorded: %2").arg(files.at(i), sqlError(v)));
    }
    return Done{};
}

WriteTransaction::WriteTransaction(QSqlDatabase db) : m_db(std::move(db))
{
    QSqlQuery q(m_db);
    m_begun = q.exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (!m_begun)
        m_error = q.lastError().text();
}

WriteTransaction::~WriteTransaction()
{
    if (m_begun && !m_done) {
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("ROLLBACK"));
    }
}

bool WriteTransaction::commit()
{
    QSqlQuery q(m_db);
    m_done = q.exec(QStringLiteral("COMMIT"));
    if (!m_done)
        m_error = q.lastError().text();
    return m_done;
}

} // namespace watchpost
