#pragma once
// AuditVerifyCommand: `watchpost audit verify` — checks the audit log's hash chain; exit 1 names the first broken
// record.

#include "app/commands/Command.h"

namespace watchpost {

class AuditVerifyCommand final : public Command
{
public:
    using Command::Command;
    int run() override;
};

} // namespace watchpost
