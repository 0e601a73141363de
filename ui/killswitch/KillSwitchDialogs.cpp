#include "ui/killswitch/KillSwitchDialogs.h"

#include <QMessageBox>
#include <QRegularExpression>

namespace watchpost {
namespace {
std::optional<bool> g_confirmAnswer;

QStringList listOf(const QString& text)
{
    return text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
}

// Service and scope errors name "scope.repositories"; the form's fields are "repositories".
Error forForm(Error e, bool named)
{
    for (QString& f : e.fields) {
        if (f.startsWith(QLatin1String("scope.")))
            f = f.mid(6);
        if (f == QLatin1String("credentials") && named)
            f = QStringLiteral("credential_ids");
    }
    return e;
}
} // namespace

void KillSwitchDialogs::setConfirmAnswerForTests(std::optional<bool> answer)
{
    g_confirmAnswer = answer;
}

QString KillSwitchDialogs::confirmation(const KillSwitchScope& scope)
{
    QString github;
    if (!scope.repositories.isEmpty() || !scope.workflows.isEmpty())
        github = QStringLiteral(" On GitHub: %1%2%3; released, each goes back to how it was.")
                     .arg(scope.repositories.isEmpty()
                              ? QString()
                              : QStringLiteral("rulesets blocking every branch and tag and a failing "
                                               "watchpost/kill-switch status on open pull requests in %1")
                                    .arg(scope.repositories.join(QStringLiteral(", "))),
                          scope.repositories.isEmpty() || scope.workflows.isEmpty() ? QString() : QStringLiteral("; "),
                          scope.workflows.isEmpty() ? QString()
                                                    : QStringLiteral("workflows %1 disabled, their runs cancelled")
                                                          .arg(scope.workflows.join(QStringLiteral(", "))));
    return QStringLiteral("Blocks commit, push, pull requests, merge, release and deploy by %1. Diagnostics (reading, "
                          "fetching, tests, logs) keep working.%2")
        .arg(scope.describe(), github);
}

FormDialog* KillSwitchDialogs::stopShipping(const ConsoleContext& ctx, std::optional<qint64> incidentId,
                                            QWidget* parent, std::function<void(const QString&)> done)
{
    QStringList ids, labels;
    if (const auto credentials = ctx.services->credentials().list())
        for (const CredentialInfo& c : *credentials)
            if (!c.revokedAt) {
                ids << QString::number(c.id);
                labels << QStringLiteral("%1 (%2, id %3)").arg(c.name, c.role).arg(c.id);
            }
    QString intro = QStringLiteral("Stops every shipping side effect of the automation you name — commit, push, pull "
                                   "requests, merge, release, deploy — here and on GitHub, while diagnostics keep "
                                   "working. Every blocked attempt is logged.");
    if (incidentId)
        if (const auto incident = ctx.incidents().get(*incidentId))
            intro += QStringLiteral(" It belongs to %1.").arg(incident->publicId);
    if (!incidentId)
        intro += QStringLiteral(" A high-severity \"Shipping kill switch engaged\" incident is opened for it.");
    auto* dialog = new FormDialog(
        QStringLiteral("Stop shipping"), intro,
        {{QStringLiteral("credentials"),
          QStringLiteral("Who"),
          FormField::Kind::Choice,
          {QStringLiteral("all_automation"), QStringLiteral("named")},
          {},
          {},
          {QStringLiteral("All automation credentials"), QStringLiteral("Named credentials")},
          true},
         {QStringLiteral("credential_ids"),
          QStringLiteral("Credentials"),
          FormField::Kind::Checklist,
          ids,
          {},
          {},
          labels,
          false,
          QStringLiteral("credentials=named")},
         {QStringLiteral("repositories"),
          QStringLiteral("Repositories"),
          FormField::Kind::Line,
          {},
          QStringLiteral("owner/repo, … (empty: everywhere)"),
          {}},
         {QStringLiteral("workflows"),
          QStringLiteral("Workflows"),
          FormField::Kind::Line,
          {},
          QStringLiteral("owner/repo:.github/workflows/release.yml, …"),
          {}},
         {QStringLiteral("github_logins"),
          QStringLiteral("GitHub bots"),
          FormField::Kind::Line,
          {},
          QStringLiteral("release-bot[bot], … (their pushes are recorded as violations)"),
          {}},
         {QStringLiteral("expires"),
          QStringLiteral("Until"),
          FormField::Kind::Choice,
          {QStringLiteral("released"), QStringLiteral("1"), QStringLiteral("4"), QStringLiteral("24")},
          {},
          {},
          {QStringLiteral("released by an admin"), QStringLiteral("1 hour from now"),
           QStringLiteral("4 hours from now"), QStringLiteral("24 hours from now")}},
         {QStringLiteral("reason"),
          QStringLiteral("Reason"),
          FormField::Kind::Text,
          {},
          QStringLiteral("what the automation is doing and why it must stop"),
          {},
          {},
          true}},
        [ctx, incidentId, parent, done](const FormDialog::Values& v) -> std::optional<Error> {
            const bool named = v.value(QStringLiteral("credentials")) == QLatin1String("named");
            QJsonArray credentialIds;
            for (const QString& id : listOf(v.value(QStringLiteral("credential_ids"))))
                credentialIds << id.toLongLong();
            QJsonObject json{
                {QStringLiteral("credentials"),
                 named ? QJsonValue(credentialIds) : QJsonValue(QStringLiteral("all_automation"))},
                {QStringLiteral("repositories"),
                 QJsonArray::fromStringList(listOf(v.value(QStringLiteral("repositories"))))},
                {QStringLiteral("workflows"), QJsonArray::fromStringList(listOf(v.value(QStringLiteral("workflows"))))},
                {QStringLiteral("github_logins"),
                 QJsonArray::fromStringList(listOf(v.value(QStringLiteral("github_logins"))))}};
            const auto scope = KillSwitchScope::fromJson(json);
            if (!scope)
                return forForm(scope.error(), named);
            if (v.value(QStringLiteral("reason")).trimmed().isEmpty())
                return Error::validation(QStringLiteral("a reason is required"), {QStringLiteral("reason")},
                                         {QStringLiteral("a reason is required")});
            std::optional<QDateTime> expires;
            if (const int hours = v.value(QStringLiteral("expires")).toInt(); hours > 0)
                expires = ctx.clock()->now().addSecs(hours * 3600);
            const QString summary = confirmation(*scope);
            const bool go = g_confirmAnswer ? *g_confirmAnswer
                                            : QMessageBox::question(parent, QStringLiteral("Stop shipping now?"),
                                                                    summary) == QMessageBox::Yes;
            if (!go)
                return Error::wrongState(QStringLiteral("nothing was engaged"));
            auto engaged = ctx.killSwitchActions().engage(v.value(QStringLiteral("reason")), incidentId, *scope,
                                                          expires, ctx.actor());
            if (!engaged && engaged.error().code == KillSwitchService::kNotPersisted) {
                // Held in this process and denying; the window's banner says so until it is written.
                if (done)
                    done(QStringLiteral("<b>%1</b>").arg(engaged.error().message.toHtmlEscaped()));
                return std::nullopt;
            }
            if (!engaged)
                return forForm(engaged.error(), named);
            if (done)
                done(QStringLiteral("Shipping stopped (engagement %1): %2")
                         .arg(engaged->id)
                         .arg(summary.toHtmlEscaped()));
            return std::nullopt;
        },
        parent);
    dialog->setObjectName(QStringLiteral("stopShippingDialog"));
    dialog->setDestructive(true);
    return dialog;
}

FormDialog* KillSwitchDialogs::release(const ConsoleContext& ctx, QWidget* parent,
                                       std::function<void(const QString&)> done)
{
    auto* dialog = new FormDialog(
        QStringLiteral("Release the kill switch"),
        QStringLiteral("Automation may ship again, and what Watchpost applied on GitHub goes back to how it was. Only "
                       "an admin releases."),
        {{QStringLiteral("reason"),
          QStringLiteral("Reason"),
          FormField::Kind::Text,
          {},
          QStringLiteral("why shipping may resume"),
          {},
          {},
          true}},
        [ctx, done](const FormDialog::Values& v) -> std::optional<Error> {
            auto released = ctx.killSwitchActions().release(v.value(QStringLiteral("reason")), ctx.actor());
            if (!released)
                return released.error();
            if (done)
                done(QStringLiteral("Kill switch released (engagement %1).").arg(released->id));
            return std::nullopt;
        },
        parent);
    dialog->setObjectName(QStringLiteral("releaseKillSwitchDialog"));
    return dialog;
}

FormDialog* KillSwitchDialogs::githubConnection(const ConsoleContext& ctx, QWidget* parent,
                                                std::function<void(const QString&)> done)
{
    QString base = GitHubConnectionService::kDefaultBaseUrl, teams;
    bool tokenSet = false;
    if (const auto current = ctx.services->github().get(); current && *current) {
        base = (*current)->apiBaseUrl;
        tokenSet = (*current)->tokenSet;
        QStringList t;
        for (qint64 id : (*current)->bypassTeamIds)
            t << QString::number(id);
        teams = t.join(QStringLiteral(", "));
    }
    auto* dialog = new FormDialog(
        QStringLiteral("GitHub connection"),
        QStringLiteral("Where the kill switch's GitHub levers and webhook-secret rotation talk to. The token is kept "
                       "in the keychain (or the server's secrets/), never in the store, and never shown again."),
        {{QStringLiteral("api_base_url"),
          QStringLiteral("API base URL"),
          FormField::Kind::Line,
          {},
          QStringLiteral("https://api.github.com, or https://HOST/api/v3"),
          base,
          {},
          true},
         {QStringLiteral("token"),
          QStringLiteral("Token"),
          FormField::Kind::Secret,
          {},
          tokenSet ? QStringLiteral("kept — leave empty to keep it") : QStringLiteral("a token with admin rights"),
          {},
          {},
          !tokenSet},
         {QStringLiteral("bypass_team_ids"),
          QStringLiteral("Bypass teams"),
          FormField::Kind::Line,
          {},
          QStringLiteral("GitHub team ids that may bypass Watchpost's rulesets, e.g. 42, 97"),
          teams}},
        [ctx, done](const FormDialog::Values& v) -> std::optional<Error> {
            QList<qint64> ids;
            for (const QString& id : listOf(v.value(QStringLiteral("bypass_team_ids")))) {
                bool ok = false;
                ids << id.toLongLong(&ok);
                if (!ok)
                    return Error::validation(QStringLiteral("bypass teams are GitHub team ids"),
                                             {QStringLiteral("bypass_team_ids")},
                                             {QStringLiteral("'%1' is not a team id").arg(id.left(40))});
            }
            auto set = ctx.killSwitchActions().setGitHubConnection(v.value(QStringLiteral("api_base_url")).trimmed(),
                                                                   v.value(QStringLiteral("token")).toUtf8(), ids,
                                                                   ctx.actor());
            if (!set)
                return set.error();
            if (done)
                done(QStringLiteral("GitHub connection saved."));
            return std::nullopt;
        },
        parent);
    dialog->setObjectName(QStringLiteral("githubConnectionDialog"));
    return dialog;
}

} // namespace watchpost
