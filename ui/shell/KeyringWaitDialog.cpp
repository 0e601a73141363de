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

KeyringWaitDialog::KeyringWaitDialog(std::chrono::milliseconds remaining, std::function<void()> cancel, QWidget* parent)
    : QDialog(parent), m_cancel(std::move(cancel)), m_remainingMs(qint64(remaining.count()))
{
    m_shown.start();
    setObjectName(QStringLiteral("keyringWaitDialog"));
    setWindowTitle(QStringLiteral("Waiting for your keyring — Watchpost"));
    setWindowModality(Qt::ApplicationModal);
    auto* l = new QVBoxLayout(this);
    auto* headline = new QLabel(QStringLiteral("<b>Waiting for your keyring…</b>"), this);
    headline->setObjectName(QStringLiteral("keyringWaitHeadline"));
    l->addWidget(headline);
    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("keyringWaitDetail"));
    m_detail->setWordWrap(true);
    l->addWidget(m_detail);
    auto* busy = new QProgressBar(this);
    busy->setRange(0, 0);
    busy->setTextVisible(false);
    busy->setAccessibleName(QStringLiteral("Waiting for the keyring"));
    l->addWidget(busy);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton* cancelButton = buttons->button(QDialogButtonBox::Cancel);
    cancelButton->setObjectName(QStringLiteral("keyringWaitCancel"));
    cancelButton->setToolTip(QStringLiteral("Stop waiting: the step fails and says so; nothing is recorded"));
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
    m_detail->setText(QStringLiteral("Your keyring may be asking for its password in a window of its own. Watchpost "
                                     "stops waiting in %1 s.")
                          .arg(left));
}

void KeyringWaitDialog::reject()
{
    m_tick->stop();
    if (auto cancel = std::exchange(m_cancel, nullptr))
        cancel();
    QDialog::reject();
}

std::unique_ptr<QObject> KeyringWaitDialog::open(std::chrono::milliseconds remaining, std::function<void()> cancel)
{
    auto* dialog = new KeyringWaitDialog(remaining, std::move(cancel), QApplication::activeWindow());
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    return std::make_unique<ShownDialog>(dialog);
}

} // namespace watchpost
