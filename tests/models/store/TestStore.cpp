// Opening the store: migrations, and refusing files it must not touch.
#include "models/store/Store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace watchpost;

namespace {
QByteArray digest(const QString& path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// Writes an SQLite file through a separate connection, as another program would.
void writeSqlite(const QString& path, const QStringList& statements)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("writer"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        for (const QString& s : statements)
            QVERIFY2(q.exec(s), qPrintable(s));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("writer"));
}
} // namespace

class TestStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // What opening writes is dated by the injected clock, not the wall clock.
    void migrationsAreDatedByTheClock()
    {
        QTemporaryDir dir;
        const ManualClock clock(QDateTime(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC));
        auto store = Store::open(dir.filePath(QStringLiteral("store.sqlite")), clock);
        QVERIFY(store.ok());
        QSqlQuery q(store.value()->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT MIN(applied_at), MAX(applied_at) FROM schema_version")) && q.next());
        QCOMPARE(q.value(0).toLongLong(), clock.nowMs());
        QCOMPARE(q.value(1).toLongLong(), clock.nowMs());
    }

    void createsAndMigratesOnce()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("nested/folder/store.sqlite"));
        {
            auto store = Store::open(path, SystemClock());
            QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
            QCOMPARE(*store.value()->schemaVersion(), Store::latestSchemaVersion());
            QSqlQuery q(store.value()->connection());
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
            QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
            QCOMPARE(q.value(0).toInt(), 1);
            QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")) && q.next());
            QCOMPARE(q.value(0).toInt(), Store::latestSchemaVersion());
        }
        auto again = Store::open(path, SystemClock());
        QVERIFY(again.ok());
        QSqlQuery q(again.value()->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), Store::latestSchemaVersion());
    }

    void refusesFilesItMustNotTouch_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("text file") << "text"
                                   << "not a Watchpost store";
        QTest::newRow("newer schema") << "newer"
                                      << "newer than this Watchpost knows";
        QTest::newRow("foreign sqlite database") << "foreign"
                                                 << "not a Watchpost store";
        QTest::newRow("corrupt sqlite file") << "corrupt"
                                             << "left untouched";
        QTest::newRow("directory") << "directory"
                                   << "is a directory";
    }
    void refusesFilesItMustNotTouch()
    {
        QFETCH(QString, kind);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.sqlite"));
        if (kind == QLatin1String("text")) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("my notes, not a database\n");
        } else if (kind == QLatin1String("newer")) {
            {
                QVERIFY(Store::open(path, SystemClock()).ok());
            }
            writeSqlite(path, {QStringLiteral("INSERT INTO schema_version (version, applied_at) VALUES (%1, 0)")
                                   .arg(Store::latestSchemaVersion() + 1)});
        } else if (kind == QLatin1String("foreign"))
            writeSqlite(path, {QStringLiteral("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)"),
                               QStringLiteral("INSERT INTO customers (name) VALUES ('keep me')")});
        else if (kind == QLatin1String("corrupt")) {
            {
                QVERIFY(Store::open(path, SystemClock()).ok());
            }
            // Also merge the WAL so the damage lands in the main file.
            writeSqlite(path, {QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"),
                               QStringLiteral("PRAGMA journal_mode=DELETE")});
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QByteArray bytes = f.readAll();
            for (qsizetype i = 100; i < bytes.size(); i += 7)
                bytes[i] = char(0xA5);
            f.seek(0);
            f.write(bytes);
        } else if (kind == QLatin1String("directory"))
            QVERIFY(QDir().mkpath(path));
        const QByteArray before = kind == QLatin1String("directory") ? QByteArray() : digest(path);
        auto store = Store::open(path, SystemClock());
        QVERIFY(!store.ok());
        QVERIFY2(store.error().message.contains(message), qPrintable(store.error().message));
        if (kind != QLatin1String("directory"))
            QCOMPARE(digest(path), before);
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "TestStore.moc"
