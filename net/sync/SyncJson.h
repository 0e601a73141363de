#pragma once
// SyncJson: the change feed and the audit chain on the wire, both ways — the server writes them, a replica reads
// them back, refusing anything that does not fit this version's SyncTables.

#include "models/core/Result.h"
#include "models/sync/ChangeFeed.h"

#include <QJsonObject>

namespace watchpost::json {

// On every committed write the API answers: the change feed's head after it (a client waits for its replica to
// hold it before showing the result).
inline constexpr char kChangeSeqHeader[] = "Watchpost-Change-Seq";

QJsonObject feedPage(const FeedPage& page);
Result<FeedPage> feedPageFrom(const QJsonObject& o);
QJsonObject auditChain(const AuditChainPage& chain);
Result<AuditChainPage> auditChainFrom(const QJsonObject& o);

} // namespace watchpost::json
