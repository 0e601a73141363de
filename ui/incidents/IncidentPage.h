#pragma once
// IncidentPage: one incident — title, state stepper and summary, both SLA clocks, one primary lifecycle action for
// the current state, "Add to timeline ▾", the rest in "⋯" and the Incident menu; the live timeline, details and
// follow-ups (editable after closure: post-mortem actions finish later).

#include "models/incidents/FollowUpTableModel.h"
#include "models/incidents/TimelineModel.h"
#include "ui/shell/ConsoleContext.h"
#include "ui/widgets/ReadErrorBanner.h"

#include <QHash>
#include <QWidget>

class QAction;
class QLabel;
class QPushButton;
class QTableView;
class QTextBrowser;
class QToolButton;

namespace watchpost {

class FormDialog;

class IncidentPage : public QWidget
{
    Q_OBJECT
public:
    IncidentPage(const ConsoleContext& ctx, QWidget* parent = nullptr);

    // Shows the incident (by id or public id); not found, or a read the store refused, is the error.
    Result<Done> showIncident(const QString& idOrPublicId);
    qint64 incidentId() const { return m_id; }
    const std::optional<Incident>& incident() const { return m_incident; }
    TimelineModel* timeline() const { return m_timeline; }
    // The Incident menu's actions, in the action table's order (shortcuts work while this page shows).
    QList<QAction*> menuActions() const;
    QAction* action(const QString& id) const { return m_actions.value(id); }
    // Off while another page shows: the Incident menu then offers nothing to act on.
    void setAvailable(bool available);

    // Exports the timeline to `path` as CSV; returns an error text or empty on success.
    QString exportTimeline(const QString& path) const;

Q_SIGNALS:
    // The token-compromise recovery flow, for this incident.
    void recoveryRequested(const QString& publicId);
    // What the page shows changed (the window title names it).
    void shownChanged();

public Q_SLOTS:
    void incidentChanged(qint64 id);
    void tick();

private:
    void reload();
    void updateClocks();
    void updateActions();
    void openDialog(FormDialog* dialog);
    QAction* add(const QString& id);

    ConsoleContext m_ctx;
    qint64 m_id = 0;
    bool m_available = false;
    std::optional<Incident> m_incident;
    int m_containmentActions = 0;
    TimelineModel* m_timeline;
    ReadErrorBanner* m_readError;
    QLabel* m_header;
    QLabel* m_stepper;
    QLabel* m_summary;
    QLabel* m_badges;
    QLabel* m_ackClock;
    QLabel* m_containClock;
    QPushButton* m_primary;
    QAction* m_primaryAction = nullptr;
    QPushButton* m_addToTimeline;
    QToolButton* m_overflow;
    QTableView* m_timelineView;
    QTextBrowser* m_details;
    FollowUpTableModel* m_followUpModel;
    QTableView* m_followUps;
    QHash<QString, QAction*> m_actions;
    QList<QAction*> m_order;
};

} // namespace watchpost
