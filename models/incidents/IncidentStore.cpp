#include "models/incidents/IncidentStore.h"

#include "models/incidents/FollowUpStore.h"
#include "models/incidents/IncidentRows.h"
#include "models/incidents/Vocabulary.h"
#include "models/store/CheckedQuery.h"
#include "models/store/SqlValues.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace watchpost {
using namespace rows;
using namespace sql;

namespace {
// Filter clause with bound values only; NULL means "any".
const char* kFilterClause = "(:state IS NULL OR state = :state) AND (:severity IS NULL OR severity = :severity) "
                            "AND (:open = 0 OR state IN ('reported', 'acknowledged', 'contained')) "
                            "AND (:text IS NULL OR public_id LIKE :text ESCAPE '\\' OR title LIKE :text ESCAPE '\\' "
                            "OR summary LIKE :text ESCAPE '\\')";

void bindFilter(QSqlQuery& q, const IncidentFilter& f)
{
    const QVariant nullText(QMetaType(QMetaType::QString));
    q.bindValue(QStringLiteral(":state"), f.state ? QVariant(vocabulary::stateName(*f.state)) : nullText);
    q.bindValue(QStringLiteral(":severity"), f.severity ? QVariant(vocabulary::severityName(*f.severity)) : nullText);
    q.bindValue(QStringLiteral(":text"), containing(f.text));
    q.bindValue(QStringLiteral(":open"), f.openOnly ? 1 : 0);
}

// ORDER BY clauses are chosen from this fixed table, never from input text.
QString orderClause(const IncidentFilter& f)
{
    const char* dir = f.descending ? "DESC" : "ASC";
    QString key;
    switch (f.sort) {
    case IncidentFilter::SortKey::Newest:
        return f.descending ? QStringLiteral("id DESC") : QStringLiteral("id ASC");
    case IncidentFilter::SortKey::Severity:
        key = QStringLiteral("CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END");
        break;
    case IncidentFilter::SortKey::State:
        key = QStringLiteral("CASE state WHEN 'reported' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'contained' THEN 2 "
                             "WHEN 'resolved' THEN 3 ELSE 4 END");
        break;
    case IncidentFilter::SortKey::Title:
        key = QStringLiteral("title COLLATE NOCASE");
        break;
    case IncidentFilter::SortKey::Age:
        key = QStringLiteral("reported_at");
        break;
    case IncidentFilter::SortKey::Deadline:
        // The same expression as the index incidents_deadline (migration 004), whose (deadline, id DESC) order is read
        // forwards or backwards: so the tie-breaker turns with the direction, and the first page is read off the index.
        return QStringLiteral("CASE WHEN acknowledged_at IS NULL THEN acknowledge_due_at WHEN contained_at IS NULL "
                              "THEN containment_due_at ELSE 9000000000000000 END %1, id %2")
            .arg(QLatin1String(dir), QLatin1String(f.descending ? "ASC" : "DESC"));
    }
    return QStringLiteral("%1 %2, id DESC").arg(key, QLatin1String(dir));
}

} // namespace

IncidentStore::IncidentStore(std::shared_ptr<Store> store) : m_store(std::move(store)) {}

Result<std::optional<qint64>> IncidentStore::idForPublicId(const QString& publicId) const
{
    CheckedQuery q(db(), QStringLiteral("SELECT id FROM incidents WHERE public_id = ?"),
                   QStringLiteral("look up incident %1").arg(publicId));
    q.add(publicId);
    return q.first([](const QSqlQuery& r) { return r.value(0).toLongLong(); });
}

Result<std::optional<Incident>> IncidentStore::load(qint64 id, bool withChildren) const
{
    CheckedQuery q(
        db(),
        QStringLiteral(
            "SELECT id, public_id, title, summary, severity, state, source_kind, source_signal, reporter, reported_at, "
            "acknowledged_at, contained_at, resolved_at, closed_at, acknowledge_due_at, containment_due_at, "
            "root_cause, impact_summary, mitigation_steps, approval_note, approver, postmortem_url, narrative_people, "
            "narrative_process, narrative_technology FROM incidents WHERE id = ?"),
        QStringLiteral("read incident %1").arg(id));
    q.add(id);
    auto found = q.first([](const QSqlQuery& r) {
        Incident i;
        i.id = r.value(0).toLongLong();
        i.publicId = r.value(1).toString();
        i.title = r.value(2).toString();
        i.summary = r.value(3).toString();
        i.severity = vocabulary::severityFromName(r.value(4).toString()).value_or(Severity::Low);
        i.state = vocabulary::stateFromName(r.value(5).toString()).value_or(IncidentState::Reported);
        i.source = {r.value(6).toString(), r.value(7).toString()};
        i.reporter = r.value(8).toString();
        i.reportedAt = fromMs(r.value(9));
        i.acknowledgedAt = optionalTime(r.value(10));
        i.containedAt = optionalTime(r.value(11));
        i.resolvedAt = optionalTime(r.value(12));
        i.closedAt = optionalTime(r.value(13));
        i.acknowledgeDueAt = fromMs(r.value(14));
        i.containmentDueAt = fromMs(r.value(15));
        i.resolution = {r.value(16).toString(), r.value(17).toString(), r.value(18).toString()};
        i.closure.approvalNote = r.value(19).toString();
        i.closure.approver = r.value(20).toString();
        i.closure.postmortemUrl = r.value(21).toString();
        i.closure.narrativePeople = r.value(22).toString();
        i.closure.narrativeProcess = r.value(23).toString();
        i.closure.narrativeTechnology = r.value(24).toString();
        return i;
    });
    if (!found || !found->has_value() || !withChildren)
        return found;
    Incident& i = **found;

    CheckedQuery assets(
        db(), QStringLiteral("SELECT kind, identifier FROM incident_assets WHERE incident_id = ? ORDER BY id"),
        QStringLiteral("read the assets of incident %1").arg(id));
    assets.add(id);
    auto a = assets.all([](const QSqlQuery& r) { return Asset{r.value(0).toString(), r.value(1).toString()}; });
    if (!a)
        return a.error();
    i.assets = *a;
    CheckedQuery iocs(db(), QStringLiteral("SELECT type, value FROM incident_iocs WHERE incident_id = ? ORDER BY id"),
                      QStringLiteral("read the indicators of incident %1").arg(id));
    iocs.add(id);
    auto o = iocs.all([](const QSqlQuery& r) { return Ioc{r.value(0).toString(), r.value(1).toString()}; });
    if (!o)
        return o.error();
    i.iocs = *o;
    CheckedQuery updates(
        db(),
        QStringLiteral("SELECT id, text, actor, created_at FROM runbook_updates WHERE incident_id = ? ORDER BY id"),
        QStringLiteral("read the runbook updates of incident %1").arg(id));
    updates.add(id);
    auto u = updates.all([](const QSqlQuery& r) {
        return RunbookUpdate{r.value(0).toLongLong(), r.value(1).toString(), r.value(2).toString(), fromMs(r.value(3))};
    });
    if (!u)
        return u.error();
    i.runbookUpdates = *u;
    auto f = FollowUpStore(m_store).followUps(id);
    if (!f)
        return f.error();
    i.followUps = *f;
    return found;
}

QString IncidentStore::summariesSql(const IncidentFilter& filter)
{
    return QStringLiteral("SELECT %1 FROM incidents WHERE %2 ORDER BY %3 LIMIT :limit OFFSET :offset")
        .arg(QLatin1String(rows::kSummaryColumns), QLatin1String(kFilterClause), orderClause(filter));
}

Result<QList<IncidentSummary>> IncidentStore::summaries(const IncidentFilter& filter, int offset, int limit) const
{
    CheckedQuery q(db(), summariesSql(filter), QStringLiteral("read the incidents"));
    bindFilter(q.query(), filter);
    q.bind(QStringLiteral(":limit"), limit).bind(QStringLiteral(":offset"), offset);
    return q.all(summaryFrom);
}

Result<int> IncidentStore::count(const IncidentFilter& filter) const
{
    CheckedQuery q(db(), QStringLiteral("SELECT COUNT(*) FROM incidents WHERE %1").arg(QLatin1String(kFilterClause)),
                   QStringLiteral("count the incidents"));
    bindFilter(q.query(), filter);
    auto n = q.integer();
    if (!n)
        return n.error();
    return int(*n);
}

Result<QList<IncidentSummary>> IncidentStore::summariesBefore(const IncidentFilter& filter,
                                                              std::optional<qint64> beforeId, int limit) const
{
    CheckedQuery q(db(),
                   QStringLiteral("SELECT %1 FROM incidents WHERE %2 AND id < :before ORDER BY id DESC LIMIT :limit")
                       .arg(QLatin1String(rows::kSummaryColumns), QLatin1String(kFilterClause)),
                   QStringLiteral("read the incidents"));
    bindFilter(q.query(), filter);
    q.bind(QStringLiteral(":before"), beforeId.value_or(std::numeric_limits<qint64>::max()))
        .bind(QStringLiteral(":limit"), limit);
    return q.all(summaryFrom);
}

Result<IncidentCounts> IncidentStore::countsByState() const
{
    CheckedQuery q(db(), QStringLiteral("SELECT state, COUNT(*) FROM incidents GROUP BY state"),
                   QStringLiteral("count the incidents by state"));
    auto rowsRead = q.all([](const QSqlQuery& r) { return std::pair(r.value(0).toString(), r.value(1).toInt()); });
    if (!rowsRead)
        return rowsRead.error();
    IncidentCounts counts;
    for (const auto& [state, n] : *rowsRead)
        if (auto s = vocabulary::stateFromName(state)) {
            counts.byState[*s] = n;
            counts.total += n;
        }
    return counts;
}

Result<QList<IncidentSummary>> IncidentStore::openSummaries() const
{
    CheckedQuery q(db(),
                   QStringLiteral("SELECT %1 FROM incidents WHERE state IN ('reported', 'acknowledged', 'contained') "
                                  "ORDER BY id DESC")
                       .arg(QLatin1String(rows::kSummaryColumns)),
                   QStringLiteral("read the open incidents"));
    return q.all(summaryFrom);
}

Result<QList<IncidentStore::TimingRow>> IncidentStore::timings(qint64 fromMs, qint64 toMs) const
{
    CheckedQuery q(db(),
                   QStringLiteral("SELECT severity, reported_at, acknowledged_at, resolved_at, id, public_id, title "
                                  "FROM incidents WHERE reported_at >= ? AND reported_at < ?"),
                   QStringLiteral("read the incident timings"));
    q.add(fromMs).add(toMs);
    return q.all([](const QSqlQuery& r) {
        TimingRow row{vocabulary::severityFromName(r.value(0).toString()).value_or(Severity::Low),
                      r.value(1).toLongLong(),
                      std::nullopt,
                      std::nullopt,
                      r.value(4).toLongLong(),
                      r.value(5).toString(),
                      r.value(6).toString()};
        if (!r.value(2).isNull())
            row.acknowledgedAt = r.value(2).toLongLong();
        if (!r.value(3).isNull())
            row.resolvedAt = r.value(3).toLongLong();
        return row;
    });
}

Result<int> IncidentStore::nextSequence(int year) const
{
    CheckedQuery q(db(), QStringLiteral("SELECT COALESCE(MAX(seq), 0) + 1 FROM incidents WHERE year = ?"),
                   QStringLiteral("number the new incident"));
    q.add(year);
    auto n = q.integer();
    if (!n)
        return n.error();
    return int(*n);
}

Result<qint64> IncidentStore::insertIncident(const Incident& i, int year)
{
    QSqlDatabase d = db();
    QSqlQuery q(d);
    q.prepare(QStringLiteral(
        "INSERT INTO incidents (public_id, year, seq, title, summary, severity, state, source_kind, source_signal, "
        "reporter, reported_at, acknowledge_due_at, containment_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?)"));
    const int seq = i.publicId.section(QLatin1Char('-'), 2).toInt();
    q.addBindValue(i.publicId);
    q.addBindValue(year);
    q.addBindValue(seq);
    q.addBindValue(i.title);
    q.addBindValue(i.summary);
    q.addBindValue(vocabulary::severityName(i.severity));
    q.addBindValue(vocabulary::stateName(i.state));
    q.addBindValue(i.source.kind);
    q.addBindValue(nullableText(i.source.signal));
    q.addBindValue(i.reporter);
    q.addBindValue(i.reportedAt.toMSecsSinceEpoch());
    q.addBindValue(i.acknowledgeDueAt.toMSecsSinceEpoch());
    q.addBindValue(i.containmentDueAt.toMSecsSinceEpoch());
    if (!q.exec())
        return sqlFailure(q);
    const qint64 id = q.lastInsertId().toLongLong();

    QSqlQuery a(d);
    a.prepare(QStringLiteral("INSERT INTO incident_assets (incident_id, kind, identifier) VALUES (?, ?, ?)"));
    for (const Asset& asset : i.assets) {
        a.addBindValue(id);
        a.addBindValue(asset.kind);
        a.addBindValue(asset.identifier);
        if (!a.exec())
            return sqlFailure(a);
    }
    QSqlQuery o(d);
    o.prepare(QStringLiteral("INSERT INTO incident_iocs (incident_id, type, value) VALUES (?, ?, ?)"));
    for (const Ioc& ioc : i.iocs) {
        o.addBindValue(id);
        o.addBindValue(ioc.type);
        o.addBindValue(ioc.value);
        if (!o.exec())
            return sqlFailure(o);
    }
    return id;
}

Result<Done> IncidentStore::setState(qint64 id, IncidentState state, qint64 atMs)
{
    QSqlQuery q(db());
    switch (state) {
    case IncidentState::Acknowledged:
        q.prepare(QStringLiteral("UPDATE incidents SET state = ?, acknowledged_at = ? WHERE id = ?"));
        break;
    case IncidentState::Contained:
        q.prepare(QStringLiteral("UPDATE incidents SET state = ?, contained_at = ? WHERE id = ?"));
        break;
    case IncidentState::Resolved:
        q.prepare(QStringLiteral("UPDATE incidents SET state = ?, resolved_at = ? WHERE id = ?"));
        break;
    case IncidentState::Closed:
        q.prepare(QStringLiteral("UPDATE incidents SET state = ?, closed_at = ? WHERE id = ?"));
        break;
    case IncidentState::Reported:
        return Error::wrongState(QStringLiteral("an incident cannot return to reported"));
    }
    q.addBindValue(vocabulary::stateName(state));
    q.addBindValue(atMs);
    q.addBindValue(id);
    if (!q.exec())
        return sqlFailure(q);
    return Done{};
}

Result<Done> IncidentStore::setResolution(qint64 id, const Resolution& r, qint64 atMs)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("UPDATE incidents SET root_cause = ?, impact_summary = ?, mitigation_steps = ?, "
                             "state = 'resolved', resolved_at = ? WHERE id = ?"));
    q.addBindValue(r.rootCause);
    q.addBindValue(r.impactSummary);
    q.addBindValue(r.mitigationSteps);
    q.addBindValue(atMs);
    q.addBindValue(id);
    if (!q.exec())
        return sqlFailure(q);
    return Done{};
}

Result<Done> IncidentStore::setClosure(qint64 id, const Closure& c, qint64 atMs)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("UPDATE incidents SET approval_note = ?, approver = ?, postmortem_url = ?, "
                             "narrative_people = ?, narrative_process = ?, narrative_technology = ?, "
                             "state = 'closed', closed_at = ? WHERE id = ?"));
    q.addBindValue(c.approvalNote);
    q.addBindValue(c.approver);
    q.addBindValue(c.postmortemUrl);
    q.addBindValue(c.narrativePeople);
    q.addBindValue(c.narrativeProcess);
    q.addBindValue(c.narrativeTechnology);
    q.addBindValue(atMs);
    q.addBindValue(id);
    if (!q.exec())
        return sqlFailure(q);
    return Done{};
}

Result<qint64> IncidentStore::insertRunbookUpdate(qint64 incidentId, const QString& text, const QString& actor,
                                                  qint64 atMs)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("INSERT INTO runbook_updates (incident_id, text, actor, created_at) VALUES (?, ?, ?, ?)"));
    q.addBindValue(incidentId);
    q.addBindValue(text);
    q.addBindValue(actor);
    q.addBindValue(atMs);
    if (!q.exec())
        return sqlFailure(q);
    return q.lastInsertId().toLongLong();
}

} // namespace watchpost
