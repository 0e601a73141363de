#include "tests/support/ui/ConsoleFixture.h"

#include "models/audit/AuditLog.h"
#include "net/github/RotationTargets.h"

#include <QAction>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>

using namespace watchpost;

Console::Console(std::shared_ptr<OwnerAccount> owner, std::shared_ptr<DesktopSession> desktop)
{
    ctx.owner = std::move(owner);
    ctx.desktop = std::move(desktop);
    // Modal questions are answered through their seams, never clicked: a closed form discards what was typed, and
    // closing the window quits (tests that check the question set these themselves).
    FormDialog::setDiscardAnswerForTests(true);
    MainWindow::setQuitAnswerForTests(true);
    ctx.settingsFile = settingsDir.filePath(QStringLiteral("watchpost.ini"));
    ctx.rotationTargets = [this](const ManagedSecret& secret, ManagedSecretService& secrets, SessionService& sessions) {
        return makeRotationTarget(secret, RotationDeps{api.store, api.clock, &secrets, &sessions, api.secrets.get(),
                                                       api.webhooks.secrets, &network, nullptr});
    };
    ctx.services = std::make_shared<DomainServices>(api.deps());
    ctx.setActor(QStringLiteral("lead"));
    api.webhooks.secrets->setHook(QStringLiteral("default"), "console-secret", {}, 0, 0);
    const QString url = api.url;
    ctx.listener = [url] { return ListenerInfo{true, true, url, QString()}; };
    window = std::make_unique<MainWindow>(ctx);
    window->show();
}

SecurityPage* Console::security()
{
    window->openRoute(QStringLiteral("/settings/security"));
    return window->securityPage();
}

std::shared_ptr<OwnerAccount> Console::danaOwns(bool setUp)
{
    auto account =
        std::make_shared<OwnerAccount>(api.store, api.clock, std::make_shared<AuditLog>(api.store, api.clock));
    if (!setUp)
        return account;
    const auto set = account->setUp(QStringLiteral("Dana Reyes"), QStringLiteral("correct horse battery"),
                                    QStringLiteral("correct horse battery"));
    return set ? account : nullptr;
}

void Console::unlock(const QString& passphrase)
{
    window->findChild<QLineEdit*>(QStringLiteral("ownerPassphrase"))->setText(passphrase);
    window->findChild<QPushButton*>(QStringLiteral("unlockButton"))->click();
}

FormDialog* Console::openDialog(const char* button)
{
    // A button, or an action of the action table (the Incident menu's entries are actions).
    if (auto* b = window->findChild<QPushButton*>(QLatin1String(button))) {
        if (!b->isEnabled())
            return nullptr;
        b->click();
    } else if (auto* a = window->findChild<QAction*>(QLatin1String(button))) {
        if (!a->isEnabled())
            return nullptr;
        a->trigger();
    } else
        return nullptr;
    for (FormDialog* d : window->findChildren<FormDialog*>())
        if (d->isVisible())
            return d;
    return nullptr;
}

QJsonObject Console::reportBody()
{
    return QJsonObject{{"title", "GuardDuty: crypto-mining"},
                       {"severity", "high"},
                       {"summary", "DNS to mining pool"},
                       {"source", QJsonObject{{"kind", "automated_signal"}, {"signal", "guardduty"}}}};
}

int shownRows(const QTableView* table)
{
    return table->model()->rowCount();
}

QString shownText(const QTableView* table, int row, int column)
{
    return table->model()->index(row, column).data().toString();
}
