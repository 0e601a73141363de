#pragma once
// CredentialJson: credentials, sessions and audit records as the API writes them — never a key, a token or a hash
// of one.

#include "models/audit/AuditLog.h"
#include "models/credentials/CredentialService.h"
#include "models/credentials/RecoveryService.h"

#include <QJsonObject>

namespace watchpost::json {

QJsonObject credential(const CredentialInfo& c);
QJsonObject session(const SessionInfo& s);
QJsonObject auditRecord(const AuditRecord& r);
QJsonObject revocation(const RevocationReport& r);
// The revocation report read back (an attached console shows the server's).
RevocationReport revocationFrom(const QJsonObject& o);
QJsonObject recovery(const RecoveryReport& r);
// The recovery report read back; its failures and manual steps come as one list each (the revocation's included).
RecoveryReport recoveryFrom(const QJsonObject& o);

} // namespace watchpost::json
