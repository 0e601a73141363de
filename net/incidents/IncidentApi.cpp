#include "net/incidents/IncidentApi.h"

#include "models/incidents/TimelineCsv.h"
#include "models/incidents/Vocabulary.h"
#include "net/http/ApiRequestParts.h"
#include "net/http/JsonBody.h"
#include "net/incidents/IncidentJson.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonParseError>
#include <variant>

namespace watchpost {
namespace {

// `limit` from the query: default when absent, 400 when not 1..max.
std::variant<int, ApiResponse> limitOf(const ApiRequest& r, int defaultLimit, int maxLimit)
{
    if (!r.query.hasQueryItem(QStringLiteral("limit")))
        return defaultLimit;
    bool ok = false;
    const int limit = r.query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit < 1 || limit > maxLimit)
        return badParameter(QStringLiteral("limit"),
                            QStringLiteral("limit must be a whole number from 1 to %1").arg(maxLimit));
    return limit;
}

} // namespace

void IncidentApi::addRoutes(ApiRouteTable& table)
{
    const QString incidents = QStringLiteral("/api/v1/security/incidents");
    const QString respond = QStringLiteral("a %1 token cannot act on incidents; use a responder or admin token");
    // The incident a route's {id} names (numeric or public id), or the 404 to send.
    auto withIncident = [this](ApiResponse (IncidentApi::*handler)(const ApiRequest&, qint64)) {
        return [this, handler](const ApiRequest& r) {
            auto found = m_service.findId(r.params.value(0));
            return found ? (this->*handler)(r, found.value()) : ApiResponse::fromError(found.error());
        };
    };
    table.add({"GET",
               QStringLiteral("/api/v1/security/metrics"),
               ApiRoute::Access::Bearer,
               nullptr,
               {},
               [this](const ApiRequest& r) { return metrics(r); }});
    table.add(
        {"GET", incidents, ApiRoute::Access::Bearer, nullptr, {}, [this](const ApiRequest& r) { return list(r); }});
    table.add({"POST", incidents, ApiRoute::Access::Bearer, &TokenService::canReport,
               QStringLiteral("a %1 token cannot report incidents"),
               [this](const ApiRequest& r) { return create(r); }});
    table.add({"GET",
               incidents + QStringLiteral("/{id}"),
               ApiRoute::Access::Bearer,
               nullptr,
               {},
               withIncident(&IncidentApi::show)});
    table.add({"GET",
               incidents + QStringLiteral("/{id}/timeline"),
               ApiRoute::Access::Bearer,
               nullptr,
               {},
               withIncident(&IncidentApi::timeline)});
    const std::pair<const char*, ApiResponse (IncidentApi::*)(const ApiRequest&, qint64)> actions[] = {
        {"acknowledge", &IncidentApi::acknowledge}, {"timeline", &IncidentApi::addTimeline},
        {"contain", &IncidentApi::contain},         {"follow-ups", &IncidentApi::addFollowUp},
        {"resolve", &IncidentApi::resolve},         {"close", &IncidentApi::close}};
    for (const auto& [action, handler] : actions)
        table.add({"POST", incidents + QStringLiteral("/{id}/") + QLatin1String(action), ApiRoute::Access::Bearer,
                   &TokenService::canRespond, respond, withIncident(handler)});
    table.add({"PATCH", incidents + QStringLiteral("/{id}/follow-ups/{follow_up_id}"), ApiRoute::Access::Bearer,
               &TokenService::canRespond, respond, [this](const ApiRequest& r) {
                   auto found = m_service.findId(r.params.value(0));
                   return found ? changeFollowUp(r, found.value(), r.params.value(1))
                                : ApiResponse::fromError(found.error());
               }});
}

ApiResponse IncidentApi::answer(const Result<Incident>& result) const
{
    return result ? ApiResponse::json(200, json::incident(result.value(), m_service.clock().now()))
                  : ApiResponse::fromError(result.error());
}

ApiResponse IncidentApi::list(const ApiRequest& r)
{
    IncidentFilter filter;
    if (const QString state = r.query.queryItemValue(QStringLiteral("state")); !state.isEmpty()) {
        filter.state = vocabulary::stateFromName(state);
        if (!filter.state)
            return badParameter(
                QStringLiteral("state"),
                QStringLiteral("state must be one of %1").arg(vocabulary::stateNames().join(QStringLiteral(", "))));
    }
    if (const QString severity = r.query.queryItemValue(QStringLiteral("severity")); !severity.isEmpty()) {
        filter.severity = vocabulary::severityFromName(severity);
        if (!filter.severity)
            return badParameter(QStringLiteral("severity"),
                                QStringLiteral("severity must be one of %1")
                                    .arg(vocabulary::severityNames().join(QStringLiteral(", "))));
    }
    filter.text = r.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).left(200);
    const auto limit = limitOf(r, kDefaultLimit, kMaxLimit);
    if (auto* response = std::get_if<ApiResponse>(&limit))
        return *response;
    std::optional<qint64> before;
    if (const QString cursor = r.query.queryItemValue(QStringLiteral("cursor")); !cursor.isEmpty()) {
        before = idFromCursor(cursor, "before:");
        if (!before)
            return badParameter(QStringLiteral("cursor"), QStringLiteral("cursor is not one this API handed out"));
    }
    const int n = std::get<int>(limit);
    const QDateTime now = m_service.clock().now();
    return pageAnswer(
        QStringLiteral("incidents"), m_service.incidents().summariesBefore(filter, before, n + 1),
        m_service.incidents().count(filter), n,
        "before:", [&now](const IncidentSummary& s) { return json::summary(s, now); },
        [](const IncidentSummary& s) { return s.id; });
}

ApiResponse IncidentApi::create(const ApiRequest& r)
{
    return withBody(
        r, {"title", "severity", "summary", "source", "assets", "iocs", "reporter"},
        [](JsonBody& body) {
            IncidentReport report;
            report.title = body.string(QStringLiteral("title"));
            report.severity = body.string(QStringLiteral("severity"));
            report.summary = body.string(QStringLiteral("summary"));
            report.reporter = body.string(QStringLiteral("reporter"));
            JsonBody source(body.object(QStringLiteral("source")), QStringLiteral("source"));
            source.allowOnly({"kind", "signal"});
            report.source.kind = source.string(QStringLiteral("kind"));
            report.source.signal = source.string(QStringLiteral("signal"));
            body.absorb(source);
            const QJsonArray assets = body.array(QStringLiteral("assets"));
            for (int i = 0; i < assets.size() && i <= TextLimits::kListItems; ++i) {
                const QString at = QStringLiteral("assets[%1]").arg(i);
                if (!assets.at(i).isObject()) {
                    body.problem(at, QStringLiteral("%1 must be an object with kind and identifier").arg(at));
                    continue;
                }
                JsonBody asset(assets.at(i).toObject(), at);
                asset.allowOnly({"kind", "identifier"});
                report.assets << Asset{asset.string(QStringLiteral("kind")),
                                       asset.string(QStringLiteral("identifier"))};
                body.absorb(asset);
            }
            const QJsonArray iocs = body.array(QStringLiteral("iocs"));
            for (int i = 0; i < iocs.size() && i <= TextLimits::kListItems; ++i) {
                const QString at = QStringLiteral("iocs[%1]").arg(i);
                if (!iocs.at(i).isObject()) {
                    body.problem(at, QStringLiteral("%1 must be an object with type and value").arg(at));
                    continue;
                }
                JsonBody ioc(iocs.at(i).toObject(), at);
                ioc.allowOnly({"type", "value"});
                report.iocs << Ioc{ioc.string(QStringLiteral("type")), ioc.string(QStringLiteral("value"))};
                body.absorb(ioc);
            }
            return report;
        },
        [&](const IncidentReport& report) {
            auto created = m_service.report(report, r.principal.name);
            if (!created)
                return ApiResponse::fromError(created.error());
            ApiResponse response = ApiResponse::json(201, json::incident(created.value(), m_service.clock().now()));
            response.headers << std::pair<QByteArray, QByteArray>("Location", "/api/v1/security/incidents/" +
                                                                                  created->publicId.toLatin1());
            return response;
        });
}

ApiResponse IncidentApi::show(const ApiRequest&, qint64 id)
{
    auto incident = m_service.get(id);
    if (!incident)
        return ApiResponse::fromError(incident.error());
    QJsonObject o = json::incident(incident.value(), m_service.clock().now());
    // The first page of the timeline; the rest through /timeline with its cursor.
    const auto read = m_service.timeline().timeline(id, std::nullopt, kMaxLimit + 1);
    const auto total = !read                      ? Result<int>(read.error())
                       : read->size() > kMaxLimit ? m_service.timeline().timelineCount(id)
                                                  : Result<int>(int(read->size()));
    if (!total)
        return ApiResponse::fromError(total.error());
    const QList<TimelineEntry>& entries = *read;
    QJsonArray timeline;
    for (int i = 0; i < entries.size() && i < kMaxLimit; ++i)
        timeline.append(json::timelineEntry(entries.at(i)));
    o.insert(QStringLiteral("timeline"), timeline);
    o.insert(QStringLiteral("timeline_total"), *total);
    o.insert(QStringLiteral("timeline_next_cursor"),
             entries.size() > kMaxLimit ? QJsonValue(cursorFor("after:", entries.at(kMaxLimit - 1).id)) : QJsonValue());
    return ApiResponse::json(200, o);
}

ApiResponse IncidentApi::timeline(const ApiRequest& r, qint64 id)
{
    const QString format = r.query.queryItemValue(QStringLiteral("format"));
    if (!format.isEmpty() && format != QLatin1String("json") && format != QLatin1String("csv"))
        return badParameter(QStringLiteral("format"), QStringLiteral("format must be json or csv"));
    const auto loaded = m_service.incidents().load(id, false);
    if (!loaded)
        return ApiResponse::fromError(loaded.error());
    if (!loaded->has_value())
        return ApiResponse::fromError(Error::notFound(QStringLiteral("no incident %1").arg(id)));
    const Incident& incident = **loaded;
    if (format == QLatin1String("csv")) {
        // The export is the whole timeline, read in pages so memory stays flat per page.
        QByteArray csv;
        QBuffer buffer(&csv);
        buffer.open(QIODevice::WriteOnly);
        if (auto written = TimelineCsv::write(m_service.timeline(), id, buffer); !written)
            return ApiResponse::fromError(written.error()); // never half an export under a 200
        ApiResponse response{200, csv, "text/csv; charset=utf-8", {}, {}};
        response.headers << std::pair<QByteArray, QByteArray>(
            "Content-Disposition", "attachment; filename=\"" + incident.publicId.toLatin1() + "-timeline.csv\"");
        return response;
    }
    const auto limit = limitOf(r, kMaxLimit, 5000);
    if (auto* response = std::get_if<ApiResponse>(&limit))
        return *response;
    std::optional<qint64> after;
    if (const QString cursor = r.query.queryItemValue(QStringLiteral("cursor")); !cursor.isEmpty()) {
        after = idFromCursor(cursor, "after:");
        if (!after)
            return badParameter(QStringLiteral("cursor"), QStringLiteral("cursor is not one this API handed out"));
    }
    const int n = std::get<int>(limit);
    return pageAnswer(
        QStringLiteral("timeline"), m_service.timeline().timeline(id, after, n + 1),
        m_service.timeline().timelineCount(id), n,
        "after:", [](const TimelineEntry& e) { return json::timelineEntry(e); },
        [](const TimelineEntry& e) { return e.id; }, {{QStringLiteral("incident"), incident.publicId}});
}

ApiResponse IncidentApi::acknowledge(const ApiRequest& r, qint64 id)
{
    return withBody(
        r, {"note"}, [](JsonBody& body) { return body.string(QStringLiteral("note")); },
        [&](const QString& note) { return answer(m_service.acknowledge(id, note, r.principal.name)); });
}

ApiResponse IncidentApi::addTimeline(const ApiRequest& r, qint64 id)
{
    struct Entry
    {
        std::optional<TimelineKind> kind;
        QString text;
        std::optional<qint64> corrects;
    };
    return withBody(
        r, {"kind", "text", "corrects"},
        [](JsonBody& body) {
            Entry e{vocabulary::timelineKindFromName(body.string(QStringLiteral("kind"))),
                    body.string(QStringLiteral("text")), body.integer(QStringLiteral("corrects"))};
            if (!e.kind || (!IncidentService::isManualTimelineKind(*e.kind) &&
                            !(e.corrects && *e.kind == TimelineKind::Correction)))
                body.problem(
                    QStringLiteral("kind"),
                    QStringLiteral("kind must be containment_action, communication, stakeholder_decision or note"));
            return e;
        },
        [&](const Entry& e) {
            auto result = m_service.addTimelineEntry(id, *e.kind, e.text, r.principal.name, e.corrects);
            return result ? ApiResponse::json(201, json::timelineEntry(result.value()))
                          : ApiResponse::fromError(result.error());
        });
}

ApiResponse IncidentApi::contain(const ApiRequest& r, qint64 id)
{
    using NoteAndAction = std::pair<QString, QString>;
    return withBody(
        r, {"note", "containment_action"},
        [](JsonBody& body) {
            return NoteAndAction{body.string(QStringLiteral("note")),
                                 body.string(QStringLiteral("containment_action"))};
        },
        [&](const NoteAndAction& c) {
            return answer(m_service.markContained(id, c.first, r.principal.name, c.second));
        },
        true);
}

ApiResponse IncidentApi::addFollowUp(const ApiRequest& r, qint64 id)
{
    return withBody(
        r, {"action", "owner", "due_at", "validation_criteria", "status"},
        [](JsonBody& body) {
            FollowUp f;
            f.action = body.string(QStringLiteral("action"));
            f.owner = body.string(QStringLiteral("owner"));
            f.dueAt = body.time(QStringLiteral("due_at"));
            f.validationCriteria = body.string(QStringLiteral("validation_criteria"));
            f.status = body.string(QStringLiteral("status"));
            return f;
        },
        [&](const FollowUp& f) {
            auto result = m_service.addFollowUp(id, f, r.principal.name);
            return result ? ApiResponse::json(201, json::followUp(result.value()))
                          : ApiResponse::fromError(result.error());
        });
}

ApiResponse IncidentApi::changeFollowUp(const ApiRequest& r, qint64 id, const QString& followUpId)
{
    bool numeric = false;
    const qint64 fid = followUpId.toLongLong(&numeric);
    if (!numeric || fid <= 0)
        return ApiResponse::error(404, QStringLiteral("not_found"),
                                  QStringLiteral("no follow-up %1").arg(followUpId.left(40)));
    return withBody(
        r, {"owner", "due_at", "validation_criteria", "status"},
        [](JsonBody& body) {
            FollowUpChange change;
            change.owner = body.optionalString(QStringLiteral("owner"));
            bool duePresent = false;
            const auto due = body.time(QStringLiteral("due_at"), &duePresent);
            if (duePresent)
                change.dueAt = due;
            change.validationCriteria = body.optionalString(QStringLiteral("validation_criteria"));
            change.status = body.optionalString(QStringLiteral("status"));
            return change;
        },
        [&](const FollowUpChange& change) {
            auto result = m_service.changeFollowUp(id, fid, change, r.principal.name);
            return result ? ApiResponse::json(200, json::followUp(result.value()))
                          : ApiResponse::fromError(result.error());
        });
}

ApiResponse IncidentApi::resolve(const ApiRequest& r, qint64 id)
{
    return withBody(
        r, {"root_cause", "impact_summary", "mitigation_steps"},
        [](JsonBody& body) {
            return Resolution{body.string(QStringLiteral("root_cause")), body.string(QStringLiteral("impact_summary")),
                              body.string(QStringLiteral("mitigation_steps"))};
        },
        [&](const Resolution& resolution) { return answer(m_service.resolve(id, resolution, r.principal.name)); });
}

ApiResponse IncidentApi::close(const ApiRequest& r, qint64 id)
{
    return withBody(
        r, {"approval_note", "approver", "postmortem_url", "root_cause_narrative", "runbook_updates"},
        [](JsonBody& body) {
            Closure c;
            c.approvalNote = body.string(QStringLiteral("approval_note"));
            c.approver = body.string(QStringLiteral("approver"));
            c.postmortemUrl = body.string(QStringLiteral("postmortem_url"));
            JsonBody narrative(body.object(QStringLiteral("root_cause_narrative")),
                               QStringLiteral("root_cause_narrative"));
            narrative.allowOnly({"people", "process", "technology"});
            c.narrativePeople = narrative.string(QStringLiteral("people"));
            c.narrativeProcess = narrative.string(QStringLiteral("process"));
            c.narrativeTechnology = narrative.string(QStringLiteral("technology"));
            body.absorb(narrative);
            c.runbookUpdates = body.stringList(QStringLiteral("runbook_updates"));
            return c;
        },
        [&](const Closure& c) { return answer(m_service.close(id, c, r.principal.name)); });
}

ApiResponse IncidentApi::metrics(const ApiRequest& r)
{
    const QDateTime now = m_service.clock().now();
    auto parse = [&](const char* name, const QDateTime& fallback) -> std::optional<QDateTime> {
        const QString v = r.query.queryItemValue(QString::fromLatin1(name), QUrl::FullyDecoded);
        if (v.isEmpty())
            return fallback;
        QDateTime t = QDateTime::fromString(v, Qt::ISODateWithMs);
        if (!t.isValid())
            t = QDateTime::fromString(v, Qt::ISODate);
        if (!t.isValid())
            return std::nullopt;
        return t.toUTC();
    };
    const auto to = parse("to", now);
    if (!to)
        return badParameter(QStringLiteral("to"), QStringLiteral("to must be an ISO 8601 time"));
    const auto from = parse("from", to->addDays(-30));
    if (!from)
        return badParameter(QStringLiteral("from"), QStringLiteral("from must be an ISO 8601 time"));
    if (*from >= *to)
        return badParameter(QStringLiteral("from"), QStringLiteral("from must be before to"));
    const auto report = m_metrics.compute(*from, *to);
    if (!report)
        return ApiResponse::fromError(report.error());
    return ApiResponse::json(200, json::metrics(*report));
}

} // namespace watchpost
