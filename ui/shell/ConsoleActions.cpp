#include "ui/shell/ConsoleActions.h"

#include "ui/shell/ConsoleRoutes.h"

#include <QAction>
#include <QFile>
#include <QIcon>

namespace watchpost {
namespace {
QList<ConsoleAction> build()
{
    const QString file = QStringLiteral("File"), go = QStringLiteral("Go"), incident = QStringLiteral("Incident"),
                  view = QStringLiteral("View"), help = QStringLiteral("Help");
    QList<ConsoleAction> all{
        {QStringLiteral("reportIncidentAction"),
         file,
         QStringLiteral("Report incident…"),
         QStringLiteral("Ctrl+N"),
         {},
         QStringLiteral("document-new")},
        {QStringLiteral("lockAction"),
         file,
         QStringLiteral("Lock now"),
         QStringLiteral("Ctrl+L"),
         {},
         QStringLiteral("system-lock-screen")},
        {QStringLiteral("quitAction"),
         file,
         QStringLiteral("Quit Watchpost"),
         QStringLiteral("Ctrl+Q"),
         {},
         QStringLiteral("application-exit")},
    };
    for (const ConsolePage& page : ConsoleRoutes::pages())
        if (!page.menuLabel.isEmpty())
            all.append({QStringLiteral("go_") + page.key,
                        go,
                        page.menuLabel,
                        page.shortcut,
                        {},
                        QStringLiteral("go-") + page.key});
    all += QList<ConsoleAction>{
        {QStringLiteral("backAction"),
         go,
         QStringLiteral("Back"),
         QStringLiteral("Alt+Left"),
         {},
         QStringLiteral("go-previous")},
        // One primary lifecycle step per state (the page's primary button shows the one that fits).
        {QStringLiteral("acknowledgeAction"),
         incident,
         QStringLiteral("Acknowledge…"),
         QStringLiteral("Ctrl+Shift+A"),
         {},
         QStringLiteral("dialog-ok")},
        {QStringLiteral("containAction"),
         incident,
         QStringLiteral("Mark contained…"),
         QStringLiteral("Ctrl+Shift+C"),
         {},
         QStringLiteral("security-high")},
        {QStringLiteral("resolveAction"),
         incident,
         QStringLiteral("Resolve…"),
         QStringLiteral("Ctrl+Shift+R"),
         {},
         QStringLiteral("checkmark")},
        {QStringLiteral("closeIncidentAction"),
         incident,
         QStringLiteral("Close incident…"),
         QStringLiteral("Ctrl+Shift+L"),
         {},
         QStringLiteral("archive"),
         true},
        // Add to timeline ▾
        {QStringLiteral("containmentEntryAction"),
         incident,
         QStringLiteral("Containment action…"),
         QStringLiteral("Ctrl+Shift+K"),
         {},
         QStringLiteral("list-add")},
        {QStringLiteral("communicationEntryAction"),
         incident,
         QStringLiteral("Communication…"),
         QStringLiteral("Ctrl+Shift+M"),
         {},
         QStringLiteral("mail-message")},
        {QStringLiteral("decisionEntryAction"),
         incident,
         QStringLiteral("Stakeholder decision…"),
         QStringLiteral("Ctrl+Shift+D"),
         {},
         QStringLiteral("view-task")},
        {QStringLiteral("noteEntryAction"),
         incident,
         QStringLiteral("Note…"),
         QStringLiteral("Ctrl+Shift+N"),
         {},
         QStringLiteral("document-edit")},
        {QStringLiteral("followUpAction"),
         incident,
         QStringLiteral("Follow-up…"),
         QStringLiteral("Ctrl+Shift+F"),
         {},
         QStringLiteral("view-task-add")},
        // The rest (⋯)
        {QStringLiteral("correctEntryAction"),
         incident,
         QStringLiteral("Correct selected entry…"),
         QStringLiteral("Ctrl+Shift+X"),
         {},
         QStringLiteral("edit-undo")},
        {QStringLiteral("changeFollowUpAction"),
         incident,
         QStringLiteral("Change selected follow-up…"),
         QStringLiteral("Ctrl+Shift+U"),
         {},
         QStringLiteral("document-properties")},
        {QStringLiteral("exportTimelineAction"),
         incident,
         QStringLiteral("Export timeline…"),
         QStringLiteral("Ctrl+Shift+E"),
         {},
         QStringLiteral("document-export")},
        {QStringLiteral("recoverFromIncidentAction"),
         incident,
         QStringLiteral("Token-compromise recovery…"),
         QStringLiteral("Ctrl+Shift+Y"),
         {},
         QStringLiteral("security-low")},
        // The shipping kill switch, engaged from the incident it belongs to.
        {QStringLiteral("stopShippingAction"),
         incident,
         QStringLiteral("Stop shipping…"),
         QStringLiteral("Ctrl+Shift+S"),
         {},
         QStringLiteral("process-stop"),
         true},
        {QStringLiteral("releaseKillSwitchAction"),
         incident,
         QStringLiteral("Release kill switch…"),
         QStringLiteral("Ctrl+Shift+O"),
         {},
         QStringLiteral("media-playback-start")},
        {QStringLiteral("toggleThemeAction"),
         view,
         QStringLiteral("Dark/light theme"),
         QStringLiteral("Ctrl+Shift+T"),
         {},
         QStringLiteral("color-management")},
        {QStringLiteral("refreshAction"),
         view,
         QStringLiteral("Refresh"),
         QStringLiteral("F5"),
         {},
         QStringLiteral("view-refresh")},
        {QStringLiteral("shortcutsAction"),
         help,
         QStringLiteral("Keyboard shortcuts"),
         QStringLiteral("F1"),
         {},
         QStringLiteral("help-keyboard-shortcuts")},
        // Keys of one place, listed so the shortcuts window is complete.
        {QStringLiteral("findKey"),
         {},
         QStringLiteral("Search incidents"),
         QStringLiteral("Ctrl+F"),
         QStringLiteral("Incident list"),
         {}},
        {QStringLiteral("clearSearchKey"),
         {},
         QStringLiteral("Clear the search"),
         QStringLiteral("Esc"),
         QStringLiteral("Incident list search"),
         {}},
        {QStringLiteral("openRowKey"),
         {},
         QStringLiteral("Open the selected row"),
         QStringLiteral("Return"),
         QStringLiteral("Any list"),
         {}},
        {QStringLiteral("submitFormKey"),
         {},
         QStringLiteral("Submit the form"),
         QStringLiteral("Ctrl+Return"),
         QStringLiteral("Any form"),
         {}},
        {QStringLiteral("nextFieldKey"),
         {},
         QStringLiteral("Next field, or submit from the last"),
         QStringLiteral("Return"),
         QStringLiteral("One-line field of a form"),
         {}},
        {QStringLiteral("cancelFormKey"),
         {},
         QStringLiteral("Cancel (asks first when something was typed)"),
         QStringLiteral("Esc"),
         QStringLiteral("Any form"),
         {}},
    };
    return all;
}
} // namespace

const QList<ConsoleAction>& ConsoleActions::all()
{
    static const QList<ConsoleAction> table = build();
    return table;
}

const ConsoleAction& ConsoleActions::get(const QString& id)
{
    for (const ConsoleAction& a : all())
        if (a.id == id)
            return a;
    Q_ASSERT_X(false, "ConsoleActions::get", qPrintable(id));
    static const ConsoleAction none;
    return none;
}

QList<QString> ConsoleActions::menus()
{
    QList<QString> out;
    for (const ConsoleAction& a : all())
        if (!a.menu.isEmpty() && !out.contains(a.menu))
            out << a.menu;
    return out;
}

QString ConsoleActions::iconResource(const QString& name)
{
    return QStringLiteral(":/icons/%1.svg").arg(name);
}

QAction* ConsoleActions::make(const QString& id, QObject* parent)
{
    const ConsoleAction& spec = get(id);
    auto* action = new QAction(spec.label, parent);
    action->setObjectName(spec.id);
    if (!spec.shortcut.isEmpty()) {
        action->setShortcut(QKeySequence(spec.shortcut));
        action->setToolTip(
            QStringLiteral("%1 (%2)").arg(QString(spec.label).remove(QStringLiteral("…")),
                                          QKeySequence(spec.shortcut).toString(QKeySequence::NativeText)));
    }
    if (!spec.icon.isEmpty()) {
        const QString bundled = iconResource(spec.icon);
        action->setIcon(QIcon::fromTheme(spec.icon, QFile::exists(bundled) ? QIcon(bundled) : QIcon()));
    }
    return action;
}

} // namespace watchpost
