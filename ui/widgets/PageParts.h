#pragma once
// PageParts: the pieces every console page builds with — a read-only row table, filling a row, a named button,
// how times are shown, and the rich text of reports — so the pages look and behave alike.

#include <QDateTime>
#include <QStringList>
#include <functional>
#include <optional>

class QAction;
class QLabel;
class QPushButton;
class QTableView;
class QWidget;

namespace watchpost {
class StoreTableModel;
}

namespace watchpost::parts {

// A read-only, row-selecting view of `model` (a store table model), its problem cells coloured (ProblemStyle);
// columns fit their contents whenever the model reads again.
QTableView* view(const QString& objectName, StoreTableModel* model, QWidget* parent);
// The row selected in `view`, or -1.
int selectedRow(const QTableView* view);
QPushButton* button(const QString& text, const QString& objectName, QWidget* parent);
// Enables `button` only while `view` has a selected row; disabled, its tooltip says `why`.
void enableOnSelection(QPushButton* button, QTableView* view, const QString& why);
// A line over `view`'s empty viewport while it has no rows: what it means and the next step (links go to `onLink`).
QLabel* emptyState(QTableView* view, std::function<QString()> text, std::function<void(const QString&)> onLink = {});
// A push button that shows and triggers `action`: its text, tooltip (the reason when disabled), icon, enabled and
// visible state follow the action. Named `objectName`.
QPushButton* actionButton(QAction* action, const QString& objectName, QWidget* parent);
QString when(const std::optional<QDateTime>& t);
// Rich-text pieces of the reports pages show: escaped text, a bullet list (empty for no items), and the colours of
// a bad and a good outcome (always shown with a word as well).
QString esc(const QString& s);
QString htmlList(const QStringList& items);
QString badColor();
QString goodColor();

} // namespace watchpost::parts
