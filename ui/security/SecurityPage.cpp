#include "ui/security/SecurityPage.h"

#include "ui/killswitch/KillSwitchTab.h"
#include "ui/security/AuditTab.h"
#include "ui/security/CredentialsTab.h"
#include "ui/security/RecoveryTab.h"
#include "ui/security/SecretsTab.h"
#include "ui/security/SessionsTab.h"

#include <QGroupBox>
#include <QLabel>
#include <QTabWidget>
#include <QVBoxLayout>

namespace watchpost {

SecurityPage::SecurityPage(const ConsoleContext& ctx, QWidget* parent) : QWidget(parent), m_ctx(ctx)
{
    setObjectName(QStringLiteral("securityPage"));
    DomainServices& domain = *ctx.services;
    const SecurityServices services{&domain.credentials(), &domain.secrets(), &domain.recovery()};

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("<h2>Settings › Security</h2>"), this));
    m_report = new QLabel(this);
    m_report->setObjectName(QStringLiteral("securityReport"));
    m_report->setWordWrap(true);
    m_report->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("securityTabs"));
    m_credentialsTab = new CredentialsTab(ctx, services, m_tabs);
    m_sessionsTab = new SessionsTab(ctx, services, m_tabs);
    m_secretsTab = new SecretsTab(ctx, services, m_tabs);
    m_recoveryTab = new RecoveryTab(
        ctx, services, [this] { return m_credentialsTab->selectedCredential(); }, m_tabs);
    m_auditTab = new AuditTab(ctx, services, m_tabs);
    addTab(m_credentialsTab, QStringLiteral("Credentials"));
    addTab(m_sessionsTab, QStringLiteral("Sessions"));
    addTab(m_secretsTab, QStringLiteral("Secrets"));
    addTab(m_recoveryTab, QStringLiteral("Recovery"));
    addTab(m_auditTab, QStringLiteral("Audit log"));
    m_killSwitchTab = new KillSwitchTab(ctx, services, m_tabs);
    addTab(m_killSwitchTab, QStringLiteral("Kill switch"));
    layout->addWidget(m_tabs, 1);

    auto* reportBox = new QGroupBox(QStringLiteral("Last action"), this);
    auto* reportLayout = new QVBoxLayout(reportBox);
    reportLayout->addWidget(m_report);
    layout->addWidget(reportBox);

    connect(m_secretsTab, &SecretsTab::rotationFinished, this, &SecurityPage::rotationFinished);
    connect(m_recoveryTab, &RecoveryTab::reauthenticationForced, this, &SecurityPage::reauthenticationForced);
    refresh();
}

SecurityPage::~SecurityPage() = default;

void SecurityPage::addTab(SecurityTab* tab, const QString& label)
{
    m_tabs->addTab(tab, label);
    m_all << tab;
    connect(tab, &SecurityTab::reported, m_report, &QLabel::setText);
    connect(tab, &SecurityTab::changed, this, &SecurityPage::refresh);
}

bool SecurityPage::showTab(const QString& key)
{
    for (SecurityTab* tab : std::as_const(m_all))
        if (tab->key() == key) {
            m_tabs->setCurrentWidget(tab);
            return true;
        }
    return false;
}

QStringList SecurityPage::tabKeys() const
{
    QStringList keys;
    for (const SecurityTab* tab : m_all)
        keys << tab->key();
    return keys;
}

QString SecurityPage::report() const
{
    return m_report->text();
}

QString SecurityPage::shownToken() const
{
    return m_credentialsTab->shownToken();
}

void SecurityPage::refresh()
{
    for (SecurityTab* tab : std::as_const(m_all))
        tab->refresh();
}

FormDialog* SecurityPage::createCredentialDialog()
{
    return m_credentialsTab->createCredentialDialog();
}

FormDialog* SecurityPage::revokeDialog()
{
    return m_credentialsTab->revokeDialog();
}

FormDialog* SecurityPage::recoveryDialog(const QString& incident)
{
    return m_recoveryTab->recoveryDialog(incident);
}

FormDialog* SecurityPage::addSecretDialog()
{
    return m_secretsTab->addSecretDialog();
}

FormDialog* SecurityPage::rotateDialog()
{
    return m_secretsTab->rotateDialog();
}

FormDialog* SecurityPage::rollbackDialog()
{
    return m_secretsTab->rollbackDialog();
}

} // namespace watchpost
