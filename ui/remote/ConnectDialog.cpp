#include "ui/remote/ConnectDialog.h"

#include "ui/widgets/PageParts.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace watchpost {
namespace {
QLabel* errorLabel(QWidget* parent, const QString& name)
{
    auto* l = new QLabel(parent);
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
    l->setStyleSheet(QStringLiteral("color: %1").arg(parts::badColor()));
    l->hide();
    return l;
}

// "AB:CD:…" as openssl prints it: easier to compare aloud than 64 digits in a row.
QString colonHex(const QString& hex)
{
    QStringList pairs;
    for (int i = 0; i + 1 < hex.size(); i += 2)
        pairs << hex.mid(i, 2).toUpper();
    return pairs.join(QLatin1Char(':'));
}
} // namespace

ConnectDialog::ConnectDialog(ProbeServer probe, const QString& url, QWidget* parent)
    : QDialog(parent), m_probe(std::move(probe))
{
    setObjectName(QStringLiteral("connectDialog"));
    setWindowTitle(QStringLiteral("Connect to a server — Watchpost"));
    auto* l = new QVBoxLayout(this);
    l->setSizeConstraint(QLayout::SetMinimumSize); // grows with what it shows (the fingerprint, an error)
    auto* intro = new QLabel(QStringLiteral("Attach this console to a Watchpost server (<code>watchpost serve</code>). "
                                            "Pages show a replica on this machine that follows the server; what you "
                                            "do goes to the server under your key's name. The key is kept in your "
                                            "keyring, never in a file."),
                             this);
    intro->setWordWrap(true);
    l->addWidget(intro);
    auto* form = new QFormLayout;
    m_url = new QLineEdit(url, this);
    m_url->setObjectName(QStringLiteral("connectUrl"));
    m_url->setPlaceholderText(QStringLiteral("https://watchpost.example.com:8443"));
    m_url->setAccessibleName(QStringLiteral("Server URL"));
    m_urlError = errorLabel(this, QStringLiteral("connectUrlError"));
    auto* urlBox = new QVBoxLayout;
    urlBox->addWidget(m_url);
    urlBox->addWidget(m_urlError);
    form->addRow(QStringLiteral("Server URL *"), urlBox);
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("connectKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(QStringLiteral("wpt_…"));
    m_key->setAccessibleName(QStringLiteral("Your API key"));
    m_keyError = errorLabel(this, QStringLiteral("connectKeyError"));
    auto* keyBox = new QVBoxLayout;
    keyBox->addWidget(m_key);
    keyBox->addWidget(m_keyError);
    form->addRow(QStringLiteral("Your API key *"), keyBox);
    l->addLayout(form);
    m_certificate = new QLabel(this);
    m_certificate->setObjectName(QStringLiteral("connectCertificate"));
    m_certificate->setWordWrap(true);
    m_certificate->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_certificate->hide();
    l->addWidget(m_certificate);
    auto* buttons = new QDialogButtonBox(this);
    m_connect = buttons->addButton(QStringLiteral("&Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_connect->setDefault(true);
    m_trust = buttons->addButton(QStringLiteral("&Trust this certificate"), QDialogButtonBox::ActionRole);
    m_trust->setObjectName(QStringLiteral("trustCertificateButton"));
    m_trust->setToolTip(QStringLiteral("Pin this fingerprint: from now on this console accepts only this certificate "
                                       "from the server"));
    m_trust->hide();
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_connect, &QPushButton::clicked, this, &ConnectDialog::tryConnect);
    connect(m_trust, &QPushButton::clicked, this, [this] {
        m_pin = m_offered;
        tryConnect();
    });
    // A changed URL or key is a new question: the certificate shown was for the old one.
    for (QLineEdit* e : {m_url, m_key})
        connect(e, &QLineEdit::textEdited, this, [this] {
            m_urlError->hide();
            m_keyError->hide();
            m_certificate->hide();
            m_trust->hide();
            m_offered.clear();
        });
    l->addWidget(buttons);
    setMinimumWidth(520);
    (url.isEmpty() ? m_url : m_key)->setFocus();
}

QString ConnectDialog::url() const
{
    return QUrl(m_url->text().trimmed()).adjusted(QUrl::StripTrailingSlash).toString();
}

QString ConnectDialog::key() const
{
    return m_key->text().trimmed();
}

void ConnectDialog::showProblem(const QString& field, const QString& message)
{
    QLabel* label = field == QLatin1String("key") ? m_keyError : m_urlError;
    label->setText(message);
    label->show();
    adjustSize();
    (field == QLatin1String("key") ? m_key : m_url)->setFocus();
}

void ConnectDialog::tryConnect()
{
    m_urlError->hide();
    m_keyError->hide();
    const QUrl u(m_url->text().trimmed(), QUrl::StrictMode);
    const bool https = u.scheme() == QLatin1String("https");
    const bool loopback = u.host() == QLatin1String("localhost") || u.host() == QLatin1String("127.0.0.1") ||
                          u.host() == QLatin1String("::1");
    if (!u.isValid() || u.host().isEmpty() || (!https && u.scheme() != QLatin1String("http")))
        return showProblem(QStringLiteral("server"), QStringLiteral("write the server as https://HOST[:PORT]"));
    if (!https && !loopback)
        return showProblem(QStringLiteral("server"), QStringLiteral("plain http:// beyond this machine would send "
                                                                    "your key readable: use https://"));
    if (key().isEmpty())
        return showProblem(QStringLiteral("key"), QStringLiteral("your API key is required (an admin creates it in "
                                                                 "Settings › Security or with watchpost token "
                                                                 "create)"));
    m_connect->setEnabled(false);
    m_trust->setEnabled(false);
    m_connect->setText(QStringLiteral("Connecting…"));
    const quint64 attempt = ++m_attempt;
    m_probe(url(), key(), m_pin, [this, attempt](const ServerProbe& p) {
        if (attempt == m_attempt)
            onProbe(p);
    });
}

void ConnectDialog::onProbe(const ServerProbe& p)
{
    m_connect->setEnabled(true);
    m_trust->setEnabled(true);
    m_connect->setText(QStringLiteral("&Connect"));
    switch (p.outcome) {
    case ServerProbe::Outcome::Connected:
        m_name = p.name;
        m_role = p.role;
        accept();
        return;
    case ServerProbe::Outcome::Untrusted:
        m_offered = p.fingerprint;
        m_pin.clear();
        m_certificate->setText(
            QStringLiteral("<b>This system does not trust the certificate of %1.</b> If it is the server's own "
                           "self-signed certificate, compare its SHA-256 fingerprint with the one the server's "
                           "operator gives you (<code>watchpost serve</code> prints it when it starts):<br><br>"
                           "<code>%2</code><br><br>Trust it only if every pair matches. Once trusted, this console "
                           "refuses any other certificate from this server.")
                .arg(parts::esc(url()), colonHex(p.fingerprint)));
        m_certificate->show();
        m_trust->show();
        adjustSize();
        return;
    case ServerProbe::Outcome::Failed:
        m_pin.clear();
        showProblem(p.field, p.message);
        return;
    }
}

} // namespace watchpost
