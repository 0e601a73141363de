#pragma once
// IncidentPage: one incident — header with both SLA clocks, the live timeline, assets and IOCs, follow-ups,
// resolution, and every lifecycle action.

#include "models/incidents/FollowUpTableModel.h"
#include "models/incidents/TimelineModel.h"
#include "ui/shell/ConsoleContext.h"
#include "ui/widgets/ReadErrorBanner.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;
class QTableView;
class QTextBrowser;

namespace watchpost {

class FormDialog;

class IncidentPage : public QWidget
{
    Q_OBJECT
public:
    IncidentPage(const ConsoleContext& ctx, QWidget* parent = nullptr);

    // Shows an incident by numeric or public id; false when there is none.
    // Shows the incident (by id or public id); not found, or a read the store refused, is the error.
    Result<Done> showIncident(const QString& idOrPublicId);
    qint64 incidentId() const { return m_id; }
    TimelineModel* timeline() const { return m_timeline; }

    // Exports the timeline to `path` as CSV; returns an error text or empty on success.
    QString exportTimeline(const QString& path) const;

Q_SIGNALS:
    // The token-compromise recovery flow, for this incident.
    void recoveryRequested(const QString& publicId);

public Q_SLOTS:
    void incidentChanged(qint64 id);
    void tick();

private:
    void reload();
    void updateClocks();
    void openDialog(FormDialog* dialog);

    ConsoleContext m_ctx;
    qint64 m_id = 0;
    std::optional<Incident> m_incident;
    TimelineModel* m_timeline;
    ReadErrorBanner* m_readError;
    QLabel* m_header;
    QLabel* m_badges;
    QLabel* m_ackClock;
    QLabel* m_containClock;
    QTableView* m_timelineView;
    QTextBrowser* m_details;
    FollowUpTableModel* m_followUpModel;
    QTableView* m_followUps;
    QPushButton* m_acknowledge;
    QPushButton* m_containment;
    QPushButton* m_communication;
    QPushButton* m_decision;
    QPushButton* m_note;
    QPushButton* m_contain;
    QPushButton* m_followUp;
    QPushButton* m_resolve;
    QPushButton* m_close;
    QPushButton* m_recover;
    QPushButton* m_export;
    QPushButton* m_correct;
    QPushButton* m_changeFollowUp;
};

} // namespace watchpost
