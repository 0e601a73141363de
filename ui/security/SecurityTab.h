#pragma once
// SecurityTab: one tab of the security page. The tabs share the page's services and write to its "Last action"
// report; an action that changes what the page shows says so, and the page refreshes every tab. A read the store
// refuses shows in the tab's own ReadErrorBanner.

#include "models/credentials/CredentialService.h"
#include "models/credentials/RecoveryService.h"
#include "models/secrets/ManagedSecretService.h"
#include "ui/shell/ConsoleContext.h"
#include "ui/widgets/ReadErrorBanner.h"

#include <QWidget>

namespace watchpost {

// The services behind the security page: the GUI thread's, from ConsoleContext::services.
struct SecurityServices
{
    CredentialService* credentials = nullptr;
    ManagedSecretService* secrets = nullptr;
    RecoveryService* recovery = nullptr;
};

class SecurityTab : public QWidget
{
    Q_OBJECT
public:
    SecurityTab(const QString& key, const ConsoleContext& ctx, const SecurityServices& services, QWidget* parent)
        : QWidget(parent), m_ctx(ctx), m_credentials(services.credentials), m_secrets(services.secrets),
          m_recovery(services.recovery), m_readError(new ReadErrorBanner(this))
    {
        setObjectName(key + QStringLiteral("Tab"));
        setProperty("tabKey", key);
    }
    // The stable name the page and its routes choose this tab by (never its visible text).
    QString key() const { return property("tabKey").toString(); }

public Q_SLOTS:
    virtual void refresh() = 0;

Q_SIGNALS:
    void reported(const QString& html);
    void changed();

protected:
    void showReport(const QString& html) { Q_EMIT reported(html); }

    ConsoleContext m_ctx;
    CredentialService* m_credentials;
    ManagedSecretService* m_secrets;
    RecoveryService* m_recovery;
    // Each tab puts it above its content: a read the store refused is shown there, never as an empty table.
    ReadErrorBanner* m_readError;
};

} // namespace watchpost
