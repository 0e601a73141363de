#pragma once
// ReplicateCommand: `watchpost replicate` — the console's sync code, headless: an auditor's offline copy, a warm
// standby, a script's check that the server's history has not changed.

#include "app/commands/Command.h"

namespace watchpost {

class ReplicateCommand final : public Command
{
public:
    using Command::Command;
    int run() override;
};

} // namespace watchpost
