#include "app/commands/WebhookSecretCommand.h"

#include "models/secrets/FileSecretStore.h"
#include "models/webhooks/WebhookHookService.h"

#include <QFile>

namespace watchpost {

int WebhookSecretCommand::run()
{
    // The same place `serve` reads them from: the keychain, or secrets/ beside the store on a server.
    const auto headless = openHeadless();
    if (!headless)
        return 1;
    const auto& [store, secrets] = *headless;
    const auto* files = dynamic_cast<const FileSecretStore*>(secrets.get());
    const QString where = files ? files->directory() : QStringLiteral("the keychain");
    WebhookHookService hooks(store, std::make_shared<SystemClock>(), *secrets, std::make_shared<WebhookSecrets>());
    if (m_options.mode == Options::Mode::WebhookSecretRemove) {
        auto removed = hooks.removeSecret(m_options.hookId);
        if (!removed) {
            say(stderr, QStringLiteral("watchpost: %1").arg(removed.error().message));
            return 1;
        }
        say(stderr, QStringLiteral(
                        "watchpost: removed the secret of hook %1; its deliveries are refused until a new one is set")
                        .arg(m_options.hookId));
        return 0;
    }
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return 1;
    const QByteArray secret = in.read(8192).trimmed();
    auto set = hooks.setSecret(m_options.hookId, secret, m_options.graceSeconds);
    if (!set) {
        say(stderr, QStringLiteral("watchpost: %1").arg(set.error().message));
        return 1;
    }
    say(stderr, QStringLiteral("watchpost: stored the secret of hook %1 in %2%3")
                    .arg(m_options.hookId, where,
                         m_options.graceSeconds > 0
                             ? QStringLiteral("; the previous one stays valid for %1 s").arg(m_options.graceSeconds)
                             : QString()));
    return 0;
}

} // namespace watchpost
