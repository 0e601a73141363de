#include "ui/shell/KeyringWaitDialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace watchpost {
namespace {
// Owns a shown dialog for the keychain; the dialog may also go with its parent window, hence the QPointer.
class ShownDialog : public QObject
{
public:
    explicit ShownDialog(KeyringWaitDialog* dialog) : m_dialog(dialog) {}
    ~ShownDialog() override { delete m_dialog.data(); }

private:
    QPointer<KeyringWaitDialog> m_dialog;
};
} // namespace

KeyringWaitDialog::KeyringWaitDialog(std::chrono::milliseconds remaining, std::function<void()> cancel, QWidget* parent,
                                     For what)
    : QDialog(parent), m_for(what), m_cancel(std::move(cancel)), m_remainingMs(qint64(remaining.count()))
{
    m_shown.start();
    const bool server = what == For::Server;
    setObjectName(server ? QStringLiteral("serverWaitDialog") : QStringLiteral("keyringWaitDialog"));
    setWindowTitle(server ? QStringLiteral("Waiting for the server — Watchpost")
                          : QStringLiteral("Waiting for your keyring — Watchpost"));
    setWindowModality(Qt::ApplicationModal);
    auto* l = new QVBoxLayout(this);
    auto* headline = new QLabel(server ? QStringLiteral("<b>Waiting for the server…</b>")
                                       : QStringLiteral("<b>Waiting for your keyring…</b>"),
                                this);
    headline->setObjectName(QStringLiteral("keyringWaitHeadline"));
    l->addWidget(headline);
    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("keyringWaitDetail"));
    m_detail->setWordWrap(true);
    l->addWidget(m_detail);
    auto* busy = new QProgressBar(this);
    busy->setRange(0, 0);
    busy->setTextVisible(false);
    busy->setAccessibleName(server ? QStringLiteral("Waiting for the server")
                                   : QStringLiteral("Waiting for the keyring"));
    l->addWidget(busy);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton* cancelButton = buttons->button(QDialogButtonBox::Cancel);
    cancelButton->setObjectName(QStringLiteral("keyringWaitCancel"));
    cancelButton->setToolTip(server ? QStringLiteral("Stop waiting: the server may still record the action, and the "
                                                     "page shows it when its change arrives")
                                    : QStringLiteral("Stop waiting: the step fails and says so; nothing is recorded"));
    connect(buttons, &QDialogButtonBox::rejected, this, &KeyringWaitDialog::reject);
    l->addWidget(buttons);
    m_tick = new QTimer(this);
    m_tick->setInterval(250);
    connect(m_tick, &QTimer::timeout, this, &KeyringWaitDialog::showRemaining);
    m_tick->start();
    showRemaining();
    setMinimumWidth(380);
}

void KeyringWaitDialog::showRemaining()
{
    const qint64 left = std::max<qint64>(0, (m_remainingMs - m_shown.elapsed() + 999) / 1000);
    m_detail->setText(
        m_for == For::Server
            ? QStringLiteral("The server has not answered yet. Watchpost stops waiting in %1 s.").arg(left)
            : QStringLiteral("Your keyring may be asking for its password in a window of its own. "
                             "Watchpost stops waiting in %1 s.")
                  .arg(left));
}

void KeyringWaitDialog::reject()
{
    m_tick->stop();
    if (auto cancel = std::exchange(m_cancel, nullptr))
        cancel();
    QDialog::reject();
}

std::unique_ptr<QObject> KeyringWaitDialog::openForServer(std::chrono::milliseconds remaining,
                                                          std::function<void()> cancel)
{
    return showOverActiveWindow(
        new KeyringWaitDialog(remaining, std::move(cancel), QApplication::activeWindow(), For::Server));
}

std::unique_ptr<QObject> KeyringWaitDialog::open(std::chrono::milliseconds remaining, std::function<void()> cancel)
{
    return showOverActiveWindow(new KeyringWaitDialog(remaining, std::move(cancel), QApplication::activeWindow()));
}

std::unique_ptr<QObject> KeyringWaitDialog::showOverActiveWindow(KeyringWaitDialog* dialog)
{
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    return std::make_unique<ShownDialog>(dialog);
}

} // namespace watchpost
