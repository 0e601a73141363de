#pragma once
// CredentialTableModel: every API credential with its role, use, expiry, revocation and live sessions — the
// security page's credentials table. Revoked credentials' revocation cell is a problem cell.

#include "models/core/RowTableModel.h"
#include "models/credentials/CredentialService.h"

namespace watchpost {

class CredentialTableModel : public RowTableModel<CredentialInfo>
{
    Q_OBJECT
public:
    explicit CredentialTableModel(const CredentialService& credentials, QObject* parent = nullptr);

protected:
    Result<QList<CredentialInfo>> readRows() const override;

private:
    const CredentialService& m_credentials;
};

} // namespace watchpost
