#pragma once
// ShipCheckCommand: `watchpost ship-check` — automation asks the shipping kill switch, as itself, before it
// commits, pushes, opens a pull request, merges, releases or deploys; the git pre-push hook and the CI step in
// packaging/ call it. Exit 0 allowed, 1 denied or refused (why on stderr), 3 Watchpost could not be reached or
// could not decide — a refusal too: nothing ships on a doubt.

#include "app/commands/Command.h"

namespace watchpost {

class ShipCheckCommand final : public Command
{
public:
    static constexpr int kDenied = 1;
    static constexpr int kUnreachable = 3;
    static constexpr int kTimeoutMs = 10'000;

    using Command::Command;
    int run() override;
};

} // namespace watchpost
