#pragma once
// ConsoleCommand: `watchpost` and `watchpost open ROUTE` — hands the route to the console already running on this
// store, or opens the store, starts the listener thread and shows the console.

#include "app/commands/Command.h"

namespace watchpost {

class ConsoleCommand final : public Command
{
public:
    ConsoleCommand(const Options& options, int& argc, char** argv) : Command(options), m_argc(argc), m_argv(argv) {}
    int run() override;

private:
    int& m_argc;
    char** m_argv;
};

} // namespace watchpost
