#pragma once
// TokenCreateCommand: `watchpost token create` — a new API key, printed once; only its SHA-256 is stored.

#include "app/commands/Command.h"

namespace watchpost {

class TokenCreateCommand final : public Command
{
public:
    using Command::Command;
    int run() override;
};

} // namespace watchpost
