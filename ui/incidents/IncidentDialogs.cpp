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
    QStringList signalChoices{QString()};
    signalChoices += vocabulary::signalKinds();
    const QList<FormField> fields{
        {QStringLiteral("title"),
         QStringLiteral("Title"),
         Kind::Line,
         {},
         QStringLiteral("What is happening, in one line"),
         {}},
        {QStringLiteral("severity"),
         QStringLiteral("Severity"),
         Kind::Choice,
         vocabulary::severityNames(),
         {},
         QStringLiteral("high")},
        {QStringLiteral("summary"),
         QStringLiteral("Summary"),
         Kind::Text,
         {},
         QStringLiteral("What was seen, where, since when"),
         {}},
        {QStringLiteral("source.kind"), QStringLiteral("Source"), Kind::Choice, vocabulary::sourceKinds(), {}, {}},
        {QStringLiteral("source.signal"),
         QStringLiteral("Signal (automated only)"),
         Kind::Choice,
         signalChoices,
         {},
         {}},
        {QStringLiteral("reporter"), QStringLiteral("Reporter"), Kind::Line, {}, {}, ctx.actor()},
        {QStringLiteral("assets"),
         QStringLiteral("Impacted assets"),
         Kind::Text,
         {},
         QStringLiteral("one per line, kind: identifier — e.g. host: web-01 (kinds: %1)")
             .arg(vocabulary::assetKinds().join(QStringLiteral(", "))),
         {}},
        {QStringLiteral("iocs"),
         QStringLiteral("IOCs"),
         Kind::Text,
         {},
         QStringLiteral("one per line, type: value — e.g. ip: 203.0.113.7 (types: %1)")
             .arg(vocabulary::iocTypes().join(QStringLiteral(", "))),
         {}},
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
        auto result = ctx.incidents().report(r, ctx.actor());
        if (result && created)
            created(result->id);
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
            return outcome(ctx.incidents().acknowledge(id, v.value(QStringLiteral("note")), ctx.actor()));
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
        {{QStringLiteral("text"), label, Kind::Text, {}, {}, {}}},
        [ctx, id, kind](const FormDialog::Values& v) {
            return outcome(ctx.incidents().addTimelineEntry(id, kind, v.value(QStringLiteral("text")), ctx.actor()));
        },
        parent);
}

FormDialog* IncidentDialogs::contain(const ConsoleContext& ctx, qint64 id, QWidget* parent)
{
    return make(
        QStringLiteral("Mark contained"),
        QStringLiteral("Mark %1 contained. At least one containment action must be in its timeline.")
            .arg(publicIdOf(ctx, id)),
        {{QStringLiteral("note"), QStringLiteral("Note (optional)"), Kind::Text, {}, {}, {}}},
        [ctx, id](const FormDialog::Values& v) {
            return outcome(ctx.incidents().markContained(id, v.value(QStringLiteral("note")), ctx.actor()));
        },
        parent);
}

FormDialog* IncidentDialogs::followUp(const ConsoleContext& ctx, qint64 id, QWidget* parent)
{
    const QList<FormField> fields{
        {QStringLiteral("action"), QStringLiteral("Action"), Kind::Text, {}, {}, {}},
        {QStringLiteral("owner"), QStringLiteral("Owner"), Kind::Line, {}, {}, {}},
        {QStringLiteral("due_at"), QStringLiteral("Due date"), Kind::Line, {}, QStringLiteral("YYYY-MM-DD (UTC)"), {}},
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
            return outcome(ctx.incidents().addFollowUp(id, f, ctx.actor()));
        },
        parent);
}

FormDialog* IncidentDialogs::changeFollowUp(const ConsoleContext& ctx, qint64 id, const FollowUp& current,
                                            QWidget* parent)
{
    const QString due = current.dueAt ? current.dueAt->date().toString(Qt::ISODate) : QString();
    const QList<FormField> fields{
        {QStringLiteral("owner"), QStringLiteral("Owner"), Kind::Line, {}, {}, current.owner},
        {QStringLiteral("due_at"),
         QStringLiteral("Due date"),
         Kind::Line,
         {},
         QStringLiteral("YYYY-MM-DD (UTC), empty for none"),
         due},
        {QStringLiteral("validation_criteria"),
         QStringLiteral("Validation criteria"),
         Kind::Text,
         {},
         {},
         current.validationCriteria},
        {QStringLiteral("status"),
         QStringLiteral("Status"),
         Kind::Choice,
         {QStringLiteral("open"), QStringLiteral("done")},
         {},
         current.status},
    };
    return make(
        QStringLiteral("Change follow-up"), QStringLiteral("Follow-up #%1: %2").arg(current.id).arg(current.action),
        fields,
        [ctx, id, current, due](const FormDialog::Values& v) -> std::optional<Error> {
            // Only what changed goes to the service, so the timeline records exactly that.
            FollowUpChange change;
            if (v.value(QStringLiteral("owner")) != current.owner)
                change.owner = v.value(QStringLiteral("owner"));
            if (v.value(QStringLiteral("validation_criteria")) != current.validationCriteria)
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
            return outcome(ctx.incidents().changeFollowUp(id, current.id, change, ctx.actor()));
        },
        parent);
}

FormDialog* IncidentDialogs::correction(const ConsoleContext& ctx, qint64 id, qint64 entryId, QWidget* parent)
{
    return make(
        QStringLiteral("Add correction"),
        QStringLiteral("Entry #%1 stays as it was; this correction is appended and points at it.").arg(entryId),
        {{QStringLiteral("text"), QStringLiteral("Correction"), Kind::Text, {}, {}, {}}},
        [ctx, id, entryId](const FormDialog::Values& v) {
            return outcome(ctx.incidents().addTimelineEntry(id, TimelineKind::Correction,
                                                            v.value(QStringLiteral("text")), ctx.actor(), entryId));
        },
        parent);
}

FormDialog* IncidentDialogs::resolve(const ConsoleContext& ctx, qint64 id, QWidget* parent)
{
    const QList<FormField> fields{
        {QStringLiteral("root_cause"), QStringLiteral("Root cause"), Kind::Text, {}, {}, {}},
        {QStringLiteral("impact_summary"), QStringLiteral("Impact summary"), Kind::Text, {}, {}, {}},
        {QStringLiteral("mitigation_steps"), QStringLiteral("Mitigation steps"), Kind::Text, {}, {}, {}},
    };
    return make(
        QStringLiteral("Resolve"), QStringLiteral("Record how %1 was resolved.").arg(publicIdOf(ctx, id)), fields,
        [ctx, id](const FormDialog::Values& v) {
            return outcome(ctx.incidents().resolve(id,
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
        {QStringLiteral("approval_note"), QStringLiteral("Executive approval note"), Kind::Text, {}, {}, {}},
        {QStringLiteral("approver"),
         QStringLiteral("Approver"),
         Kind::Line,
         {},
         QStringLiteral("VP Security or delegate"),
         {}},
        {QStringLiteral("postmortem_url"),
         QStringLiteral("Postmortem link"),
         Kind::Line,
         {},
         QStringLiteral("https://…"),
         {}},
        {QStringLiteral("root_cause_narrative.people"), QStringLiteral("Root cause: people"), Kind::Text, {}, {}, {}},
        {QStringLiteral("root_cause_narrative.process"), QStringLiteral("Root cause: process"), Kind::Text, {}, {}, {}},
        {QStringLiteral("root_cause_narrative.technology"),
         QStringLiteral("Root cause: technology"),
         Kind::Text,
         {},
         {},
         {}},
        {QStringLiteral("runbook_updates"),
         QStringLiteral("Runbook updates"),
         Kind::Text,
         {},
         QStringLiteral("one per line"),
         {}},
    };
    return make(
        QStringLiteral("Close"),
        QStringLiteral("Close %1. Every follow-up needs an owner, a due date and validation criteria.")
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
            return outcome(ctx.incidents().close(id, c, ctx.actor()));
        },
        parent);
}

} // namespace watchpost
