#pragma once
// ShortcutsDialog: Help › Keyboard shortcuts — every key of the console, read from the action table the menus are
// built from (ConsoleActions), so the list cannot drift from what the keys do.

#include <QDialog>

namespace watchpost {

class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ShortcutsDialog(QWidget* parent = nullptr);
};

} // namespace watchpost
