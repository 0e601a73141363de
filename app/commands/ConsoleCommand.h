#pragma once
// ConsoleCommand: `watchpost` and `watchpost open ROUTE` — hands the route to the console already running on this
// store, or opens the store, starts the listener thread and shows the console. With --server, the console attached to
// that server instead (team mode): the key from the keychain or the "Connect to a server" screen, a replica.

#include "app/commands/Command.h"

namespace watchpost {

class ConsoleCommand final : public Command
{
public:
    ConsoleCommand(const Options& options, int& argc, char** argv) : Command(options), m_argc(argc), m_argv(argv) {}
    int run() override;

private:
    int runAttached(const QString& server, class TerminationSignals& signals, class MainWindow*& shown);

    int& m_argc;
    char** m_argv;
};

} // namespace watchpost
