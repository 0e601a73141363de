#include "ui/shell/ConsoleRoutes.h"

namespace watchpost {

const QList<ConsolePage>& ConsoleRoutes::pages()
{
    static const QList<ConsolePage> all{
        {QStringLiteral("posture"),
         QStringLiteral("/posture"),
         QStringLiteral("posture"),
         QStringLiteral("Posture"),
         QStringLiteral("Posture"),
         QStringLiteral("Ctrl+1"),
         {}},
        {QStringLiteral("incidents"),
         QStringLiteral("/incidents"),
         QStringLiteral("incidents"),
         QStringLiteral("Incidents"),
         QStringLiteral("Incidents"),
         QStringLiteral("Ctrl+2"),
         {}},
        {QStringLiteral("incident"), QStringLiteral("/incidents/{id}"), QStringLiteral("incidents"), {}, {}, {}, {}},
        {QStringLiteral("metrics"),
         QStringLiteral("/metrics"),
         QStringLiteral("metrics"),
         QStringLiteral("Metrics"),
         QStringLiteral("Metrics"),
         QStringLiteral("Ctrl+3"),
         {}},
        {QStringLiteral("webhooks"),
         QStringLiteral("/webhooks"),
         QStringLiteral("webhooks"),
         QStringLiteral("Webhooks"),
         QStringLiteral("Webhooks"),
         QStringLiteral("Ctrl+4"),
         {}},
        {QStringLiteral("security"),
         QStringLiteral("/settings/security"),
         QStringLiteral("security"),
         QStringLiteral("Security"),
         QStringLiteral("Security settings"),
         QStringLiteral("Ctrl+5"),
         {}},
        {QStringLiteral("security"),
         QStringLiteral("/credentials"),
         QStringLiteral("security"),
         {},
         {},
         {},
         QStringLiteral("credentials")},
    };
    return all;
}

QList<const ConsolePage*> ConsoleRoutes::navigation()
{
    QList<const ConsolePage*> out;
    for (const ConsolePage& p : pages())
        if (!p.label.isEmpty())
            out << &p;
    return out;
}

std::optional<ConsoleRoute> ConsoleRoutes::parse(const QString& raw)
{
    QString route = raw.trimmed();
    if (route.startsWith(QLatin1String("watchpost:/")))
        route = route.mid(QStringLiteral("watchpost:/").size());
    while (route.startsWith(QLatin1String("//")))
        route.remove(0, 1);
    if (route.size() > 1 && route.endsWith(QLatin1Char('/')))
        route.chop(1);
    QStringList parts = route.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.isEmpty())
        parts = {QStringLiteral("posture")}; // "/" is the home page
    for (const ConsolePage& page : pages()) {
        const QStringList pattern = page.route.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        if (pattern.size() != parts.size())
            continue;
        ConsoleRoute matched{&page, {}, {}};
        bool same = true;
        for (int i = 0; same && i < pattern.size(); ++i) {
            if (pattern.at(i) == QLatin1String("{id}"))
                matched.argument = parts.at(i);
            else
                same = pattern.at(i) == parts.at(i);
        }
        if (!same)
            continue;
        matched.canonical = QLatin1Char('/') + parts.join(QLatin1Char('/'));
        return matched;
    }
    return std::nullopt;
}

QString ConsoleRoutes::examples()
{
    QStringList out;
    for (const ConsolePage& page : pages())
        out << QString(page.route).replace(QLatin1String("{id}"), QLatin1String("INC-2026-0001"));
    return out.join(QStringLiteral(", "));
}

QString ConsoleRoutes::unknownRouteMessage(const QString& route)
{
    return QStringLiteral("Unknown route %1 (try %2)").arg(route.left(200), examples());
}

} // namespace watchpost
