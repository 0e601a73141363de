#include "ui/security/SessionsTab.h"

#include "ui/widgets/PageParts.h"

#include <QComboBox>
#include <QTableView>
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
    m_sessionModel = new SessionTableModel(m_credentials->sessions(), this);
    connect(m_sessionModel, &StoreTableModel::readErrorChanged, m_readError,
            [this](const QString& message) { m_readError->setError(QStringLiteral("sessions"), message); });
    m_sessionTable = view(QStringLiteral("sessionTable"), m_sessionModel, this);
    m_sessionTable->setAccessibleName(QStringLiteral("Sessions"));
    emptyState(m_sessionTable, [] {
        return QStringLiteral("No API sessions — a client opens one with POST /api/v1/auth/sessions and its key.");
    });
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
    m_sessionModel->setCredential(credential.isValid() ? std::optional<qint64>(credential.toLongLong()) : std::nullopt);
}

} // namespace watchpost
