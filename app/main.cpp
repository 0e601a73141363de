// watchpost: parses the command line and runs the one command it names (app/commands/, one class each).

#include "app/cli/CommandLine.h"
#include "app/commands/AuditVerifyCommand.h"
#include "app/commands/ConsoleCommand.h"
#include "app/commands/ReplicateCommand.h"
#include "app/commands/ServeCommand.h"
#include "app/commands/ShipCheckCommand.h"
#include "app/commands/TokenCreateCommand.h"
#include "app/commands/WebhookSecretCommand.h"

#include <QCoreApplication>

using namespace watchpost;

namespace {

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

// Runs a command that needs no display inside a QCoreApplication.
template <typename C> int headless(const Options& o, int& argc, char** argv)
{
    QCoreApplication app(argc, argv);
    return C(o).run();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication::setApplicationName(QStringLiteral("watchpost"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WATCHPOST_VERSION));
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const ParseOutcome parsed = parseCommandLine(arguments);
    if (!parsed.options) {
        Command::say(stderr, QStringLiteral("watchpost: %1\nTry 'watchpost --help'.").arg(parsed.error));
        return 2;
    }
    const Options o = *parsed.options;
    switch (o.mode) {
    case Options::Mode::Help:
        Command::say(stdout, usageText());
        return 0;
    case Options::Mode::Version:
        Command::say(stdout, QStringLiteral("watchpost %1").arg(QStringLiteral(WATCHPOST_VERSION)));
        return 0;
    case Options::Mode::TokenCreate:
        return headless<TokenCreateCommand>(o, argc, argv);
    case Options::Mode::AuditVerify:
        return headless<AuditVerifyCommand>(o, argc, argv);
    case Options::Mode::WebhookSecretSet:
    case Options::Mode::WebhookSecretRemove:
        return headless<WebhookSecretCommand>(o, argc, argv);
    case Options::Mode::Replicate:
        return headless<ReplicateCommand>(o, argc, argv);
    case Options::Mode::Serve:
        return headless<ServeCommand>(o, argc, argv);
    case Options::Mode::ShipCheck:
        return headless<ShipCheckCommand>(o, argc, argv);
    case Options::Mode::Open:
    case Options::Mode::Console:
        if (!hasDisplay()) {
            Command::say(stdout,
                         QStringLiteral("watchpost: no display found; running headless instead (watchpost serve)"));
            return headless<ServeCommand>(o, argc, argv);
        }
        return ConsoleCommand(o, argc, argv).run();
    }
    return 0;
}
