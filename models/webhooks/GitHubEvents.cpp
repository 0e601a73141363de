#include "models/webhooks/GitHubEvents.h"

namespace watchpost {

const QList<GitHubEvent>& GitHubEvents::all()
{
    using K = GitHubEvent::Kind;
    static const QList<GitHubEvent> events{
        {QStringLiteral("ping"), K::Ping, {}},
        {QStringLiteral("push"), K::Other, {}},
        {QStringLiteral("pull_request"), K::Other, {}},
        {QStringLiteral("secret_scanning_alert"), K::Alert, {}},
        {QStringLiteral("code_scanning_alert"), K::Alert, {}},
        {QStringLiteral("dependabot_alert"), K::Alert, {}},
        {QStringLiteral("repository_vulnerability_alert"), K::Alert, {}},
        {QStringLiteral("security_advisory"), K::Alert, {}},
        {QStringLiteral("installation"), K::Activity, {QStringLiteral("suspend"), QStringLiteral("deleted")}},
        {QStringLiteral("member"), K::Activity, {}},
        {QStringLiteral("deploy_key"), K::Activity, {}},
        {QStringLiteral("branch_protection_rule"), K::Activity, {QStringLiteral("deleted")}},
        {QStringLiteral("github_app_authorization"), K::Activity, {QStringLiteral("revoked")}},
        {QStringLiteral("workflow_run"), K::Other, {}},
    };
    return events;
}

QStringList GitHubEvents::names()
{
    QStringList out;
    for (const GitHubEvent& e : all())
        out << e.name;
    return out;
}

const GitHubEvent* GitHubEvents::find(const QString& name)
{
    for (const GitHubEvent& e : all())
        if (e.name == name)
            return &e;
    return nullptr;
}

bool GitHubEvents::isAlert(const QString& event)
{
    const GitHubEvent* e = find(event);
    return e && e->kind == GitHubEvent::Kind::Alert;
}

bool GitHubEvents::isSecurityActivity(const QString& event, const QString& action)
{
    const GitHubEvent* e = find(event);
    return e && e->kind == GitHubEvent::Kind::Activity &&
           (e->relevantActions.isEmpty() || e->relevantActions.contains(action));
}

} // namespace watchpost
