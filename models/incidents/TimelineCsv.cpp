#include "models/incidents/TimelineCsv.h"

#include "models/incidents/Vocabulary.h"

#include <QIODevice>

namespace watchpost {
namespace {
// Every text cell is quoted (RFC 4180), and a formula character at the start of the cell or after anything a
// spreadsheet may split cells or lines at (',', ';', tab, CR, LF) is neutralised with a leading quote mark: a
// locale whose list separator is ';' reads "x;=2+3;" as three cells, the middle one a live formula otherwise.
QByteArray csvField(const QString& s)
{
    const QByteArray raw = s.toUtf8();
    static const QByteArray formulaStart("=+-@");
    static const QByteArray separators(",;\t\r\n");
    QByteArray v;
    v.reserve(raw.size() + 8);
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const bool cellStart = i == 0 || separators.contains(raw.at(i - 1));
        if (cellStart && formulaStart.contains(raw.at(i)))
            v += '\'';
        v += raw.at(i);
    }
    return '"' + v.replace("\"", "\"\"") + '"';
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
