#include "app/commands/AuditVerifyCommand.h"

#include "models/audit/AuditLog.h"

namespace watchpost {

int AuditVerifyCommand::run()
{
    std::shared_ptr<Store> store = openStore();
    if (!store)
        return 1;
    auto verified = AuditLog(store, std::make_shared<SystemClock>()).verify();
    if (!verified) {
        say(stderr, QStringLiteral("watchpost: %1").arg(verified.error().message));
        return 1;
    }
    if (verified->firstBroken) {
        say(stderr, QStringLiteral("watchpost: audit log broken at record %1: %2")
                        .arg(*verified->firstBroken)
                        .arg(verified->reason));
        return 1;
    }
    say(stdout, QStringLiteral("audit log intact: %1 records, chain verified").arg(verified->records));
    return 0;
}

} // namespace watchpost
