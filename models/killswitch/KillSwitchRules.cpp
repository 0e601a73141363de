#include "models/killswitch/KillSwitchRules.h"

#include "models/core/FieldProblems.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace watchpost {

namespace shipping {
const QStringList& actionNames()
{
    static const QStringList names{
        QStringLiteral("commit"),  QStringLiteral("push"),   QStringLiteral("pull_request"), QStringLiteral("merge"),
        QStringLiteral("release"), QStringLiteral("deploy"), QStringLiteral("diagnostic")};
    return names;
}

bool isKnown(const QString& action)
{
    return actionNames().contains(action);
}

bool isShipping(const QString& action)
{
    return action != QLatin1String("diagnostic");
}
} // namespace shipping

bool KillSwitchScope::validRepository(const QString& name)
{
    // GitHub's owner and repository names: letters, digits, '-', '_' and '.', one slash between them.
    static const QRegularExpression pattern(
        QStringLiteral("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$"));
    return pattern.match(name).hasMatch() && !name.endsWith(QLatin1String("/.")) &&
           !name.endsWith(QLatin1String("/.."));
}

bool KillSwitchScope::validGitHubLogin(const QString& login)
{
    // A user or organization login (letters, digits, single hyphens, at most 39), or an app's bot: NAME[bot].
    static const QRegularExpression pattern(
        QStringLiteral("^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\\[bot\\])?$"));
    return pattern.match(login).hasMatch();
}

bool KillSwitchScope::coversGitHubSender(const QString& login, const QString& type) const
{
    for (const QString& frozen : githubLogins)
        if (frozen.compare(login, Qt::CaseInsensitive) == 0)
            return true;
    return allAutomation && type == QLatin1String("Bot");
}

bool KillSwitchScope::validWorkflow(const QString& name)
{
    const qsizetype colon = name.indexOf(QLatin1Char(':'));
    if (colon <= 0 || !validRepository(name.left(colon)))
        return false;
    static const QRegularExpression file(QStringLiteral("^\\.github/workflows/[A-Za-z0-9._-]{1,100}\\.ya?ml$"));
    return file.match(name.mid(colon + 1)).hasMatch();
}

Result<KillSwitchScope> KillSwitchScope::fromJson(const QJsonObject& o)
{
    KillSwitchScope s;
    FieldProblems problems;
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!QStringList{"credentials", "repositories", "workflows", "github_logins"}.contains(it.key()))
            problems.add(QStringLiteral("scope.") + it.key(), QStringLiteral("unknown field scope.%1").arg(it.key()));
    const QJsonValue credentials = o.value(QStringLiteral("credentials"));
    if (credentials.isString() && credentials.toString() == QLatin1String("all_automation"))
        s.allAutomation = true;
    else if (credentials.isArray() && !credentials.toArray().isEmpty()) {
        for (const QJsonValue& v : credentials.toArray()) {
            if (!v.isDouble() || v.toDouble() != double(qint64(v.toDouble())) || v.toDouble() < 1) {
                problems.add(QStringLiteral("scope.credentials"),
                             QStringLiteral("scope.credentials lists credential ids (whole numbers)"));
                break;
            }
            s.credentialIds << qint64(v.toDouble());
        }
    } else
        problems.add(QStringLiteral("scope.credentials"),
                     QStringLiteral("scope.credentials is \"all_automation\" or a list of credential ids"));
    auto names = [&](const char* key, bool (*valid)(const QString&), const QString& form, QStringList* out) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return;
        if (!v.isArray()) {
            problems.add(QStringLiteral("scope.") + QLatin1String(key),
                         QStringLiteral("scope.%1 is a list of %2").arg(QLatin1String(key), form));
            return;
        }
        for (const QJsonValue& item : v.toArray()) {
            if (!item.isString() || !valid(item.toString())) {
                problems.add(QStringLiteral("scope.") + QLatin1String(key),
                             QStringLiteral("scope.%1: '%2' is not %3")
                                 .arg(QLatin1String(key), item.toString().left(120), form));
                return;
            }
            if (!out->contains(item.toString()))
                *out << item.toString();
        }
    };
    names("repositories", &validRepository, QStringLiteral("owner/repo"), &s.repositories);
    names("workflows", &validWorkflow, QStringLiteral("owner/repo:.github/workflows/NAME.yml"), &s.workflows);
    names("github_logins", &validGitHubLogin, QStringLiteral("a GitHub login (e.g. release-bot[bot])"),
          &s.githubLogins);
    if (problems.any())
        return problems.error(QStringLiteral("the kill switch's scope is not valid"));
    return s;
}

QJsonObject KillSwitchScope::toJson() const
{
    QJsonArray ids;
    for (qint64 id : credentialIds)
        ids << id;
    return {
        {QStringLiteral("credentials"), allAutomation ? QJsonValue(QStringLiteral("all_automation")) : QJsonValue(ids)},
        {QStringLiteral("repositories"), QJsonArray::fromStringList(repositories)},
        {QStringLiteral("workflows"), QJsonArray::fromStringList(workflows)},
        {QStringLiteral("github_logins"), QJsonArray::fromStringList(githubLogins)}};
}

bool KillSwitchScope::coversActor(qint64 credentialId, Role role) const
{
    return (allAutomation && role == Role::Automation) || credentialIds.contains(credentialId);
}

bool KillSwitchScope::coversTarget(const QString& repository, const QString& workflow) const
{
    if (repositories.isEmpty() && workflows.isEmpty())
        return true;
    if (repositories.contains(repository))
        return true;
    return !workflow.isEmpty() && workflows.contains(repository + QLatin1Char(':') + workflow);
}

QString KillSwitchScope::describe() const
{
    QStringList ids;
    for (qint64 id : credentialIds)
        ids << QString::number(id);
    const QString who =
        allAutomation
            ? QStringLiteral("all automation credentials")
            : QStringLiteral("credential%1 %2").arg(ids.size() == 1 ? "" : "s", ids.join(QStringLiteral(", ")));
    const QStringList where = repositories + workflows;
    return where.isEmpty() ? QStringLiteral("%1, everywhere").arg(who)
                           : QStringLiteral("%1 in %2").arg(who, where.join(QStringLiteral(", ")));
}

ShippingDecision decideShipping(const std::optional<KillSwitchEngagement>& engagement, bool engagementUnknown,
                                const ShippingAttempt& attempt, const QDateTime& now)
{
    if (!shipping::isShipping(attempt.action))
        return {true, QStringLiteral("diagnostics are never blocked"), engagement ? engagement->id : 0};
    if (engagementUnknown)
        return {false,
                QStringLiteral("abuse response: whether the shipping kill switch is engaged cannot be read, so %1 "
                               "is refused (fail closed)")
                    .arg(attempt.action),
                0};
    if (!engagement || !engagement->activeAt(now))
        return {true, QStringLiteral("the shipping kill switch is not engaged"), 0};
    const QString because = QStringLiteral("abuse response: the shipping kill switch (engagement %1, %2) stops %3: %4")
                                .arg(engagement->id)
                                .arg(engagement->scope.describe(), attempt.action, engagement->reason);
    if (!shipping::isKnown(attempt.action))
        return {false,
                QStringLiteral("%1 — '%2' is not a known action, so it counts as shipping")
                    .arg(because, attempt.action.left(60)),
                engagement->id};
    if (!attempt.actorKnown)
        return {false, QStringLiteral("%1 — the asking credential could not be found").arg(because), engagement->id};
    if (!engagement->scope.coversActor(attempt.credentialId, attempt.role) ||
        !engagement->scope.coversTarget(attempt.repository, attempt.workflow))
        return {true, QStringLiteral("outside the engaged kill switch's scope (%1)").arg(engagement->scope.describe()),
                engagement->id};
    return {false, because, engagement->id};
}

} // namespace watchpost
