#include "ui/shell/ShortcutsDialog.h"

#include "ui/shell/ConsoleActions.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QTableWidget>
#include <QVBoxLayout>

namespace watchpost {

ShortcutsDialog::ShortcutsDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(QStringLiteral("Keyboard shortcuts — Watchpost"));
    auto* l = new QVBoxLayout(this);
    auto* table = new QTableWidget(0, 3, this);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setAccessibleName(QStringLiteral("Keyboard shortcuts"));
    table->setHorizontalHeaderLabels({QStringLiteral("Where"), QStringLiteral("Command"), QStringLiteral("Keys")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (const ConsoleAction& a : ConsoleActions::all()) {
        if (a.shortcut.isEmpty())
            continue;
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, 0, new QTableWidgetItem(a.menu.isEmpty() ? a.where : a.menu + QStringLiteral(" menu")));
        table->setItem(row, 1, new QTableWidgetItem(QString(a.label).remove(QStringLiteral("…"))));
        table->setItem(row, 2, new QTableWidgetItem(QKeySequence(a.shortcut).toString(QKeySequence::NativeText)));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    l->addWidget(table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    l->addWidget(buttons);
}

} // namespace watchpost
