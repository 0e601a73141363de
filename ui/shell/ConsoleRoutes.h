#pragma once
// ConsoleRoutes: the console's pages and the routes that name them — the one list that the navigation, the Go
// menu, MainWindow::openRoute(), the unknown-route message and `watchpost open`'s help are all built from.
// Plain values, no widgets, so the command line can use it too.

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace watchpost {

struct ConsolePage
{
    QString key;       // the page it shows: posture, incidents, incident, metrics, webhooks, security
    QString route;     // its route; "{id}" stands for an incident's id
    QString navKey;    // the navigation row that is highlighted while it shows
    QString label;     // in the navigation list (empty: not listed)
    QString menuLabel; // in the Go menu (empty: not listed)
    QString shortcut;  // of its Go menu entry
    QString tab;       // the tab it opens, for pages with tabs
};

struct ConsoleRoute
{
    const ConsolePage* page = nullptr;
    QString argument;  // what "{id}" matched
    QString canonical; // the route as shown, e.g. /posture for "/" or watchpost://posture
};

class ConsoleRoutes
{
public:
    static const QList<ConsolePage>& pages();
    // The pages in the navigation list, in its order.
    static QList<const ConsolePage*> navigation();
    // Reads a route as typed, linked (watchpost://incidents/INC-2026-0001) or handed over by `watchpost open`.
    static std::optional<ConsoleRoute> parse(const QString& route);
    // Every route, with an example id: "/posture, /incidents, /incidents/INC-2026-0001, …".
    static QString examples();
    static QString unknownRouteMessage(const QString& route);
};

} // namespace watchpost
