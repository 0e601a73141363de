#include "ui/security/AuditTab.h"

#include "ui/shell/Theme.h"
#include "ui/widgets/PageParts.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace watchpost {
using namespace parts;

AuditTab::AuditTab(const ConsoleContext& ctx, const SecurityServices& services, QWidget* parent)
    : SecurityTab(QStringLiteral("audit"), ctx, services, parent)
{
    auto* al = new QVBoxLayout(this);
    al->addWidget(m_readError);
    auto* filters = new QHBoxLayout;
    m_auditAction = new QComboBox(this);
    m_auditAction->setObjectName(QStringLiteral("auditAction"));
    m_auditAction->setAccessibleName(QStringLiteral("Audit action"));
    m_auditAction->addItem(QStringLiteral("All actions"), QString());
    for (const AuditAction action : audit::actions())
        m_auditAction->addItem(audit::label(audit::name(action)), audit::name(action));
    m_auditTarget = new QLineEdit(this);
    m_auditTarget->setObjectName(QStringLiteral("auditTarget"));
    m_auditTarget->setAccessibleName(QStringLiteral("Filter the audit log by target"));
    m_auditTarget->setPlaceholderText(QStringLiteral("Target, e.g. credential:3 or secret:github-hook"));
    m_auditTarget->setClearButtonEnabled(true);
    auto* verify = button(QStringLiteral("Verify chain"), QStringLiteral("verifyAuditButton"), this);
    filters->addWidget(m_auditAction);
    filters->addWidget(m_auditTarget, 1);
    filters->addWidget(verify);
    al->addLayout(filters);
    m_chain = new QLabel(this);
    m_chain->setObjectName(QStringLiteral("auditChain"));
    al->addWidget(m_chain);
    m_auditModel = new AuditTableModel(m_credentials->audit(), this);
    connect(m_auditModel, &StoreTableModel::readErrorChanged, m_readError,
            [this](const QString& message) { m_readError->setError(QStringLiteral("audit"), message); });
    m_auditTable = view(QStringLiteral("auditTable"), m_auditModel, this);
    m_auditTable->setAccessibleName(QStringLiteral("Audit log"));
    emptyState(m_auditTable, [] { return QStringLiteral("No audit records match — clear the filters to see all."); });
    al->addWidget(m_auditTable);
    connect(m_auditAction, &QComboBox::currentIndexChanged, this, &AuditTab::refresh);
    connect(m_auditTarget, &QLineEdit::textChanged, this, &AuditTab::refresh);
    connect(verify, &QPushButton::clicked, this, [this] {
        auto v = m_credentials->audit().verify();
        if (!v)
            m_chain->setText(QStringLiteral("<b>Cannot check:</b> %1").arg(esc(v.error().message)));
        else if (v->firstBroken)
            m_chain->setText(QStringLiteral("<span style='color:%1'><b>✖ Chain broken at record %2:</b> %3</span>")
                                 .arg(badColor())
                                 .arg(*v->firstBroken)
                                 .arg(esc(v->reason)));
        else
            m_chain->setText(QStringLiteral("<span style='color:%1'>✓ Chain intact: %2 records, every hash and link "
                                            "verified.</span>")
                                 .arg(goodColor())
                                 .arg(v->records));
    });
}

void AuditTab::refresh()
{
    const AuditFilter f{m_auditTarget->text().trimmed(), m_auditAction->currentData().toString()};
    m_auditModel->setFilter(f);
}

} // namespace watchpost
