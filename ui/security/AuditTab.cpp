#include "ui/security/AuditTab.h"

#include "ui/shell/Theme.h"
#include "ui/widgets/PageParts.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
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
        m_auditAction->addItem(audit::name(action), audit::name(action));
    m_auditTarget = new QLineEdit(this);
    m_auditTarget->setObjectName(QStringLiteral("auditTarget"));
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
    m_auditTable =
        table(QStringLiteral("auditTable"),
              {QStringLiteral("#"), QStringLiteral("When"), QStringLiteral("Actor"), QStringLiteral("Action"),
               QStringLiteral("Targets"), QStringLiteral("Outcome"), QStringLiteral("Detail")},
              this);
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
    const auto read = m_credentials->audit().list(f, std::nullopt, 500);
    const QList<AuditRecord> records = m_readError->note(QStringLiteral("audit"), read) ? *read : QList<AuditRecord>{};
    m_auditTable->setRowCount(int(records.size()));
    for (int r = 0; r < records.size(); ++r) {
        const AuditRecord& a = records.at(r);
        fill(m_auditTable, r,
             {QString::number(a.id), when(a.at), a.actor, a.action, a.targets.join(QStringLiteral(", ")), a.outcome,
              a.detail});
        if (a.outcome != QLatin1String("succeeded"))
            m_auditTable->item(r, 5)->setForeground(Theme::slaColor(SlaState::Breached));
    }
    m_auditTable->resizeColumnsToContents();
}

} // namespace watchpost
