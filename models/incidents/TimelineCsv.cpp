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

bool TimelineCsv::write(const TimelineStore& timeline, qint64 incidentId, QIODevice& out)
{
    constexpr int kPage = 5000;
    if (out.write(header()) < 0)
        return false;
    std::optional<qint64> after;
    for (;;) {
        const QList<TimelineEntry> page = timeline.timeline(incidentId, after, kPage);
        if (out.write(rows(page)) < 0)
            return false;
        if (page.size() < kPage)
            return true;
        after = page.last().id;
    }
}

} // namespace watchpost
