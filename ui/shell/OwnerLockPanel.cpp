#include "ui/shell/OwnerLockPanel.h"

#include "ui/shell/Theme.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace watchpost {

OwnerLockPanel::OwnerLockPanel(std::shared_ptr<OwnerAccount> owner, std::shared_ptr<SecretStore> keys, QWidget* parent)
    : QWidget(parent), m_owner(std::move(owner)), m_keys(std::move(keys))
{
    setObjectName(QStringLiteral("ownerLockPanel"));
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto* box = new QWidget(this);
    box->setFixedWidth(480);
    auto* layout = new QVBoxLayout(box);
    m_title = new QLabel(box);
    m_why = new QLabel(box);
    m_why->setObjectName(QStringLiteral("lockReason"));
    m_why->setWordWrap(true);
    // Word-wrapped rich text in a centred box does not grow with its text: room for four lines.
    m_why->setMinimumHeight(m_why->fontMetrics().lineSpacing() * 4);
    m_why->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    layout->addWidget(m_title);
    layout->addWidget(m_why);
    auto* form = new QFormLayout;
    m_form = form;
    m_name = new QLineEdit(box);
    m_name->setObjectName(QStringLiteral("ownerName"));
    m_name->setAccessibleName(QStringLiteral("Owner name"));
    m_passphrase = new QLineEdit(box);
    m_passphrase->setObjectName(QStringLiteral("ownerPassphrase"));
    m_passphrase->setAccessibleName(QStringLiteral("Passphrase"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_confirmation = new QLineEdit(box);
    m_confirmation->setObjectName(QStringLiteral("ownerConfirmation"));
    m_confirmation->setAccessibleName(QStringLiteral("Passphrase again"));
    m_confirmation->setEchoMode(QLineEdit::Password);
    form->addRow(QStringLiteral("Your name"), m_name);
    form->addRow(QStringLiteral("Passphrase"), m_passphrase);
    form->addRow(QStringLiteral("Passphrase again"), m_confirmation);
    layout->addLayout(form);
    m_stay = new QCheckBox(QStringLiteral("Stay signed in on this computer (kept in the OS keychain)"), box);
    m_stay->setObjectName(QStringLiteral("staySignedIn"));
    layout->addWidget(m_stay);
    m_error = new QLabel(box);
    m_error->setObjectName(QStringLiteral("lockError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: %1").arg(Theme::slaColor(SlaState::Breached).name()));
    layout->addWidget(m_error);
    m_go = new QPushButton(box);
    m_go->setObjectName(QStringLiteral("unlockButton"));
    m_go->setDefault(true);
    m_connect = new QPushButton(QStringLiteral("Connect to a server instead…"), box);
    m_connect->setObjectName(QStringLiteral("connectToServerButton"));
    m_connect->setToolTip(QStringLiteral("Team mode: this console shows and acts on a Watchpost server (watchpost "
                                         "serve) that GitHub reaches, with your API key"));
    m_connect->setVisible(false);
    connect(m_connect, &QPushButton::clicked, this, [this] {
        if (m_connectToServer)
            m_connectToServer();
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_connect);
    buttons->addStretch();
    buttons->addWidget(m_go);
    layout->addLayout(buttons);
    outer->addWidget(box, 0, Qt::AlignHCenter);
    outer->addStretch(2);
    connect(m_go, &QPushButton::clicked, this, &OwnerLockPanel::submit);
    connect(m_passphrase, &QLineEdit::returnPressed, this, &OwnerLockPanel::submit);
    connect(m_confirmation, &QLineEdit::returnPressed, this, &OwnerLockPanel::submit);
    prepare({});
}

void OwnerLockPanel::setConnectToServer(std::function<void()> connect)
{
    m_connectToServer = std::move(connect);
    prepare(m_reason);
}

bool OwnerLockPanel::isUntouched() const
{
    return m_reason.isEmpty() && m_passphrase->text().isEmpty();
}

void OwnerLockPanel::prepare(const QString& why)
{
    m_reason = why;
    const auto read = m_owner->ownerName();
    m_passphrase->clear();
    m_confirmation->clear();
    m_error->clear();
    if (!read) { // fails closed: locked, and no set-up form for an owner that may exist
        m_connect->setVisible(false);
        m_form->setRowVisible(m_name, false);
        m_form->setRowVisible(m_confirmation, false);
        m_stay->setVisible(false);
        m_title->setText(QStringLiteral("<h2>Watchpost is locked</h2>"));
        m_why->setText(QStringLiteral("The owner account could not be read, so this console stays locked. Enter the "
                                      "passphrase to try again."));
        m_error->setText(read.error().message);
        m_go->setText(QStringLiteral("Unlock"));
        m_passphrase->setFocus();
        return;
    }
    const std::optional<QString>& name = *read;
    m_connect->setVisible(!name && m_connectToServer);
    m_form->setRowVisible(m_name, !name);
    m_form->setRowVisible(m_confirmation, !name);
    m_stay->setVisible(bool(name) && m_keys);
    if (!name) {
        m_title->setText(QStringLiteral("<h2>Welcome to Watchpost</h2>"));
        m_why->setText(
            QStringLiteral("Set the owner of this console. What you do here is recorded under your name; the "
                           "passphrase (at least %1 characters) is kept only as an scrypt hash.")
                .arg(OwnerAccount::kMinimumPassphrase));
        m_go->setText(QStringLiteral("Set up"));
    } else {
        m_title->setText(QStringLiteral("<h2>Watchpost is locked</h2>"));
        m_why->setText(
            why.isEmpty() ? QStringLiteral("Enter the passphrase of %1 to unlock.").arg(name->toHtmlEscaped()) : why);
        m_go->setText(QStringLiteral("Unlock"));
    }
    if (name)
        m_passphrase->setFocus();
    else
        m_name->setFocus(); // setting up: the name comes first
}

void OwnerLockPanel::submit()
{
    const auto read = m_owner->ownerName();
    if (!read) {
        prepare({});
        return;
    }
    const std::optional<QString>& name = *read;
    Result<Done> done = name ? m_owner->unlock(m_passphrase->text())
                             : m_owner->setUp(m_name->text(), m_passphrase->text(), m_confirmation->text());
    if (!done) {
        m_error->setText(done.error().message);
        m_passphrase->selectAll();
        return;
    }
    QString warning;
    if (name && m_stay->isChecked() && m_keys)
        if (auto remembered = m_owner->remember(*m_keys); !remembered)
            warning = QStringLiteral("Signed in, but cannot stay signed in: %1").arg(remembered.error().message);
    m_passphrase->clear();
    m_confirmation->clear();
    Q_EMIT unlocked(name ? *name : m_name->text().trimmed(), warning);
}

} // namespace watchpost
