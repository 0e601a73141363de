#include "models/demo/DemoDataset.h"

namespace watchpost {
namespace {

struct Scenario
{
    const char* title;
    const char* summary;
    const char* severity;
    const char* sourceKind;
    const char* signal;
    QList<Asset> assets;
    QList<Ioc> iocs;
    IncidentState target;
    int startedMinutesAgo;
    int ackAfter;     // minutes after report
    int containAfter; // minutes after report
    int resolveAfter; // minutes after report
};

const QList<Scenario>& scenarios()
{
    static const QList<Scenario> list{
        {"Credential stuffing against customer login",
         "WAF shows 40k failed logins/min from a rotating residential proxy pool.",
         "critical",
         "automated_signal",
         "waf",
         {{"service", "auth-api"}, {"host", "edge-lb-03"}},
         {{"ip", "203.0.113.77"}, {"domain", "login-verify.example.net"}},
         IncidentState::Reported,
         9,
         0,
         0,
         0},
        {"GuardDuty: EC2 instance querying crypto-mining pool",
         "i-0a3f reports DNS lookups to a known mining pool.",
         "high",
         "automated_signal",
         "guardduty",
         {{"host", "i-0a3f9c2be1d4"}},
         {{"domain", "pool.minexmr.example"}},
         IncidentState::Reported,
         13,
         0,
         0,
         0},
        {"Leaked deploy key found in public gist",
         "A read-write deploy key for infra-config appeared in a public gist.",
         "critical",
         "customer_report",
         "",
         {{"repository", "acme/infra-config"}},
         {{"sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}},
         IncidentState::Acknowledged,
         25,
         4,
         0,
         0},
        {"SIEM: impossible travel for admin account",
         "Admin login from two continents within 12 minutes.",
         "high",
         "automated_signal",
         "siem_rule",
         {{"service", "admin-console"}},
         {{"ip", "198.51.100.23"}},
         IncidentState::Acknowledged,
         100,
         9,
         0,
         0},
        {"CloudTrail: S3 bucket policy made public",
         "Bucket policy on exports bucket changed to allow public read.",
         "medium",
         "automated_signal",
         "cloudtrail",
         {{"other", "s3://acme-exports"}},
         {},
         IncidentState::Contained,
         300,
         20,
         150,
         0},
        {"Queue worker running unsigned binary",
         "IDS flagged an unsigned binary spawned by the billing queue worker.",
         "high",
         "automated_signal",
         "ids_ips",
         {{"queue_worker", "billing-worker-7"}},
         {{"sha256", "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}},
         IncidentState::Contained,
         200,
         12,
         95,
         0},
        {"Bug bounty: IDOR on invoice download",
         "Researcher can fetch other tenants' invoices by changing the id.",
         "medium",
         "bug_bounty",
         "",
         {{"service", "billing-api"}},
         {},
         IncidentState::Resolved,
         2000,
         45,
         300,
         900},
        {"Audit-log anomaly: mass export by support agent",
         "Support agent exported 12k customer records overnight.",
         "high",
         "automated_signal",
         "audit_log_anomaly",
         {{"database_cluster", "customers-pg-main"}},
         {},
         IncidentState::Resolved,
         3000,
         10,
         100,
         230},
        {"Partner report: phishing domain imitating login",
         "Partner forwarded a phishing page cloning our login.",
         "low",
         "customer_report",
         "",
         {},
         {{"domain", "acme-login-secure.example"}, {"url", "https://acme-login-secure.example/"}},
         IncidentState::Closed,
         9000,
         90,
         600,
         1300},
        {"WAF false positive on checkout",
         "New WAF rule blocked legitimate checkout requests for 20 minutes.",
         "low",
         "automated_signal",
         "waf",
         {{"service", "checkout"}},
         {},
         IncidentState::Closed,
         12000,
         30,
         120,
         200},
        {"Compromised CI token used to push to main",
         "A leaked CI token pushed an unreviewed commit to main.",
         "critical",
         "automated_signal",
         "audit_log_anomaly",
         {{"repository", "acme/web"}, {"service", "ci-runner"}},
         {{"ip", "192.0.2.44"}},
         IncidentState::Closed,
         20000,
         6,
         28,
         210},
        {"Database cluster exposed on 0.0.0.0",
         "Misconfigured security group exposed the analytics replica.",
         "medium",
         "automated_signal",
         "other",
         {{"database_cluster", "analytics-replica-2"}},
         {},
         IncidentState::Acknowledged,
         400,
         50,
         0,
         0},
    };
    return list;
}

} // namespace

Result<int> DemoDataset::populate(std::shared_ptr<Store> store, const Clock& origin, ChangeNotifier* notifier)
{
    IncidentStore existing(store);
    const auto stored = existing.count({});
    if (!stored)
        return stored.error();
    if (*stored > 0)
        return Error::wrongState(
            QStringLiteral("--demo fills only an empty store; %1 already holds incidents").arg(store->path()));
    const QDateTime now = origin.now();
    auto clock = std::make_shared<ManualClock>(now);
    IncidentService service(store, clock, notifier);
    const QString responder = QStringLiteral("dana.responder");
    int created = 0;
    for (const Scenario& s : scenarios()) {
        const QDateTime start = now.addSecs(-60LL * s.startedMinutesAgo);
        clock->set(start);
        IncidentReport report{QString::fromUtf8(s.title),
                              QString::fromUtf8(s.summary),
                              QString::fromUtf8(s.severity),
                              {QString::fromUtf8(s.sourceKind), QString::fromUtf8(s.signal)},
                              QStringLiteral("soc-automation"),
                              s.assets,
                              s.iocs};
        auto incident = service.report(report, QStringLiteral("soc-automation"));
        if (!incident)
            return incident.error();
        ++created;
        const qint64 id = incident->id;
        auto at = [&](int minutes) { clock->set(start.addSecs(60LL * minutes)); };
        if (s.target == IncidentState::Reported)
            continue;
        at(s.ackAfter);
        service.acknowledge(id, QStringLiteral("On it — paging the service owner."), responder);
        service.addTimelineEntry(id, TimelineKind::Communication,
                                 QStringLiteral("Posted in #security-incidents with the incident permalink."),
                                 responder);
        if (s.target == IncidentState::Acknowledged)
            continue;
        at(s.containAfter - 2);
        service.addTimelineEntry(id, TimelineKind::ContainmentAction,
                                 QStringLiteral("Blocked the source at the WAF and rotated the affected credentials."),
                                 responder);
        service.addTimelineEntry(id, TimelineKind::StakeholderDecision,
                                 QStringLiteral("Leadership bridge: no customer notification needed yet."),
                                 QStringLiteral("vp.security"));
        at(s.containAfter);
        service.markContained(id, QStringLiteral("No further malicious activity observed."), responder);
        service.addFollowUp(id,
                            {0,
                             id,
                             QStringLiteral("Add a detection rule for this pattern"),
                             QStringLiteral("sam.detection"),
                             start.addDays(7),
                             QStringLiteral("Rule fires on a replay of the captured traffic"),
                             QStringLiteral("open"),
                             {}},
                            responder);
        if (s.target == IncidentState::Contained)
            continue;
        at(s.resolveAfter);
        service.resolve(id,
                        {QStringLiteral("Missing guard on an internet-facing path."),
                         QStringLiteral("Limited: no data confirmed exfiltrated."),
                         QStringLiteral("Patched, redeployed hardened build, verified with smoke tests.")},
                        responder);
        if (s.target == IncidentState::Resolved)
            continue;
        at(s.resolveAfter + 600);
        auto closed = service.close(id,
                                    {QStringLiteral("Approved after postmortem review."),
                                     QStringLiteral("Alex Rivera, VP Security"),
                                     QStringLiteral("https://wiki.example.com/postmortems/%1").arg(incident->publicId),
                                     QStringLiteral("On-call had no runbook entry for this signal."),
                                     QStringLiteral("Review of new rules skipped the staging soak."),
                                     QStringLiteral("The guard was missing on one legacy endpoint."),
                                     {QStringLiteral("Add this signal to the triage section of the runbook.")}},
                                    QStringLiteral("alex.rivera"));
        if (!closed)
            return closed.error();
    }
    return created;
}

} // namespace watchpost
