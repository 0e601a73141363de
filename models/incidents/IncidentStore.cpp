#include "models/incidents/IncidentStore.h"

#include "models/incidents/FollowUpStore.h"
#include "models/incidents/IncidentRows.h"
#include "models/incidents/Vocabulary.h"
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
                            "AND (:text IS NULL OR public_id LIKE :text ESCAPE '\\' OR title LIKE :text ESCAPE '\\' "
                            "OR summary LIKE :text ESCAPE '\\')";

void bindFilter(QSqlQuery& q, const IncidentFilter& f)
{
    const QVariant nullText(QMetaType(QMetaType::QString));
    q.bindValue(QStringLiteral(":state"), f.state ? QVariant(vocabulary::stateName(*f.state)) : nullText);
    q.bindValue(QStringLiteral(":severity"), f.severity ? QVariant(vocabulary::severityName(*f.severity)) : nullText);
    QString text = f.text.trimmed();
    if (text.isEmpty())
        q.bindValue(QStringLiteral(":text"), nullText);
    else {
        text.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('%'), QLatin1String("\\%"))
            .replace(QLatin1Char('_'), QLatin1String("\\_"));
        q.bindValue(QStringLiteral(":text"), QStringLiteral("%") + text + QStringLiteral("%"));
    }
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
        key = QStringLiteral("CASE WHEN acknowledged_at IS NULL THEN acknowledge_due_at WHEN contained_at IS NULL "
                             "THEN containment_due_at ELSE 9000000000000000 END");
        break;
    }
    return QStringLiteral("%1 %2, id DESC").arg(key, QLatin1String(dir));
}

} // namespace

IncidentStore::IncidentStore(std::shared_ptr<Store> store) : m_store(std::move(store)) {}

std::optional<qint64> IncidentStore::idForPublicId(const QString& publicId) const
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT id FROM incidents WHERE public_id = ?"));
    q.addBindValue(publicId);
    if (q.exec() && q.next())
        return q.value(0).toLongLong();
    return std::nullopt;
}

std::optional<Incident> IncidentStore::load(qint64 id, bool withChildren) const
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral(
        "SELECT id, public_id, title, summary, severity, state, source_kind, source_signal, reporter, reported_at, "
        "acknowledged_at, contained_at, resolved_at, closed_at, acknowledge_due_at, containment_due_at, root_cause, "
        "impact_summary, mitigation_steps, approval_note, approver, postmortem_url, narrative_people, "
        "narrative_process, narrative_technology FROM incidents WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    Incident i;
    i.id = q.value(0).toLongLong();
    i.publicId = q.value(1).toString();
    i.title = q.value(2).toString();
    i.summary = q.value(3).toString();
    i.severity = vocabulary::severityFromName(q.value(4).toString()).value_or(Severity::Low);
    i.state = vocabulary::stateFromName(q.value(5).toString()).value_or(IncidentState::Reported);
    i.source = {q.value(6).toString(), q.value(7).toString()};
    i.reporter = q.value(8).toString();
    i.reportedAt = fromMs(q.value(9));
    i.acknowledgedAt = optionalTime(q.value(10));
    i.containedAt = optionalTime(q.value(11));
    i.resolvedAt = optionalTime(q.value(12));
    i.closedAt = optionalTime(q.value(13));
    i.acknowledgeDueAt = fromMs(q.value(14));
    i.containmentDueAt = fromMs(q.value(15));
    i.resolution = {q.value(16).toString(), q.value(17).toString(), q.value(18).toString()};
    i.closure.approvalNote = q.value(19).toString();
    i.closure.approver = q.value(20).toString();
    i.closure.postmortemUrl = q.value(21).toString();
    i.closure.narrativePeople = q.value(22).toString();
    i.closure.narrativeProcess = q.value(23).toString();
    i.closure.narrativeTechnology = q.value(24).toString();
    if (!withChildren)
        return i;

    QSqlQuery c(db());
    c.prepare(QStringLiteral("SELECT kind, identifier FROM incident_assets WHERE incident_id = ? ORDER BY id"));
    c.addBindValue(id);
    if (c.exec())
        while (c.next())
            i.assets << Asset{c.value(0).toString(), c.value(1).toString()};
    c.prepare(QStringLiteral("SELECT type, value FROM incident_iocs WHERE incident_id = ? ORDER BY id"));
    c.addBindValue(id);
    if (c.exec())
        while (c.next())
            i.iocs << Ioc{c.value(0).toString(), c.value(1).toString()};
    c.prepare(
        QStringLiteral("SELECT id, text, actor, created_at FROM runbook_updates WHERE incident_id = ? ORDER BY id"));
    c.addBindValue(id);
    if (c.exec())
        while (c.next())
            i.runbookUpdates << RunbookUpdate{c.value(0).toLongLong(), c.value(1).toString(), c.value(2).toString(),
                                              fromMs(c.value(3))};
    i.followUps = FollowUpStore(m_store).followUps(id);
    return i;
}

QList<IncidentSummary> IncidentStore::summaries(const IncidentFilter& filter, int offset, int limit) const
{
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM incidents WHERE %2 ORDER BY %3 LIMIT :limit OFFSET :offset")
                  .arg(QLatin1String(rows::kSummaryColumns), QLatin1String(kFilterClause), orderClause(filter)));
    bindFilter(q, filter);
    q.bindValue(QStringLiteral(":limit"), limit);
    q.bindValue(QStringLiteral(":offset"), offset);
    QList<IncidentSummary> out;
    if (q.exec())
        while (q.next())
            out << summaryFrom(q);
    return out;
}

int IncidentStore::count(const IncidentFilter& filter) const
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM incidents WHERE %1").arg(QLatin1String(kFilterClause)));
    bindFilter(q, filter);
    return q.exec() && q.next() ? q.value(0).toInt() : 0;
}

QList<IncidentSummary> IncidentStore::summariesBefore(const IncidentFilter& filter, std::optional<qint64> beforeId,
                                                      int limit) const
{
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM incidents WHERE %2 AND id < :before ORDER BY id DESC LIMIT :limit")
                  .arg(QLatin1String(rows::kSummaryColumns), QLatin1String(kFilterClause)));
    bindFilter(q, filter);
    q.bindValue(QStringLiteral(":before"), beforeId.value_or(std::numeric_limits<qint64>::max()));
    q.bindValue(QStringLiteral(":limit"), limit);
    QList<IncidentSummary> out;
    if (q.exec())
        while (q.next())
            out << summaryFrom(q);
    return out;
}

IncidentCounts IncidentStore::countsByState() const
{
    IncidentCounts counts;
    QSqlQuery q(db());
    if (q.exec(QStringLiteral("SELECT state, COUNT(*) FROM incidents GROUP BY state")))
        while (q.next())
            if (auto s = vocabulary::stateFromName(q.value(0).toString())) {
                counts.byState[*s] = q.value(1).toInt();
                counts.total += q.value(1).toInt();
            }
    return counts;
}

QList<IncidentSummary> IncidentStore::openSummaries() const
{
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM incidents WHERE state IN ('reported', 'acknowledged', 'contained') "
                             "ORDER BY id DESC")
                  .arg(QLatin1String(rows::kSummaryColumns)));
    QList<IncidentSummary> out;
    if (q.exec())
        while (q.next())
            out << summaryFrom(q);
    return out;
}

QList<IncidentStore::TimingRow> IncidentStore::timings(qint64 fromMs, qint64 toMs) const
{
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT severity, reported_at, acknowledged_at, resolved_at FROM incidents "
                             "WHERE reported_at >= ? AND reported_at < ?"));
    q.addBindValue(fromMs);
    q.addBindValue(toMs);
    QList<TimingRow> out;
    if (q.exec())
        while (q.next()) {
            TimingRow r{vocabulary::severityFromName(q.value(0).toString()).value_or(Severity::Low),
                        q.value(1).toLongLong(), std::nullopt, std::nullopt};
            if (!q.value(2).isNull())
                r.acknowledgedAt = q.value(2).toLongLong();
            if (!q.value(3).isNull())
                r.resolvedAt = q.value(3).toLongLong();
            out << r;
        }
    return out;
}

int IncidentStore::nextSequence(int year) const
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT COALESCE(MAX(seq), 0) + 1 FROM incidents WHERE year = ?"));
    q.addBindValue(year);
    return q.exec() && q.next() ? q.value(0).toInt() : 1;
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
