#pragma once
// ChangeNotifier: tells every thread which incident changed. Signals carry ids only, never pointers,
// so a write on the listener thread reaches the console as a queued call on the GUI thread.

#include <QObject>

namespace watchpost {

class ChangeNotifier : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

Q_SIGNALS:
    void incidentChanged(qint64 incidentId);
    void timelineAppended(qint64 incidentId, qint64 entryId);
    // Webhook deliveries, refusals, blocks or hook secrets changed.
    void webhooksChanged();
    // Repeated refused deliveries from `source` crossed the spoofing threshold; `incidentId` carries the response.
    void spoofingDetected(qint64 incidentId, const QString& source);
};

} // namespace watchpost
