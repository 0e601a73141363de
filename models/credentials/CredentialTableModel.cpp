#include "models/credentials/CredentialTableModel.h"

#include "models/core/DisplayText.h"

namespace watchpost {
using display::when;

CredentialTableModel::CredentialTableModel(const CredentialService& credentials, QObject* parent)
    : RowTableModel({{QStringLiteral("Id"), [](const CredentialInfo& c) { return QString::number(c.id); }},
                     {QStringLiteral("Name"), [](const CredentialInfo& c) { return c.name; }},
                     {QStringLiteral("Role"), [](const CredentialInfo& c) { return c.role; }},
                     {QStringLiteral("Owner"), [](const CredentialInfo& c) { return c.owner; }},
                     {QStringLiteral("Created"), [](const CredentialInfo& c) { return when(c.createdAt); }},
                     {QStringLiteral("Last used"), [](const CredentialInfo& c) { return when(c.lastUsedAt); }},
                     {QStringLiteral("Expires"), [](const CredentialInfo& c) { return when(c.expiresAt); }},
                     {QStringLiteral("Revoked"),
                      [](const CredentialInfo& c) {
                          return c.revokedAt ? QStringLiteral("%1 — %2").arg(when(c.revokedAt), c.revokedReason)
                                             : QStringLiteral("—");
                      },
                      [](const CredentialInfo& c) { return c.revokedAt.has_value(); }},
                     {QStringLiteral("Active sessions"),
                      [](const CredentialInfo& c) { return QString::number(c.activeSessions); }}},
                    parent),
      m_credentials(credentials)
{
}

Result<QList<CredentialInfo>> CredentialTableModel::readRows() const
{
    return m_credentials.list();
}

} // namespace watchpost
