#include "models/webhooks/HookTableModel.h"

#include "models/core/DisplayText.h"

namespace watchpost {
using display::when;

HookTableModel::HookTableModel(const WebhookStore& store, std::shared_ptr<WebhookSecrets> secrets,
                               std::shared_ptr<const Clock> clock, QObject* parent)
    : RowTableModel(
          {{QStringLiteral("Hook"), [](const HookRow& r) { return r.hook.id; }},
           {QStringLiteral("Path"),
            [](const HookRow& r) {
                return r.hook.id == QLatin1String("default") ? QStringLiteral("/api/github/webhooks")
                                                             : QStringLiteral("/api/github/webhooks/") + r.hook.id;
            }},
           {QStringLiteral("Secret"),
            [](const HookRow& r) {
                if (r.elsewhere)
                    return r.hook.secretSetAt
                               ? QStringLiteral("set %1 in the server's keychain").arg(when(r.hook.secretSetAt))
                               : QStringLiteral("not in the server's keychain (its secrets file, if it "
                                                "has one, serves this hook)");
                QString secret = r.hook.secretSetAt ? QStringLiteral("set %1").arg(when(r.hook.secretSetAt))
                                 : r.fileSecret     ? QStringLiteral("secrets file")
                                                    : QStringLiteral("✖ none — every delivery is refused (503)");
                if (r.hook.secretSetAt && !r.secretHeld)
                    secret += QStringLiteral(" — ✖ keychain unavailable, deliveries refused");
                return secret;
            },
            [](const HookRow& r) { return !r.elsewhere && !r.secretHeld; }},
           {QStringLiteral("Previous secret valid until"),
            [](const HookRow& r) { return when(r.hook.previousSecretUntil); }},
           {QStringLiteral("Last verified"),
            [](const HookRow& r) {
                return r.hook.lastVerifiedAt
                           ? QStringLiteral("%1 (%2)").arg(when(r.hook.lastVerifiedAt), r.hook.lastVerifiedWith)
                           : QStringLiteral("—");
            }},
           {QStringLiteral("Last ping"), [](const HookRow& r) { return when(r.hook.lastPingAt); }}},
          parent),
      m_store(store), m_secrets(std::move(secrets)), m_clock(std::move(clock))
{
}

Result<QList<HookRow>> HookTableModel::readRows() const
{
    const auto hooks = m_store.hooks();
    if (!hooks)
        return hooks.error();
    QList<WebhookHook> all = *hooks;
    if (std::none_of(all.begin(), all.end(), [](const WebhookHook& h) { return h.id == QLatin1String("default"); }))
        all.prepend(WebhookHook{QStringLiteral("default"), QStringLiteral("default"), {}, {}, {}, {}, {}});
    QList<HookRow> out;
    if (!m_secrets) {
        for (const WebhookHook& h : all)
            out << HookRow{h, h.secretSetAt.has_value(), false, true};
        return out;
    }
    const bool file = m_secrets->hasFileSecret();
    const qint64 now = m_clock->nowMs();
    for (const WebhookHook& h : all)
        out << HookRow{h, !m_secrets->candidates(h.id, now).isEmpty(), file};
    return out;
}

} // namespace watchpost
