#include "models/incidents/TimelineCsv.h"

#include "models/incidents/Vocabulary.h"

#include <QIODevice>

namespace watchpost {
namespace {
QByteArray csvField(const QString& s)
{
    QByteArray v = s.toUtf8();
    // Cells a spreadsheet would run as formulas are prefixed so an exported timeline cannot execute.
    if (!v.isEmpty() && QByteArray("=+-@").contains(v.at(0)))
        v.prepend('\'');
    if (v.contains(',') || v.contains('"') || v.contains('\n') || v.contains('\r'))
        v = '"' + v.replace("\"", "\"\"") + '"';
    return v;
}

} // namespace

QByteArray TimelineCsv::header()
{
    return "id,at,kind,actor,text,corrects\r\n";
}

QByteArray TimelineCsv::rows(const QList<TimelineEntry>& entries)
{
    QByteArray out;
    for (const TimelineEntry& e : entries) {
        out += QByteArray::number(e.id) + ',' + csvField(e.at.toUTC().toString(Qt::ISODateWithMs)) + ',' +
               csvField(vocabulary::timelineKindName(e.kind)) + ',' + csvField(e.actor) + ',' + csvField(e.text) + ',' +
               (e.correctsId ? QByteArray::number(*e.correctsId) : QByteArray()) + "\r\n";
    }
    return out;
}

Result<Done> TimelineCsv::write(const TimelineStore& timeline, qint64 incidentId, QIODevice& out)
{
    constexpr int kPage = 5000;
    const auto writeFailed = [&out] {
        return Error::storage(QStringLiteral("could not write the export: %1").arg(out.errorString()));
    };
    if (out.write(header()) < 0)
        return writeFailed();
    std::optional<qint64> after;
    for (;;) {
        const auto page = timeline.timeline(incidentId, after, kPage);
        if (!page)
            return page.error();
        if (out.write(rows(*page)) < 0)
            return writeFailed();
        if (page->size() < kPage)
            return Done{};
        after = page->last().id;
    }
}

} // namespace watchpost
