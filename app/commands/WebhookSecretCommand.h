#pragma once
// WebhookSecretCommand: `watchpost webhook-secret set|remove` — a hook's secret, written where `serve` reads it.

#include "app/commands/Command.h"

namespace watchpost {

class WebhookSecretCommand final : public Command
{
public:
    using Command::Command;
    int run() override;
};

} // namespace watchpost
