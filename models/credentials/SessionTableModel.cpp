#include "models/credentials/SessionTableModel.h"

#include "models/core/DisplayText.h"

namespace watchpost {
using display::when;

SessionTableModel::SessionTableModel(const SessionService& sessions, QObject* parent)
    : RowTableModel(
          {{QStringLiteral("Session"), [](const SessionInfo& s) { return s.id; }},
           {QStringLiteral("Credential"),
            [](const SessionInfo& s) { return QStringLiteral("%1 (%2)").arg(s.credentialName).arg(s.credentialId); }},
           {QStringLiteral("Signing key"), [](const SessionInfo& s) { return s.keyId; }},
           {QStringLiteral("Issued"), [](const SessionInfo& s) { return when(s.issuedAt); }},
           {QStringLiteral("Expires"), [](const SessionInfo& s) { return when(s.expiresAt); }},
           {QStringLiteral("Invalidated"), [](const SessionInfo& s) { return when(s.invalidatedAt); },
            [](const SessionInfo& s) { return s.invalidatedAt.has_value(); }},
           {QStringLiteral("Why"), [](const SessionInfo& s) { return s.invalidatedReason; }}},
          parent),
      m_sessions(sessions)
{
}

void SessionTableModel::setCredential(std::optional<qint64> credentialId)
{
    m_credential = credentialId;
    reload();
}

Result<QList<SessionInfo>> SessionTableModel::readRows() const
{
    return m_sessions.sessions(m_credential, !m_credential.has_value());
}

} // namespace watchpost
