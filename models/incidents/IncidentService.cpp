#include "models/incidents/IncidentService.h"

#include "models/core/FieldProblems.h"

#include "models/incidents/SlaPolicy.h"
#include "models/incidents/Vocabulary.h"

#include <QRegularExpression>
#include <QUrl>

namespace watchpost {
namespace {

bool isHex(const QString& s, int length)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-fA-F]+$"));
    return s.size() == length && hex.match(s).hasMatch();
}

QString stateWord(IncidentState s)
{
    return vocabulary::stateName(s);
}

} // namespace

IncidentService::IncidentService(std::shared_ptr<Store> store, std::shared_ptr<const Clock> clock,
                                 ChangeNotifier* notifier)
    : m_store(store), m_incidents(store), m_timeline(store), m_followUps(store), m_holds(store),
      m_clock(std::move(clock)), m_notifier(notifier)
{
}

bool IncidentService::isManualTimelineKind(TimelineKind kind)
{
    return kind == TimelineKind::ContainmentAction || kind == TimelineKind::Communication ||
           kind == TimelineKind::StakeholderDecision || kind == TimelineKind::Note;
}

Result<qint64> IncidentService::findId(const QString& idOrPublicId) const
{
    bool numeric = false;
    const qint64 id = idOrPublicId.toLongLong(&numeric);
    if (numeric && id > 0) {
        auto loaded = m_incidents.load(id, false);
        if (!loaded)
            return loaded.error();
        if (loaded->has_value())
            return id;
    }
    if (!numeric) {
        auto found = m_incidents.idForPublicId(idOrPublicId.trimmed().toUpper());
        if (!found)
            return found.error();
        if (found->has_value())
            return **found;
    }
    return Error::notFound(QStringLiteral("no incident %1").arg(idOrPublicId.left(80)));
}

Result<Incident> IncidentService::get(qint64 id) const
{
    return loadForWrite(id);
}

void IncidentService::notify(qint64 id) const
{
    if (m_notifier)
        Q_EMIT m_notifier->incidentChanged(id);
}

Result<Incident> IncidentService::loadForWrite(qint64 id) const
{
    auto i = m_incidents.load(id, true);
    if (!i)
        return i.error();
    if (!i->has_value())
        return Error::notFound(QStringLiteral("no incident %1").arg(id));
    return **i;
}

Result<Incident> IncidentService::openForWrite(WriteTransaction& tx, qint64 id) const
{
    if (!tx.begun())
        return Error::storage(QStringLiteral("store is busy: %1").arg(tx.lastError()));
    return loadForWrite(id);
}

Result<Incident> IncidentService::loadInState(WriteTransaction& tx, qint64 id, IncidentState from,
                                              const QString& onlyWhat) const
{
    auto incident = openForWrite(tx, id);
    if (incident && incident->state != from)
        return Error::wrongState(
            QStringLiteral("%1 is %2; only %3").arg(incident->publicId, stateWord(incident->state), onlyWhat));
    return incident;
}

Result<Incident> IncidentService::commitAndReload(WriteTransaction& tx, qint64 id)
{
    if (!tx.commit())
        return Error::storage(QStringLiteral("could not commit: %1").arg(tx.lastError()));
    notify(id);
    return get(id);
}

Result<Incident> IncidentService::report(const IncidentReport& r, const QString& actor)
{
    FieldProblems p;
    p.required(QStringLiteral("title"), r.title, TextLimits::kTitle, QStringLiteral("title"));
    p.required(QStringLiteral("summary"), r.summary, TextLimits::kText, QStringLiteral("summary"));
    const auto severity = vocabulary::severityFromName(r.severity);
    if (!severity)
        p.add(QStringLiteral("severity"),
              QStringLiteral("severity must be one of %1").arg(vocabulary::severityNames().join(QStringLiteral(", "))));
    if (!vocabulary::sourceKinds().contains(r.source.kind))
        p.add(
            QStringLiteral("source.kind"),
            QStringLiteral("source kind must be one of %1").arg(vocabulary::sourceKinds().join(QStringLiteral(", "))));
    else if (r.source.kind == QLatin1String("automated_signal") && !vocabulary::signalKinds().contains(r.source.signal))
        p.add(QStringLiteral("source.signal"), QStringLiteral("an automated signal needs its kind: one of %1")
                                                   .arg(vocabulary::signalKinds().join(QStringLiteral(", "))));
    else if (r.source.kind != QLatin1String("automated_signal") && !r.source.signal.isEmpty())
        p.add(QStringLiteral("source.signal"), QStringLiteral("a signal kind applies only to automated signals"));
    const QString reporter = r.reporter.trimmed().isEmpty() ? actor : r.reporter.trimmed();
    p.required(QStringLiteral("reporter"), reporter, TextLimits::kShort, QStringLiteral("reporter"));
    if (r.assets.size() > TextLimits::kListItems)
        p.add(QStringLiteral("assets"), QStringLiteral("at most %1 assets").arg(TextLimits::kListItems));
    if (r.iocs.size() > TextLimits::kListItems)
        p.add(QStringLiteral("iocs"), QStringLiteral("at most %1 IOCs").arg(TextLimits::kListItems));
    for (int i = 0; i < r.assets.size() && i < TextLimits::kListItems; ++i) {
        const QString at = QStringLiteral("assets[%1]").arg(i);
        if (!vocabulary::assetKinds().contains(r.assets[i].kind))
            p.add(at + QStringLiteral(".kind"), QStringLiteral("asset kind must be one of %1")
                                                    .arg(vocabulary::assetKinds().join(QStringLiteral(", "))));
        p.required(at + QStringLiteral(".identifier"), r.assets[i].identifier, TextLimits::kShort,
                   QStringLiteral("asset identifier"));
    }
    for (int i = 0; i < r.iocs.size() && i < TextLimits::kListItems; ++i) {
        const QString at = QStringLiteral("iocs[%1]").arg(i);
        const Ioc& ioc = r.iocs[i];
        if (!vocabulary::iocTypes().contains(ioc.type))
            p.add(at + QStringLiteral(".type"),
                  QStringLiteral("IOC type must be one of %1").arg(vocabulary::iocTypes().join(QStringLiteral(", "))));
        p.required(at + QStringLiteral(".value"), ioc.value, TextLimits::kUrl, QStringLiteral("IOC value"));
        const int hexLength = ioc.type == QLatin1String("sha256") ? 64
                              : ioc.type == QLatin1String("sha1") ? 40
                              : ioc.type == QLatin1String("md5")  ? 32
                                                                  : 0;
        if (hexLength && !ioc.value.isEmpty() && !isHex(ioc.value, hexLength))
            p.add(at + QStringLiteral(".value"),
                  QStringLiteral("a %1 IOC is %2 hexadecimal digits").arg(ioc.type).arg(hexLength));
    }
    if (p.any())
        return p.error(QStringLiteral("the incident report is incomplete"));

    const QDateTime now = m_clock->now();
    Incident i;
    i.title = r.title.trimmed();
    i.summary = r.summary.trimmed();
    i.severity = *severity;
    i.state = IncidentState::Reported;
    i.source = r.source;
    i.reporter = reporter;
    i.assets = r.assets;
    i.iocs = r.iocs;
    i.reportedAt = now;
    i.acknowledgeDueAt = now.addMSecs(SlaPolicy::acknowledgeWindowMs(i.severity));
    i.containmentDueAt = now.addMSecs(SlaPolicy::containmentWindowMs(i.severity));

    WriteTransaction tx(m_incidents.db());
    if (!tx.begun())
        return Error::storage(QStringLiteral("store is busy: %1").arg(tx.lastError()));
    const int year = now.date().year();
    const auto sequence = m_incidents.nextSequence(year);
    if (!sequence)
        return sequence.error();
    i.publicId = QStringLiteral("INC-%1-%2").arg(year).arg(*sequence, 4, 10, QLatin1Char('0'));
    auto id = m_incidents.insertIncident(i, year);
    if (!id)
        return id.error();
    auto entry = m_timeline.appendTimeline(
        {0, id.value(), TimelineKind::Report, actor, now,
         QStringLiteral("Reported %1 (%2) via %3: %4")
             .arg(i.publicId, vocabulary::severityName(i.severity), vocabulary::sourceLabel(i.source), i.title),
         std::nullopt});
    if (!entry)
        return entry.error();
    return commitAndReload(tx, id.value());
}

Result<Incident> IncidentService::acknowledge(qint64 id, const QString& note, const QString& actor)
{
    WriteTransaction tx(m_incidents.db());
    auto incident =
        loadInState(tx, id, IncidentState::Reported, QStringLiteral("a reported incident can be acknowledged"));
    if (!incident)
        return incident.error();
    FieldProblems p;
    p.required(QStringLiteral("note"), note, TextLimits::kText, QStringLiteral("an acknowledgement note"));
    if (p.any())
        return p.error(QStringLiteral("cannot acknowledge %1").arg(incident->publicId));
    const QDateTime now = m_clock->now();
    if (auto r = m_incidents.setState(id, IncidentState::Acknowledged, now.toMSecsSinceEpoch()); !r)
        return r.error();
    if (auto r =
            m_timeline.appendTimeline({0, id, TimelineKind::Acknowledge, actor, now, note.trimmed(), std::nullopt});
        !r)
        return r.error();
    return commitAndReload(tx, id);
}

Result<TimelineEntry> IncidentService::addTimelineEntry(qint64 id, TimelineKind kind, const QString& text,
                                                        const QString& actor, std::optional<qint64> correctsId)
{
    WriteTransaction tx(m_incidents.db());
    auto incident = openForWrite(tx, id);
    if (!incident)
        return incident.error();
    if (incident->state == IncidentState::Closed)
        return Error::wrongState(QStringLiteral("%1 is closed; its timeline is final").arg(incident->publicId));
    if (kind == TimelineKind::ContainmentAction && incident->state == IncidentState::Resolved)
        return Error::wrongState(
            QStringLiteral("%1 is resolved; containment actions can no longer be recorded").arg(incident->publicId));
    FieldProblems p;
    if (!isManualTimelineKind(kind) && !(kind == TimelineKind::Correction && correctsId))
        p.add(QStringLiteral("kind"), QStringLiteral("kind must be containment_action, communication, "
                                                     "stakeholder_decision or note"));
    p.required(QStringLiteral("text"), text, TextLimits::kText, QStringLiteral("text"));
    if (correctsId) {
        auto corrected = m_timeline.timelineEntry(*correctsId);
        if (!corrected)
            return corrected.error();
        if (!corrected->has_value() || (*corrected)->incidentId != id)
            p.add(QStringLiteral("corrects"),
                  QStringLiteral("entry %1 is not in %2's timeline").arg(*correctsId).arg(incident->publicId));
    }
    if (p.any())
        return p.error(QStringLiteral("cannot add to %1's timeline").arg(incident->publicId));
    TimelineEntry entry{0, id, kind, actor, m_clock->now(), text.trimmed(), correctsId};
    auto entryId = m_timeline.appendTimeline(entry);
    if (!entryId)
        return entryId.error();
    if (!tx.commit())
        return Error::storage(QStringLiteral("could not commit: %1").arg(tx.lastError()));
    entry.id = entryId.value();
    notify(id);
    if (m_notifier)
        Q_EMIT m_notifier->timelineAppended(id, entry.id);
    return entry;
}

Result<Incident> IncidentService::markContained(qint64 id, const QString& note, const QString& actor,
                                                const QString& containmentAction)
{
    WriteTransaction tx(m_incidents.db());
    auto incident = loadInState(tx, id, IncidentState::Acknowledged,
                                QStringLiteral("an acknowledged incident can be marked contained"));
    if (!incident)
        return incident.error();
    FieldProblems p;
    const auto actions = m_timeline.timelineCount(id, TimelineKind::ContainmentAction);
    if (!actions)
        return actions.error();
    const QString action = containmentAction.trimmed();
    if (*actions == 0 && action.isEmpty())
        p.add(QStringLiteral("containment_action"),
              QStringLiteral("name the containment action taken (none is in the timeline yet)"));
    p.optional(QStringLiteral("containment_action"), action, TextLimits::kText, QStringLiteral("containment action"));
    p.optional(QStringLiteral("note"), note, TextLimits::kText, QStringLiteral("note"));
    if (p.any())
        return p.error(QStringLiteral("cannot mark %1 contained").arg(incident->publicId));
    const QDateTime now = m_clock->now();
    // The action that contained it, recorded in the same step: the entry and the state change commit together.
    if (!action.isEmpty())
        if (auto r =
                m_timeline.appendTimeline({0, id, TimelineKind::ContainmentAction, actor, now, action, std::nullopt});
            !r)
            return r.error();
    if (auto r = m_incidents.setState(id, IncidentState::Contained, now.toMSecsSinceEpoch()); !r)
        return r.error();
    const QString text = note.trimmed().isEmpty() ? QStringLiteral("Marked contained")
                                                  : QStringLiteral("Marked contained: %1").arg(note.trimmed());
    if (auto r = m_timeline.appendTimeline({0, id, TimelineKind::StateChange, actor, now, text, std::nullopt}); !r)
        return r.error();
    return commitAndReload(tx, id);
}

Result<FollowUp> IncidentService::addFollowUp(qint64 id, const FollowUp& f, const QString& actor)
{
    WriteTransaction tx(m_incidents.db());
    auto incident = openForWrite(tx, id);
    if (!incident)
        return incident.error();
    if (incident->state == IncidentState::Closed)
        return Error::wrongState(QStringLiteral("%1 is closed; follow-ups are final").arg(incident->publicId));
    FieldProblems p;
    p.required(QStringLiteral("action"), f.action, TextLimits::kText, QStringLiteral("the follow-up action"));
    p.optional(QStringLiteral("owner"), f.owner, TextLimits::kShort, QStringLiteral("owner"));
    p.optional(QStringLiteral("validation_criteria"), f.validationCriteria, TextLimits::kText,
               QStringLiteral("validation criteria"));
    const QString status = f.status.isEmpty() ? QStringLiteral("open") : f.status;
    if (status != QLatin1String("open") && status != QLatin1String("done"))
        p.add(QStringLiteral("status"), QStringLiteral("status must be open or done"));
    if (p.any())
        return p.error(QStringLiteral("cannot add the follow-up to %1").arg(incident->publicId));
    FollowUp stored = f;
    stored.incidentId = id;
    stored.action = f.action.trimmed();
    stored.owner = f.owner.trimmed();
    stored.validationCriteria = f.validationCriteria.trimmed();
    stored.status = status;
    stored.createdAt = m_clock->now();
    auto followUpId = m_followUps.insertFollowUp(stored);
    if (!followUpId)
        return followUpId.error();
    stored.id = followUpId.value();
    const QString text = QStringLiteral("Follow-up #%1 added: %2 (owner: %3, due: %4)")
                             .arg(stored.id)
                             .arg(stored.action, stored.owner.isEmpty() ? QStringLiteral("unassigned") : stored.owner,
                                  stored.dueAt ? stored.dueAt->toString(Qt::ISODate) : QStringLiteral("not set"));
    if (auto r = m_timeline.appendTimeline(
            {0, id, TimelineKind::FollowUpChange, actor, stored.createdAt, text, std::nullopt});
        !r)
        return r.error();
    if (!tx.commit())
        return Error::storage(QStringLiteral("could not commit: %1").arg(tx.lastError()));
    notify(id);
    return stored;
}

Result<FollowUp> IncidentService::changeFollowUp(qint64 id, qint64 followUpId, const FollowUpChange& change,
                                                 const QString& actor)
{
    WriteTransaction tx(m_incidents.db());
    auto incident = openForWrite(tx, id);
    if (!incident)
        return incident.error();
    auto existing = m_followUps.followUp(followUpId);
    if (!existing)
        return existing.error();
    if (!existing->has_value() || (*existing)->incidentId != id)
        return Error::notFound(QStringLiteral("%1 has no follow-up %2").arg(incident->publicId).arg(followUpId));
    // Post-mortem actions finish after closure: a closed incident's follow-ups still move (status, due date), but
    // what closing required of them (an owner, a due date, validation criteria) stays in place.
    const bool closed = incident->state == IncidentState::Closed;
    if (closed && (change.owner || change.validationCriteria)) {
        Error e = Error::wrongState(
            QStringLiteral("%1 is closed; only a follow-up's status and due date can change").arg(incident->publicId));
        e.fields = {change.owner ? QStringLiteral("owner") : QStringLiteral("validation_criteria")};
        e.fieldMessages = {QStringLiteral("fixed since the incident closed")};
        return e;
    }
    if (closed && change.dueAt && !change.dueAt->has_value()) {
        Error e =
            Error::wrongState(QStringLiteral("%1 is closed; its follow-ups keep a due date").arg(incident->publicId));
        e.fields = {QStringLiteral("due_at")};
        e.fieldMessages = {QStringLiteral("a closed incident's follow-up needs a due date")};
        return e;
    }
    FollowUp updated = **existing;
    QStringList changes;
    if (change.owner) {
        updated.owner = change.owner->trimmed();
        changes << QStringLiteral("owner: %1").arg(updated.owner);
    }
    if (change.dueAt) {
        updated.dueAt = *change.dueAt;
        changes << QStringLiteral("due: %1").arg(updated.dueAt ? updated.dueAt->toString(Qt::ISODate)
                                                               : QStringLiteral("not set"));
    }
    if (change.validationCriteria) {
        updated.validationCriteria = change.validationCriteria->trimmed();
        changes << QStringLiteral("validation criteria: %1").arg(updated.validationCriteria);
    }
    if (change.status) {
        updated.status = *change.status;
        changes << QStringLiteral("status: %1").arg(updated.status);
    }
    FieldProblems p;
    p.optional(QStringLiteral("owner"), updated.owner, TextLimits::kShort, QStringLiteral("owner"));
    p.optional(QStringLiteral("validation_criteria"), updated.validationCriteria, TextLimits::kText,
               QStringLiteral("validation criteria"));
    if (updated.status != QLatin1String("open") && updated.status != QLatin1String("done"))
        p.add(QStringLiteral("status"), QStringLiteral("status must be open or done"));
    if (changes.isEmpty())
        p.add(QStringLiteral("body"), QStringLiteral("nothing to change"));
    if (p.any())
        return p.error(QStringLiteral("cannot change follow-up %1").arg(followUpId));
    if (auto r = m_followUps.updateFollowUp(updated); !r)
        return r.error();
    if (auto r = m_timeline.appendTimeline(
            {0, id, TimelineKind::FollowUpChange, actor, m_clock->now(),
             QStringLiteral("Follow-up #%1 changed: %2").arg(followUpId).arg(changes.join(QStringLiteral("; "))),
             std::nullopt});
        !r)
        return r.error();
    if (!tx.commit())
        return Error::storage(QStringLiteral("could not commit: %1").arg(tx.lastError()));
    notify(id);
    return updated;
}

Result<Incident> IncidentService::resolve(qint64 id, const Resolution& r, const QString& actor)
{
    WriteTransaction tx(m_incidents.db());
    auto incident =
        loadInState(tx, id, IncidentState::Contained, QStringLiteral("a contained incident can be resolved"));
    if (!incident)
        return incident.error();
    const auto holds = m_holds.activeHolds(id);
    if (!holds)
        return holds.error(); // a hold that cannot be read holds the incident open
    if (!holds->isEmpty())
        return Error::wrongState(QStringLiteral("%1 is held open: %2. %3")
                                     .arg(incident->publicId, holds->first().reason, holds->first().guidance));
    FieldProblems p;
    p.required(QStringLiteral("root_cause"), r.rootCause, TextLimits::kText, QStringLiteral("root cause"));
    p.required(QStringLiteral("impact_summary"), r.impactSummary, TextLimits::kText, QStringLiteral("impact summary"));
    p.required(QStringLiteral("mitigation_steps"), r.mitigationSteps, TextLimits::kText,
               QStringLiteral("mitigation steps"));
    if (p.any())
        return p.error(QStringLiteral("cannot resolve %1").arg(incident->publicId));
    const QDateTime now = m_clock->now();
    const Resolution trimmed{r.rootCause.trimmed(), r.impactSummary.trimmed(), r.mitigationSteps.trimmed()};
    if (auto s = m_incidents.setResolution(id, trimmed, now.toMSecsSinceEpoch()); !s)
        return s.error();
    if (auto s = m_timeline.appendTimeline({0, id, TimelineKind::StateChange, actor, now,
                                            QStringLiteral("Resolved. Root cause: %1").arg(trimmed.rootCause),
                                            std::nullopt});
        !s)
        return s.error();
    return commitAndReload(tx, id);
}

Result<Incident> IncidentService::close(qint64 id, const Closure& c, const QString& actor)
{
    WriteTransaction tx(m_incidents.db());
    auto incident = loadInState(tx, id, IncidentState::Resolved, QStringLiteral("a resolved incident can be closed"));
    if (!incident)
        return incident.error();
    FieldProblems p;
    p.required(QStringLiteral("approval_note"), c.approvalNote, TextLimits::kText,
               QStringLiteral("the executive approval note"));
    p.required(QStringLiteral("approver"), c.approver, TextLimits::kShort, QStringLiteral("the approver's name"));
    const QUrl url(c.postmortemUrl.trimmed(), QUrl::StrictMode);
    if (c.postmortemUrl.trimmed().isEmpty())
        p.add(QStringLiteral("postmortem_url"), QStringLiteral("a postmortem link is required"));
    else if (c.postmortemUrl.size() > TextLimits::kUrl || !url.isValid() || url.host().isEmpty() ||
             (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        p.add(QStringLiteral("postmortem_url"), QStringLiteral("the postmortem link must be an http(s) URL"));
    p.required(QStringLiteral("root_cause_narrative.people"), c.narrativePeople, TextLimits::kText,
               QStringLiteral("the root-cause narrative on people"));
    p.required(QStringLiteral("root_cause_narrative.process"), c.narrativeProcess, TextLimits::kText,
               QStringLiteral("the root-cause narrative on process"));
    p.required(QStringLiteral("root_cause_narrative.technology"), c.narrativeTechnology, TextLimits::kText,
               QStringLiteral("the root-cause narrative on technology"));
    if (c.runbookUpdates.size() > TextLimits::kListItems)
        p.add(QStringLiteral("runbook_updates"),
              QStringLiteral("at most %1 runbook updates").arg(TextLimits::kListItems));
    for (int i = 0; i < c.runbookUpdates.size() && i < TextLimits::kListItems; ++i)
        p.required(QStringLiteral("runbook_updates[%1]").arg(i), c.runbookUpdates[i], TextLimits::kText,
                   QStringLiteral("a runbook update"));
    for (const FollowUp& f : incident->followUps) {
        const QString at = QStringLiteral("follow_ups[%1]").arg(f.id);
        if (f.owner.trimmed().isEmpty())
            p.add(at + QStringLiteral(".owner"), QStringLiteral("follow-up #%1 has no owner").arg(f.id));
        if (!f.dueAt)
            p.add(at + QStringLiteral(".due_at"), QStringLiteral("follow-up #%1 has no due date").arg(f.id));
        if (f.validationCriteria.trimmed().isEmpty())
            p.add(at + QStringLiteral(".validation_criteria"),
                  QStringLiteral("follow-up #%1 has no validation criteria").arg(f.id));
    }
    if (p.any())
        return p.error(QStringLiteral("cannot close %1").arg(incident->publicId));

    const QDateTime now = m_clock->now();
    Closure trimmed = c;
    trimmed.postmortemUrl = c.postmortemUrl.trimmed();
    for (const QString& update : c.runbookUpdates) {
        if (auto r = m_incidents.insertRunbookUpdate(id, update.trimmed(), actor, now.toMSecsSinceEpoch()); !r)
            return r.error();
        if (auto r =
                m_timeline.appendTimeline({0, id, TimelineKind::RunbookUpdate, actor, now,
                                           QStringLiteral("Runbook update: %1").arg(update.trimmed()), std::nullopt});
            !r)
            return r.error();
    }
    if (auto r = m_incidents.setClosure(id, trimmed, now.toMSecsSinceEpoch()); !r)
        return r.error();
    if (auto r = m_timeline.appendTimeline(
            {0, id, TimelineKind::StateChange, actor, now,
             QStringLiteral("Closed with approval by %1: %2").arg(c.approver.trimmed(), c.approvalNote.trimmed()),
             std::nullopt});
        !r)
        return r.error();
    return commitAndReload(tx, id);
}

} // namespace watchpost
