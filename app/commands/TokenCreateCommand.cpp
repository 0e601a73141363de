#include "app/commands/TokenCreateCommand.h"

#include "models/audit/AuditLog.h"
#include "models/credentials/CredentialService.h"

namespace watchpost {

int TokenCreateCommand::run()
{
    std::shared_ptr<Store> store = openStore();
    if (!store)
        return 1;
    auto clock = std::make_shared<SystemClock>();
    std::optional<QDateTime> expires;
    if (m_options.tokenExpiresInDays)
        expires = clock->now().addDays(*m_options.tokenExpiresInDays);
    const QString user = qEnvironmentVariable("USER", QStringLiteral("cli"));
    CredentialService credentials(store, clock, nullptr, std::make_shared<AuditLog>(store, clock));
    auto token =
        credentials.create(m_options.tokenName, m_options.tokenRole, user, expires, QStringLiteral("cli:") + user);
    if (!token) {
        say(stderr, QStringLiteral("watchpost: %1").arg(token.error().message));
        return 1;
    }
    say(stdout, token->token);
    return 0;
}

} // namespace watchpost
