#pragma once
// HookTableModel: every configured webhook (the default one always) with its path, where its secret comes from and
// whether the receiver holds it now, its grace window, last verification and last ping — the webhooks page's hooks
// table. A hook whose deliveries are refused for want of a secret is a problem cell.

#include "models/core/Clock.h"
#include "models/core/RowTableModel.h"
#include "models/webhooks/WebhookSecrets.h"
#include "models/webhooks/WebhookStore.h"

namespace watchpost {

struct HookRow
{
    WebhookHook hook;
    bool secretHeld = false; // the receiver holds a secret for it now (keychain or file)
    bool fileSecret = false;
    bool elsewhere = false; // the receiver is a server this console is attached to: only its store's record is known
};

class HookTableModel : public RowTableModel<HookRow>
{
    Q_OBJECT
public:
    // `secrets` null: the receiver runs elsewhere (an attached console's server); rows say what its store records.
    HookTableModel(const WebhookStore& store, std::shared_ptr<WebhookSecrets> secrets,
                   std::shared_ptr<const Clock> clock, QObject* parent = nullptr);

protected:
    Result<QList<HookRow>> readRows() const override;

private:
    const WebhookStore& m_store;
    std::shared_ptr<WebhookSecrets> m_secrets;
    std::shared_ptr<const Clock> m_clock;
};

} // namespace watchpost
