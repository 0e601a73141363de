#pragma once
// GitHubEvents: the GitHub webhook events Watchpost knows and what each is to it — the one list behind the
// intake's classification of a delivery, the event mapper, and the console's event filter.

#include <QList>
#include <QString>
#include <QStringList>

namespace watchpost {

struct GitHubEvent
{
    enum class Kind
    {
        Ping,     // marks the hook healthy
        Alert,    // a security alert, mapped to an incident after the commit
        Activity, // security-relevant activity for the actions listed (every action when none is)
        Other,    // stored, nothing more
    };
    QString name; // as sent in X-GitHub-Event
    Kind kind = Kind::Other;
    QStringList relevantActions;
};

class GitHubEvents
{
public:
    static const QList<GitHubEvent>& all();
    static QStringList names();
    // nullptr for an event Watchpost does not know (it is stored as accepted).
    static const GitHubEvent* find(const QString& name);
    static bool isAlert(const QString& event);
    static bool isSecurityActivity(const QString& event, const QString& action);
};

} // namespace watchpost
