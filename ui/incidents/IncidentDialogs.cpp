#include "ui/incidents/IncidentDialogs.h"

#include "models/incidents/Vocabulary.h"

namespace watchpost {
namespace {

using Kind = FormField::Kind;

template <typename T> std::optional<Error> outcome(const Result<T>& r)
{
    if (r)
        return std::nullopt;
    return r.error();
}

// "kind: value" per line, for assets and IOCs typed into the report form.
std::optional<Error> parsePairs(const QString& field, const QString& text, QList<std::pair<QString, QString>>* out)
{
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0) {
            const QString message = QStringLiteral("line %1: write it as kind: value").arg(i + 1);
            return Error::validation(message, {field}, {message});
        }
        out->append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return std::nullopt;
}

FormDialog* make(const QString& title, const QString& intro, const QList<FormField>& fields, FormDialog::Submit submit,
                 QWidget* parent)
{
    auto* dialog = new FormDialog(title, intro, fields, std::move(submit), parent);
    return dialog;
}

QString publicIdOf(const ConsoleContext& ctx, qint64 id)
{
    const auto incident = ctx.incidents().incidents().load(id, false);
    return incident && incident->has_value() ? (*incident)->publicId : QString::number(id);
}

} // namespace

FormDialog* IncidentDialogs::report(const ConsoleContext& ctx, QWidget* parent, std::function<void(qint64)> created)
{
    QStringList severityLabels, sourceLabels, signalLabels, assetLabels, iocLabels;
    for (const QString& s : vocabulary::severityNames())
        severityLabels << vocabulary::severityLabel(*vocabulary::severityFromName(s));
    for (const QString& s : vocabulary::sourceKinds())
        sourceLabels << vocabulary::sourceKindLabel(s);
    for (const QString& s : vocabulary::signalKinds())
        signalLabels << vocabulary::signalLabel(s);
    for (const QString& s : vocabulary::assetKinds())
        assetLabels << vocabulary::assetKindLabel(s);
    for (const QString& s : vocabulary::iocTypes())
        iocLabels << vocabulary::iocTypeLabel(s);
    const QList<FormField> fields{
        {QStringLiteral("title"),
         QStringLiteral("Title"),
         Kind::Line,
         {},
         QStringLiteral("What is happening, in one line"),
         {},
         {},
         true},
        {QStringLiteral("severity"),
         QStringLiteral("Severity"),
         Kind::Choice,
         vocabulary::severityNames(),
         {},
         QStringLiteral("high"),
         severityLabels,
         true},
        {QStringLiteral("summary"),
         QStringLiteral("Summary"),
         Kind::Text,
         {},
         QStringLiteral("What was seen, where, since when"),
         {},
         {},
         true},
        {QStringLiteral("source.kind"),
         QStringLiteral("Source"),
         Kind::Choice,
         vocabulary::sourceKinds(),
         {},
         QStringLiteral("staff_report"),
         sourceLabels,
         true},
        {QStringLiteral("source.signal"),
         QStringLiteral("Signal"),
         Kind::Choice,
         vocabulary::signalKinds(),
         {},
         {},
         signalLabels,
         true,
         QStringLiteral("source.kind=automated_signal")},
        {QStringLiteral("reporter"), QStringLiteral("Reporter"), Kind::Line, {}, {}, ctx.actor()},
        {QStringLiteral("assets"),
         QStringLiteral("Impacted assets"),
         Kind::Pairs,
         vocabulary::assetKinds(),
         QStringLiteral("identifier, e.g. web-01"),
         {},
         assetLabels},
        {QStringLiteral("iocs"),
         QStringLiteral("IOCs"),
         Kind::Pairs,
         vocabulary::iocTypes(),
         QStringLiteral("value, e.g. 203.0.113.7"),
         {},
         iocLabels},
    };
    auto submit = [ctx, created](const FormDialog::Values& v) -> std::optional<Error> {
        IncidentReport r;
        r.title = v.value(QStringLiteral("title"));
        r.severity = v.value(QStringLiteral("severity"));
        r.summary = v.value(QStringLiteral("summary"));
        r.source = {v.value(QStringLiteral("source.kind")), v.value(QStringLiteral("source.signal"))};
        r.reporter = v.value(QStringLiteral("reporter"));
        QList<std::pair<QString, QString>> pairs;
        if (auto e = parsePairs(QStringLiteral("assets"), v.value(QStringLiteral("assets")), &pairs))
            return e;
        for (const auto& [kind, identifier] : pairs)
            r.assets << Asset{kind, identifier};
        pairs.clear();
        if (auto e = parsePairs(QStringLiteral("iocs"), v.value(QStringLiteral("iocs")), &pairs))
            return e;
        for (const auto& [type, value] : pairs)
            r.iocs << Ioc{type, value};
        auto result = ctx.incidentActions().report(r, ctx.actor());
        if (result && created)
            created(*result);
        return outcome(result);
    };
    return make(QStringLiteral("Report incident"),
                QStringLiteral("Open a security incident. Its acknowledgement and containment clocks start now."),
                fields, submit, parent);
}

FormDialog* IncidentDialogs::acknowledge(const ConsoleContext& ctx, qint64 id, QWidget* parent)
{
    return make(
        QStringLiteral("Acknowledge"),
        QStringLiteral("Acknowledge %1 as the on-call engineer.").arg(publicIdOf(ctx, id)),
        {{QStringLiteral("note"),
          QStringLiteral("Note"),
          Kind::Text,
          {},
          QStringLiteral("Who is on it and the first step"),
          {}}},
        [ctx, id](const FormDialog::Values& v) {
            return outcome(ctx.incidentActions().acknowledge(id, v.value(QStringLiteral("note")), ctx.actor()));
        },
        parent);
}

FormDialog* IncidentDialogs::timelineEntry(const ConsoleContext& ctx, qint64 id, TimelineKind kind, QWidget* parent)
{
    const QString label = vocabulary::timelineKindLabel(kind);
    return make(
        QStringLiteral("Add %1").arg(label.toLower()),
        QStringLiteral("Append to %1's timeline. Entries are permanent; a mistake is fixed by a correcting entry.")
            .arg(publicIdOf(ctx, id)),
        {{QStringLiteral("text"), label, Kind::Text, {}, {}, {}, {}, true}},
        [ctx, id, kind](const FormDialog::Values& v) {
            return outcome(
                ctx.incidentActions().addTimelineEntry(id, kind, v.value(QStringLiteral("text")), ctx.actor()));
        },
        parent);
}

FormDialog* IncidentDialogs::contain(const ConsoleContext& ctx, qint64 id, int containmentActions, QWidget* parent)
{
    // No dead end: with no containment action recorded yet, this form records the one taken in the same step.
    const bool needed = containmentActions == 0;
    return make(
        QStringLiteral("Mark contained"),
        needed ? QStringLiteral("Mark %1 contained. No containment action is in its timeline yet: name the one that "
                                "contained it, and it is recorded with this step.")
                     .arg(publicIdOf(ctx, id))
               : QStringLiteral("Mark %1 contained (%2 containment action%3 in its timeline).")
                     .arg(publicIdOf(ctx, id))
                     .arg(containmentActions)
                     .arg(containmentActions == 1 ? "" : "s"),
        {{QStringLiteral("containment_action"),
          needed ? QStringLiteral("Containment action taken") : QStringLiteral("Another containment action"),
          Kind::Text,
          {},
          QStringLiteral("e.g. blocked 203.0.113.7 at the WAF"),
          {},
          {},
          needed},
         {QStringLiteral("note"), QStringLiteral("Note"), Kind::Text, {}, {}, {}}},
        [ctx, id](const FormDialog::Values& v) {
            return outcome(ctx.incidentActions().markContained(id, v.value(QStringLiteral("note")), ctx.actor(),
                                                               v.value(QStringLiteral("containment_action"))));
        },
        parent);
}

FormDialog* IncidentDialogs::followUp(const ConsoleContext& ctx, qint64 id, QWidget* parent)
{
    const QList<FormField> fields{
        {QStringLiteral("action"), QStringLiteral("Action"), Kind::Text, {}, {}, {}, {}, true},
        {QStringLiteral("owner"), QStringLiteral("Owner"), Kind::Line, {}, {}, {}},
        {QStringLiteral("due_at"), QStringLiteral("Due date (UTC)"), Kind::Date, {}, {}, {}},
        {QStringLiteral("validation_criteria"),
         QStringLiteral("Validation criteria"),
         Kind::Text,
         {},
         QStringLiteral("How we will know it worked"),
         {}},
    };
    return make(
        QStringLiteral("Add follow-up"), QStringLiteral("Add a follow-up action to %1.").arg(publicIdOf(ctx, id)),
        fields,
        [ctx, id](const FormDialog::Values& v) -> std::optional<Error> {
            FollowUp f;
            f.action = v.value(QStringLiteral("action"));
            f.owner = v.value(QStringLiteral("owner"));
            f.validationCriteria = v.value(QStringLiteral("validation_criteria"));
            const QString due = v.value(QStringLiteral("due_at")).trimmed();
            if (!due.isEmpty()) {
                const QDate date = QDate::fromString(due, Qt::ISODate);
                if (!date.isValid())
                    return Error::validation(QStringLiteral("due date must be YYYY-MM-DD"), {QStringLiteral("due_at")},
                                             {QStringLiteral("due date must be YYYY-MM-DD")});
                f.dueAt = QDateTime(date, QTime(23, 59), Qt::UTC);
            }
            return outcome(ctx.incidentActions().addFollowUp(id, f, ctx.actor()));
        },
        parent);
}

FormDialog* IncidentDialogs::changeFollowUp(const ConsoleContext& ctx, qint64 id, const FollowUp& current,
                                            bool incidentClosed, QWidget* parent)
{
    const QString due = current.dueAt ? current.dueAt->date().toString(Qt::ISODate) : QString();
    const FormField statusField{QStringLiteral("status"),
                                QStringLiteral("Status"),
                                Kind::Choice,
                                {QStringLiteral("open"), QStringLiteral("done")},
                                {},
                                current.status,
                                {QStringLiteral("Open"), QStringLiteral("Done")}};
    const FormField dueField{QStringLiteral("due_at"), QStringLiteral("Due date (UTC)"), Kind::Date, {}, {}, due};
    // After closure the post-mortem action still finishes: its status and due date move; what closing required
    // of it (owner, validation criteria) stays as approved.
    const QList<FormField> fields =
        incidentClosed ? QList<FormField>{statusField, dueField}
                       : QList<FormField>{
                             {QStringLiteral("owner"), QStringLiteral("Owner"), Kind::Line, {}, {}, current.owner},
                             dueField,
                             {QStringLiteral("validation_criteria"),
                              QStringLiteral("Validation criteria"),
                              Kind::Text,
                              {},
                              {},
                              current.validationCriteria},
                             statusField,
                         };
    return make(
        QStringLiteral("Change follow-up"),
        QStringLiteral("Follow-up #%1: %2%3")
            .arg(current.id)
            .arg(current.action.toHtmlEscaped(),
                 incidentClosed ? QStringLiteral("<br>The incident is closed: status and due date still change, and "
                                                 "each change is a timeline entry.")
                                : QString()),
        fields,
        [ctx, id, current, due](const FormDialog::Values& v) -> std::optional<Error> {
            // Only what changed goes to the service, so the timeline records exactly that.
            FollowUpChange change;
            if (v.contains(QStringLiteral("owner")) && v.value(QStringLiteral("owner")) != current.owner)
                change.owner = v.value(QStringLiteral("owner"));
            if (v.contains(QStringLiteral("validation_criteria")) &&
                v.value(QStringLiteral("validation_criteria")) != current.validationCriteria)
                change.validationCriteria = v.value(QStringLiteral("validation_criteria"));
            if (v.value(QStringLiteral("status")) != current.status)
                change.status = v.value(QStringLiteral("status"));
            const QString newDue = v.value(QStringLiteral("due_at")).trimmed();
            if (newDue != due) {
                if (newDue.isEmpty())
                    change.dueAt = std::optional<QDateTime>();
                else {
                    const QDate date = QDate::fromString(newDue, Qt::ISODate);
                    if (!date.isValid())
                        return Error::validation(QStringLiteral("due date must be YYYY-MM-DD"),
                                                 {QStringLiteral("due_at")},
                                                 {QStringLiteral("due date must be YYYY-MM-DD")});
                    change.dueAt = std::optional<QDateTime>(QDateTime(date, QTime(23, 59), Qt::UTC));
                }
            }
            return outcome(ctx.incidentActions().changeFollowUp(id, current.id, change, ctx.actor()));
        },
        parent);
}

FormDialog* IncidentDialogs::correction(const ConsoleContext& ctx, qint64 id, qint64 entryId, QWidget* parent)
{
    return make(
        QStringLiteral("Add correction"),
        QStringLiteral("Entry #%1 stays as it was; this correction is appended and points at it.").arg(entryId),
        {{QStringLiteral("text"), QStringLiteral("Correction"), Kind::Text, {}, {}, {}, {}, true}},
        [ctx, id, entryId](const FormDialog::Values& v) {
            return outcome(ctx.incidentActions().addTimelineEntry(
                id, TimelineKind::Correction, v.value(QStringLiteral("text")), ctx.actor(), entryId));
        },
        parent);
}

FormDialog* IncidentDialogs::resolve(const ConsoleContext& ctx, qint64 id, QWidget* parent)
{
    const QList<FormField> fields{
        {QStringLiteral("root_cause"), QStringLiteral("Root cause"), Kind::Text, {}, {}, {}, {}, true},
        {QStringLiteral("impact_summary"), QStringLiteral("Impact summary"), Kind::Text, {}, {}, {}, {}, true},
        {QStringLiteral("mitigation_steps"), QStringLiteral("Mitigation steps"), Kind::Text, {}, {}, {}, {}, true},
    };
    return make(
        QStringLiteral("Resolve"), QStringLiteral("Record how %1 was resolved.").arg(publicIdOf(ctx, id)), fields,
        [ctx, id](const FormDialog::Values& v) {
            return outcome(ctx.incidentActions().resolve(id,
                                                         {v.value(QStringLiteral("root_cause")),
                                                          v.value(QStringLiteral("impact_summary")),
                                                          v.value(QStringLiteral("mitigation_steps"))},
                                                         ctx.actor()));
        },
        parent);
}

FormDialog* IncidentDialogs::close(const ConsoleContext& ctx, qint64 id, QWidget* parent)
{
    const QList<FormField> fields{
        {QStringLiteral("approval_note"), QStringLiteral("Executive approval note"), Kind::Text, {}, {}, {}, {}, true},
        {QStringLiteral("approver"),
         QStringLiteral("Approver"),
         Kind::Line,
         {},
         QStringLiteral("VP Security or delegate"),
         {},
         {},
         true},
        {QStringLiteral("postmortem_url"),
         QStringLiteral("Postmortem link"),
         Kind::Line,
         {},
         QStringLiteral("https://…"),
         {},
         {},
         true},
        {QStringLiteral("root_cause_narrative.people"),
         QStringLiteral("Root cause: people"),
         Kind::Text,
         {},
         {},
         {},
         {},
         true},
        {QStringLiteral("root_cause_narrative.process"),
         QStringLiteral("Root cause: process"),
         Kind::Text,
         {},
         {},
         {},
         {},
         true},
        {QStringLiteral("root_cause_narrative.technology"),
         QStringLiteral("Root cause: technology"),
         Kind::Text,
         {},
         {},
         {},
         {},
         true},
        {QStringLiteral("runbook_updates"),
         QStringLiteral("Runbook updates"),
         Kind::Text,
         {},
         QStringLiteral("one per line"),
         {}},
    };
    auto* dialog = make(
        QStringLiteral("Close incident"),
        QStringLiteral(
            "<b>Close %1. This is final:</b> its timeline takes no more entries afterwards (follow-ups still "
            "change status and due date). Every follow-up needs an owner, a due date and validation "
            "criteria.")
            .arg(publicIdOf(ctx, id)),
        fields,
        [ctx, id](const FormDialog::Values& v) {
            Closure c;
            c.approvalNote = v.value(QStringLiteral("approval_note"));
            c.approver = v.value(QStringLiteral("approver"));
            c.postmortemUrl = v.value(QStringLiteral("postmortem_url"));
            c.narrativePeople = v.value(QStringLiteral("root_cause_narrative.people"));
            c.narrativeProcess = v.value(QStringLiteral("root_cause_narrative.process"));
            c.narrativeTechnology = v.value(QStringLiteral("root_cause_narrative.technology"));
            for (const QString& line :
                 v.value(QStringLiteral("runbook_updates")).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
                if (!line.trimmed().isEmpty())
                    c.runbookUpdates << line.trimmed();
            return outcome(ctx.incidentActions().close(id, c, ctx.actor()));
        },
        parent);
    dialog->setDestructive(true);
    return dialog;
}

} // namespace watchpost
