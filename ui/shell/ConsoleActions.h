#pragma once
// ConsoleActions: every command of the console with its label, shortcut and icon — the one table the menus, the
// toolbar, the incident page's buttons and Help › Keyboard shortcuts are all built from. Plain values.

#include <QList>
#include <QString>

class QAction;
class QObject;

namespace watchpost {

struct ConsoleAction
{
    QString id;       // the QAction's objectName (the test API)
    QString menu;     // the menu bar menu it sits in: File, Go, Incident, View, Help; empty: a key of one page only
    QString label;    // as shown in menus ("Report incident…")
    QString shortcut; // portable text, empty for none
    QString where;    // for keys that act in one place only ("Incident list", "Any form")
    QString icon;     // freedesktop icon name (bundled fallback in resources/icons)
    bool destructive = false; // shown as such, never a default button
};

class ConsoleActions
{
public:
    // Every command, menus in menu bar order; the Go entries come from ConsoleRoutes.
    static const QList<ConsoleAction>& all();
    // The entry named `id`; asserts that there is one.
    static const ConsoleAction& get(const QString& id);
    // A QAction for `id`: its text, shortcut, tooltip ("Label (Shortcut)"), icon and accessible name from the table.
    static QAction* make(const QString& id, QObject* parent);
    // The icon named in the table, from the desktop theme or else the bundled SVG.
    static QString iconResource(const QString& name);
    static QList<QString> menus();
};

} // namespace watchpost
