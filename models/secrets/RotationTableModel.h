#pragma once
// RotationTableModel: the rotation history of one managed secret, newest first — who rotated, when, the outcome,
// the versions and what the test step found.

#include "models/core/RowTableModel.h"
#include "models/secrets/ManagedSecretService.h"

namespace watchpost {

class RotationTableModel : public RowTableModel<RotationRecord>
{
    Q_OBJECT
public:
    explicit RotationTableModel(const ManagedSecretService& secrets, QObject* parent = nullptr);
    // The secret whose history is shown (empty: none). Reads again.
    void setSecret(const QString& name);

protected:
    Result<QList<RotationRecord>> readRows() const override;

private:
    const ManagedSecretService& m_secrets;
    QString m_secret;
};

} // namespace watchpost
