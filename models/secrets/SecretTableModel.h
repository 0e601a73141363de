#pragma once
// SecretTableModel: every managed secret with its current version, the stage of each version and its last rotation
// — the security page's secrets table. A rotation that did not complete is a problem cell.

#include "models/core/RowTableModel.h"
#include "models/secrets/ManagedSecretService.h"

namespace watchpost {

struct SecretRow
{
    ManagedSecret secret;
    std::optional<SecretVersion> current;
    QStringList stages; // "v2 current", "v1 previous", …
    std::optional<RotationRecord> lastRotation;
};

class SecretTableModel : public RowTableModel<SecretRow>
{
    Q_OBJECT
public:
    explicit SecretTableModel(const ManagedSecretService& secrets, QObject* parent = nullptr);
    // The row of the secret named `name`, or -1.
    int rowOf(const QString& name) const;

protected:
    Result<QList<SecretRow>> readRows() const override;

private:
    const ManagedSecretService& m_secrets;
};

} // namespace watchpost
