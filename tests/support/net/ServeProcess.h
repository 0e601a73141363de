#pragma once
// ServeProcess: the built `watchpost` run as a child process, as a person or a script runs it — a one-shot command
// with its exit code and output, or a long-running one (serve, a console) until it prints "listening on URL".

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace testsupport {

struct CommandRun
{
    int code = -1; // -1: crashed or did not end within 30 s
    QByteArray out;
    QByteArray err;
};

// Runs `watchpost ARGS` to its end.
CommandRun runWatchpost(const QStringList& args,
                        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

// Starts `watchpost ARGS` in `process` and waits up to 10 s for it to print "listening on URL"; returns the URL,
// or empty (then `printed` holds what it did print, for the failure message).
QString startListening(QProcess& process, const QStringList& args,
                       const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                       QByteArray* printed = nullptr);

} // namespace testsupport
