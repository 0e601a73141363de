#pragma once
// ServeCommand: `watchpost serve` — the listener alone (REST API and webhooks), until SIGTERM or SIGINT.

#include "app/commands/Command.h"

namespace watchpost {

class ServeCommand final : public Command
{
public:
    using Command::Command;
    int run() override;
};

} // namespace watchpost
