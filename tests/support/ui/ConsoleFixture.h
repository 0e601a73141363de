#pragma once
// ConsoleFixture (Console): the real main window over a real listener and temporary store, as the console runs,
// with the helpers the page tests drive it by (object names, dialogs, the owner's lock).

#include "tests/support/net/ApiFixture.h"
#include "ui/security/SecurityPage.h"
#include "ui/shell/MainWindow.h"
#include "ui/widgets/FormDialog.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTemporaryDir>

class QTableView;

// What a console table shows: its number of rows and the text of a cell (empty outside the table).
int shownRows(const QTableView* table);
QString shownText(const QTableView* table, int row, int column);

struct Console
{
    QTemporaryDir settingsDir; // what the window remembers, kept apart from the user's own settings
    ApiFixture api;
    watchpost::ConsoleContext ctx;
    QNetworkAccessManager network;
    std::unique_ptr<watchpost::MainWindow> window;

    // `owner`: the console starts locked behind the owner's passphrase, as the real one does.
    explicit Console(std::shared_ptr<watchpost::OwnerAccount> owner = nullptr,
                     std::shared_ptr<watchpost::DesktopSession> desktop = nullptr);

    watchpost::SecurityPage* security();
    // The console's owner: Dana Reyes with her passphrase "correct horse battery" (`setUp` false: no owner yet,
    // the first-start form). nullptr if the set-up was refused.
    std::shared_ptr<watchpost::OwnerAccount> danaOwns(bool setUp = true);
    void unlock(const QString& passphrase);
    // Clicks the button (or triggers the action) with this object name and returns the dialog it opened (nullptr:
    // disabled or none).
    watchpost::FormDialog* openDialog(const char* button);

    // A valid POST /api/v1/incidents body.
    static QJsonObject reportBody();
};
