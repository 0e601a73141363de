#pragma once
// SyncTables: the one list of what team mode replicates — each table, its key, the columns that may leave the
// server (an allowlist: a column not named here never enters the feed), which of them are delivery bodies, who may
// read the table, and whether its rows are append-only (tamper evidence). The migration's triggers capture a change
// of every table listed here; TestChangeFeed holds the schema, the triggers and this list to each other.

#include "models/credentials/TokenService.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace watchpost {

struct SyncTable
{
    enum class Reader
    {
        Everyone,   // every role reads it today (incidents, webhooks)
        Auditors,   // the audit log: admin and responder
        Administers // credentials, sessions, secrets, recovery: admin
    };
    QString name;
    int code = 0;            // how sync_changes names the table (stable: a code is never reused)
    QString key;             // the primary key column
    bool textKey = false;    // a TEXT key (else INTEGER)
    QStringList columns;     // replicated columns, key first
    QStringList bodyColumns; // among `columns`: sent only when asked for and the role may see delivery bodies
    QStringList blobColumns; // among `columns`: BLOBs, sent base64
    Reader reader = Reader::Everyone;
    bool appendOnly = false; // a change to a row a replica already holds is a history change
    // NOT NULL columns that stay on the server, with what a replica stores in their place.
    QList<std::pair<QString, QVariant>> replicaFill;

    bool readableBy(Role role) const;
};

class SyncTables
{
public:
    // In the order a fresh replica needs them: parents before the rows that refer to them.
    static const QList<SyncTable>& all();
    static const SyncTable* find(const QString& name);
    static const SyncTable* byCode(int code);
    // Tables the feed leaves out, each for a reason (the owner's lock is local; sync bookkeeping is per store).
    static const QStringList& local();
    // Delivery bodies (payloads and headers): admin and responder.
    static bool mayReadBodies(Role role) { return TokenService::canRespond(role); }
};

} // namespace watchpost
