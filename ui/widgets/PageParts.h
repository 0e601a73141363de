#pragma once
// PageParts: the pieces every console page builds with — a read-only row table, filling a row, a named button,
// and how times are shown — so the pages look and behave alike.

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

} // namespace watchpost::parts
