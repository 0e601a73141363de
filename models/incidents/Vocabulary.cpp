#include "models/incidents/Vocabulary.h"

#include <array>
#include <utility>

namespace watchpost::vocabulary {
namespace {

template <typename E, std::size_t N> struct Table
{
    std::array<std::pair<E, const char*>, N> names;
    std::array<const char*, N> labels;

    QString name(E e) const
    {
        for (const auto& [v, n] : names)
            if (v == e)
                return QString::fromLatin1(n);
        return {};
    }
    QString label(E e) const
    {
        for (std::size_t i = 0; i < N; ++i)
            if (names[i].first == e)
                return QString::fromUtf8(labels[i]);
        return {};
    }
    std::optional<E> from(const QString& s) const
    {
        for (const auto& [v, n] : names)
            if (s == QLatin1String(n))
                return v;
        return std::nullopt;
    }
    QStringList all() const
    {
        QStringList out;
        for (const auto& [v, n] : names)
            out << QString::fromLatin1(n);
        return out;
    }
};

const Table<Severity, 4> kSeverities{{{{Severity::Critical, "critical"},
                                       {Severity::High, "high"},
                                       {Severity::Medium, "medium"},
                                       {Severity::Low, "low"}}},
                                     {"Critical", "High", "Medium", "Low"}};

const Table<IncidentState, 5> kStates{{{{IncidentState::Reported, "reported"},
                                        {IncidentState::Acknowledged, "acknowledged"},
                                        {IncidentState::Contained, "contained"},
                                        {IncidentState::Resolved, "resolved"},
                                        {IncidentState::Closed, "closed"}}},
                                      {"Reported", "Acknowledged", "Contained", "Resolved", "Closed"}};

const Table<TimelineKind, 10> kTimelineKinds{{{{TimelineKind::Report, "report"},
                                               {TimelineKind::Acknowledge, "acknowledge"},
                                               {TimelineKind::ContainmentAction, "containment_action"},
                                               {TimelineKind::Communication, "communication"},
                                               {TimelineKind::StakeholderDecision, "stakeholder_decision"},
                                               {TimelineKind::Note, "note"},
                                               {TimelineKind::StateChange, "state_change"},
                                               {TimelineKind::FollowUpChange, "follow_up_change"},
                                               {TimelineKind::RunbookUpdate, "runbook_update"},
                                               {TimelineKind::Correction, "correction"}}},
                                             {"Report", "Acknowledged", "Containment action", "Communication",
                                              "Stakeholder decision", "Note", "State change", "Follow-up",
                                              "Runbook update", "Correction"}};

} // namespace

QString severityName(Severity s)
{
    return kSeverities.name(s);
}
QString severityLabel(Severity s)
{
    return kSeverities.label(s);
}
std::optional<Severity> severityFromName(const QString& n)
{
    return kSeverities.from(n);
}
QStringList severityNames()
{
    return kSeverities.all();
}

QString stateName(IncidentState s)
{
    return kStates.name(s);
}
QString stateLabel(IncidentState s)
{
    return kStates.label(s);
}
std::optional<IncidentState> stateFromName(const QString& n)
{
    return kStates.from(n);
}
QStringList stateNames()
{
    return kStates.all();
}

QString timelineKindName(TimelineKind k)
{
    return kTimelineKinds.name(k);
}
QString timelineKindLabel(TimelineKind k)
{
    return kTimelineKinds.label(k);
}
std::optional<TimelineKind> timelineKindFromName(const QString& n)
{
    return kTimelineKinds.from(n);
}

const QStringList& sourceKinds()
{
    static const QStringList k{"staff_report", "customer_report", "bug_bounty", "automated_signal"};
    return k;
}
QString sourceKindLabel(const QString& kind)
{
    static const QHash<QString, QString> labels{{"staff_report", "Internal (staff) report"},
                                                {"customer_report", "Customer or partner report"},
                                                {"bug_bounty", "Bug bounty"},
                                                {"automated_signal", "Automated signal"}};
    return labels.value(kind, kind);
}
QString signalLabel(const QString& signal)
{
    static const QHash<QString, QString> labels{{"waf", "WAF"},
                                                {"ids_ips", "IDS/IPS"},
                                                {"siem_rule", "SIEM rule"},
                                                {"cloudtrail", "CloudTrail"},
                                                {"guardduty", "GuardDuty"},
                                                {"audit_log_anomaly", "Audit-log anomaly"},
                                                {"github", "GitHub"},
                                                {"other", "Other signal"}};
    return labels.value(signal, signal);
}
QString assetKindLabel(const QString& kind)
{
    static const QHash<QString, QString> labels{{"host", "Host"},
                                                {"service", "Service"},
                                                {"database_cluster", "Database cluster"},
                                                {"queue_worker", "Queue worker"},
                                                {"repository", "Repository"},
                                                {"other", "Other"}};
    return labels.value(kind, kind);
}
QString iocTypeLabel(const QString& type)
{
    static const QHash<QString, QString> labels{{"sha256", "SHA-256"}, {"sha1", "SHA-1"},    {"md5", "MD5"},
                                                {"ip", "IP address"},  {"domain", "Domain"}, {"url", "URL"},
                                                {"email", "Email"},    {"other", "Other"}};
    return labels.value(type, type);
}
const QStringList& signalKinds()
{
    static const QStringList k{"waf",       "ids_ips",           "siem_rule", "cloudtrail",
                               "guardduty", "audit_log_anomaly", "github",    "other"};
    return k;
}
const QStringList& assetKinds()
{
    static const QStringList k{"host", "service", "database_cluster", "queue_worker", "repository", "other"};
    return k;
}
const QStringList& iocTypes()
{
    static const QStringList k{"sha256", "sha1", "md5", "ip", "domain", "url", "email", "other"};
    return k;
}

QString sourceLabel(const IncidentSource& source)
{
    if (source.kind == QLatin1String("automated_signal"))
        return QStringLiteral("Automated signal: %1").arg(signalLabel(source.signal));
    return sourceKindLabel(source.kind);
}

} // namespace watchpost::vocabulary
