#pragma once
// TimelineCsv: the timeline export format (RFC 4180 CSV, UTC times), shared by the API and the console.

#include "models/incidents/TimelineStore.h"

class QIODevice;

#include <QByteArray>

namespace watchpost {

class TimelineCsv
{
public:
    static QByteArray header();
    static QByteArray rows(const QList<TimelineEntry>& entries);
    // Writes an incident's whole timeline, read in pages so memory stays flat; a page the store refuses or a
    // failed write is an error (the device then holds a partial export the caller must discard).
    static Result<Done> write(const TimelineStore& timeline, qint64 incidentId, QIODevice& out);
};

} // namespace watchpost
