#pragma once
// SessionTableModel: the sessions of one credential (all of them, ended ones included) or the active sessions of
// every credential — the security page's sessions table.

#include "models/core/RowTableModel.h"
#include "models/credentials/SessionService.h"

namespace watchpost {

class SessionTableModel : public RowTableModel<SessionInfo>
{
    Q_OBJECT
public:
    explicit SessionTableModel(const SessionService& sessions, QObject* parent = nullptr);
    // nullopt: the active sessions of every credential. Reads again.
    void setCredential(std::optional<qint64> credentialId);

protected:
    Result<QList<SessionInfo>> readRows() const override;

private:
    const SessionService& m_sessions;
    std::optional<qint64> m_credential;
};

} // namespace watchpost
