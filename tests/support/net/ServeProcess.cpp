#include "tests/support/net/ServeProcess.h"

namespace testsupport {
namespace {
const QString kBinary = QStringLiteral(WATCHPOST_BINARY);
const QByteArray kListening = QByteArrayLiteral("listening on ");
} // namespace

CommandRun runWatchpost(const QStringList& args, const QProcessEnvironment& env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(kBinary, args);
    p.waitForFinished(30000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QString startListening(QProcess& process, const QStringList& args, const QProcessEnvironment& env, QByteArray* printed)
{
    process.setProcessEnvironment(env);
    process.start(kBinary, args);
    QByteArray out;
    qsizetype at = -1;
    for (int i = 0; i < 100 && process.state() != QProcess::NotRunning; ++i) {
        process.waitForReadyRead(100);
        out += process.readAllStandardOutput();
        at = out.indexOf(kListening);
        if (at >= 0 && out.indexOf('\n', at) > at)
            break;
    }
    if (printed)
        *printed = out;
    if (at < 0 || out.indexOf('\n', at) < 0)
        return {};
    const qsizetype from = at + kListening.size();
    return QString::fromLatin1(out.mid(from, out.indexOf('\n', at) - from).trimmed());
}

} // namespace testsupport
