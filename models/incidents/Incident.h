#pragma once
// Incident and the records that belong to it, as plain values passed between store, service, API and console.

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace watchpost {

enum class Severity
{
    Critical,
    High,
    Medium,
    Low
};

enum class IncidentState
{
    Reported,
    Acknowledged,
    Contained,
    Resolved,
    Closed
};

enum class TimelineKind
{
    Report,
    Acknowledge,
    ContainmentAction,
    Communication,
    StakeholderDecision,
    Note,
    StateChange,
    FollowUpChange,
    RunbookUpdate,
    Correction
};

struct Asset
{
    QString kind; // host, service, database_cluster, queue_worker, repository, other
    QString identifier;
};

struct Ioc
{
    QString type; // sha256, ip, domain, url, email, other
    QString value;
};

struct IncidentSource
{
    QString kind;   // staff_report, customer_report, bug_bounty, automated_signal
    QString signal; // for automated_signal: waf, ids_ips, siem_rule, cloudtrail, guardduty, audit_log_anomaly, other
};

struct TimelineEntry
{
    qint64 id = 0;
    qint64 incidentId = 0;
    TimelineKind kind = TimelineKind::Note;
    QString actor;
    QDateTime at;
    QString text;
    std::optional<qint64> correctsId;
};

struct FollowUp
{
    qint64 id = 0;
    qint64 incidentId = 0;
    QString action;
    QString owner;
    std::optional<QDateTime> dueAt;
    QString validationCriteria;
    QString status; // open, done
    QDateTime createdAt;
};

struct RunbookUpdate
{
    qint64 id = 0;
    QString text;
    QString actor;
    QDateTime createdAt;
};

struct Resolution
{
    QString rootCause;
    QString impactSummary;
    QString mitigationSteps;
};

struct Closure
{
    QString approvalNote;
    QString approver;
    QString postmortemUrl;
    QString narrativePeople;
    QString narrativeProcess;
    QString narrativeTechnology;
    QStringList runbookUpdates;
};

struct Incident
{
    qint64 id = 0;
    QString publicId;
    QString title;
    QString summary;
    Severity severity = Severity::Medium;
    IncidentState state = IncidentState::Reported;
    IncidentSource source;
    QString reporter;
    QList<Asset> assets;
    QList<Ioc> iocs;
    QDateTime reportedAt;
    std::optional<QDateTime> acknowledgedAt;
    std::optional<QDateTime> containedAt;
    std::optional<QDateTime> resolvedAt;
    std::optional<QDateTime> closedAt;
    QDateTime acknowledgeDueAt;
    QDateTime containmentDueAt;
    Resolution resolution;
    Closure closure;
    QList<FollowUp> followUps;
    QList<RunbookUpdate> runbookUpdates;
};

// What a reporter supplies at intake.
struct IncidentReport
{
    QString title;
    QString summary;
    QString severity; // text, validated by the service
    IncidentSource source;
    QString reporter;
    QList<Asset> assets;
    QList<Ioc> iocs;
};

// One row of a list: enough for tables and the list API without loading children.
struct IncidentSummary
{
    qint64 id = 0;
    QString publicId;
    QString title;
    Severity severity = Severity::Medium;
    IncidentState state = IncidentState::Reported;
    QDateTime reportedAt;
    std::optional<QDateTime> acknowledgedAt;
    std::optional<QDateTime> containedAt;
    QDateTime acknowledgeDueAt;
    QDateTime containmentDueAt;
};

} // namespace watchpost

namespace watchpost {
inline IncidentSummary summaryOf(const Incident& i)
{
    return {i.id,         i.publicId,       i.title,       i.severity,         i.state,
            i.reportedAt, i.acknowledgedAt, i.containedAt, i.acknowledgeDueAt, i.containmentDueAt};
}
} // namespace watchpost
