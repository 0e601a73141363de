#pragma once
// PageParts: the pieces every console page builds with — a read-only row table, filling a row, a named button,
// how times are shown, and the rich text of reports — so the pages look and behave alike.

#include <QDateTime>
#include <QStringList>
#include <optional>

class QPushButton;
class QTableWidget;
class QWidget;

namespace watchpost::parts {

QTableWidget* table(const QString& objectName, const QStringList& headers, QWidget* parent);
void fill(QTableWidget* table, int row, const QStringList& cells);
QPushButton* button(const QString& text, const QString& objectName, QWidget* parent);
QString when(const std::optional<QDateTime>& t);
// Rich-text pieces of the reports pages show: escaped text, a bullet list (empty for no items), and the colours of
// a bad and a good outcome (always shown with a word as well).
QString esc(const QString& s);
QString htmlList(const QStringList& items);
QString badColor();
QString goodColor();

} // namespace watchpost::parts
