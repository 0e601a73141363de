#include "models/remote/RemoteLink.h"

#include <QDateTime>

namespace watchpost {
namespace {
QString clockTime(qint64 ms)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms).toLocalTime();
    const bool today = t.date() == QDate::currentDate();
    return t.toString(today ? QStringLiteral("HH:mm:ss") : QStringLiteral("yyyy-MM-dd HH:mm"));
}
} // namespace

std::optional<QString> LinkState::whyCannotAct() const
{
    if (status != Status::Live)
        return status == Status::Offline
                   ? QStringLiteral("%1 is offline (%2): actions are not sent, and none is kept to send later")
                         .arg(server, reason)
                   : QStringLiteral("still connecting to %1: actions are refused until the replica has caught up")
                         .arg(server);
    if (role == QLatin1String("viewer"))
        return QStringLiteral("your key for %1 is a viewer's: it reads, it does not act").arg(server);
    if (role.isEmpty())
        return QStringLiteral("%1 has not said yet who this key is").arg(server);
    return std::nullopt;
}

QString LinkState::describe() const
{
    const QString asOfText = asOf ? QStringLiteral("as of %1").arg(clockTime(*asOf)) : QStringLiteral("nothing yet");
    switch (status) {
    case Status::Live:
        return QStringLiteral("Live: %1").arg(server);
    case Status::Connecting:
        return QStringLiteral("Connecting to %1 — showing the replica %2").arg(server, asOfText);
    case Status::Offline:
        break;
    }
    return QStringLiteral("Offline since %1 — %2. Showing the replica %3%4")
        .arg(offlineSince ? clockTime(*offlineSince) : QStringLiteral("start"), reason, asOfText,
             retrying ? QStringLiteral("; retrying") : QString());
}

} // namespace watchpost
