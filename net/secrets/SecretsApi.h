#pragma once
// SecretsApi: /api/v1/security/secrets — managed secrets, their versions and rotation runbooks. A rotation answers
// when its last step is recorded (after GitHub's ping came back, for a webhook secret).

#include "net/github/RotationTargets.h"
#include "net/http/ApiRouteTable.h"

#include <QObject>

namespace watchpost {

class SecretsApi
{
public:
    SecretsApi(ManagedSecretService& secrets, RotationDeps deps) : m_secrets(secrets), m_deps(std::move(deps)) {}
    ~SecretsApi();
    // Registers /api/v1/security/secrets….
    void addRoutes(ApiRouteTable& table);

private:
    ApiResponse create(const ApiRequest& r);
    ApiResponse list(const ApiRequest& r);
    // The routes under /{name}: called only for a managed secret that exists (the 404 is answered before).
    ApiResponse rotate(const ApiRequest& r, const ManagedSecret& secret);
    ApiResponse history(const ApiRequest& r, const ManagedSecret& secret);
    ApiResponse rollback(const ApiRequest& r, const ManagedSecret& secret);

    ManagedSecretService& m_secrets;
    RotationDeps m_deps;
    QObject m_running; // parent of rotations under way
};

} // namespace watchpost
