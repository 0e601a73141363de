#pragma once
// SecurityApi: /api/v1/security/{credentials,sessions,recovery,audit} — API keys, their sessions, revocation,
// token-compromise recovery and the audit log, over the same services the console uses.

#include "models/credentials/RecoveryService.h"
#include "net/http/ApiRouteTable.h"

namespace watchpost {

class SecurityApi
{
public:
    SecurityApi(CredentialService& credentials, RecoveryService& recovery)
        : m_credentials(credentials), m_recovery(recovery)
    {
    }
    // Registers /api/v1/security/{credentials,sessions,recovery,audit}….
    void addRoutes(ApiRouteTable& table);
    // POST /api/v1/auth/sessions: the bearer is the API key being exchanged.
    ApiResponse openSession(const QString& apiKey);

private:
    ApiResponse createCredential(const ApiRequest& r);
    ApiResponse listCredentials(const ApiRequest& r);
    ApiResponse revoke(const ApiRequest& r, const QString& id);
    ApiResponse listSessions(const ApiRequest& r);
    ApiResponse recover(const ApiRequest& r);
    ApiResponse recoveryState(const ApiRequest& r);
    ApiResponse audit(const ApiRequest& r);

    CredentialService& m_credentials;
    RecoveryService& m_recovery;
};

} // namespace watchpost
