#include "ui/security/SessionsTab.h"

#include "ui/widgets/PageParts.h"

#include <QComboBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace watchpost {
using namespace parts;

SessionsTab::SessionsTab(const ConsoleContext& ctx, const SecurityServices& services, QWidget* parent)
    : SecurityTab(QStringLiteral("sessions"), ctx, services, parent)
{
    auto* sl = new QVBoxLayout(this);
    sl->addWidget(m_readError);
    m_sessionFilter = new QComboBox(this);
    m_sessionFilter->setObjectName(QStringLiteral("sessionFilter"));
    m_sessionFilter->setAccessibleName(QStringLiteral("Sessions of credential"));
    sl->addWidget(m_sessionFilter);
    m_sessionTable = table(QStringLiteral("sessionTable"),
                           {QStringLiteral("Session"), QStringLiteral("Credential"), QStringLiteral("Signing key"),
                            QStringLiteral("Issued"), QStringLiteral("Expires"), QStringLiteral("Invalidated"),
                            QStringLiteral("Why")},
                           this);
    sl->addWidget(m_sessionTable);
    connect(m_sessionFilter, &QComboBox::currentIndexChanged, this, &SessionsTab::refreshSessions);
}

void SessionsTab::refresh()
{
    // The filter lists every credential; the chosen one stays chosen.
    const QVariant filter = m_sessionFilter->currentData();
    m_sessionFilter->blockSignals(true);
    m_sessionFilter->clear();
    m_sessionFilter->addItem(QStringLiteral("Active sessions of every credential"), QVariant());
    const auto credentials = m_credentials->list();
    for (const CredentialInfo& c :
         m_readError->note(QStringLiteral("credentials"), credentials) ? *credentials : QList<CredentialInfo>{})
        m_sessionFilter->addItem(QStringLiteral("Sessions of %1 (%2)").arg(c.name).arg(c.id), c.id);
    m_sessionFilter->setCurrentIndex(qMax(0, m_sessionFilter->findData(filter)));
    m_sessionFilter->blockSignals(false);
    refreshSessions();
}

void SessionsTab::refreshSessions()
{
    const QVariant credential = m_sessionFilter->currentData();
    const auto read = m_credentials->sessions().sessions(
        credential.isValid() ? std::optional<qint64>(credential.toLongLong()) : std::nullopt, !credential.isValid());
    const QList<SessionInfo> sessions =
        m_readError->note(QStringLiteral("sessions"), read) ? *read : QList<SessionInfo>{};
    m_sessionTable->setRowCount(int(sessions.size()));
    for (int r = 0; r < sessions.size(); ++r) {
        const SessionInfo& s = sessions.at(r);
        fill(m_sessionTable, r,
             {s.id, QStringLiteral("%1 (%2)").arg(s.credentialName).arg(s.credentialId), s.keyId, when(s.issuedAt),
              when(s.expiresAt), when(s.invalidatedAt), s.invalidatedReason});
    }
    m_sessionTable->resizeColumnsToContents();
}

} // namespace watchpost
