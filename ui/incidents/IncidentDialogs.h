#pragma once
// IncidentDialogs: the console's incident forms (report, acknowledge, timeline entry, contain, follow-up,
// resolve, close). Each submits through IncidentService, so its rules and messages are the API's.

#include "ui/shell/ConsoleContext.h"
#include "ui/widgets/FormDialog.h"

namespace watchpost {

class IncidentDialogs
{
public:
    // `created` receives the new incident's id.
    static FormDialog* report(const ConsoleContext& ctx, QWidget* parent, std::function<void(qint64)> created = {});
    static FormDialog* acknowledge(const ConsoleContext& ctx, qint64 id, QWidget* parent);
    static FormDialog* timelineEntry(const ConsoleContext& ctx, qint64 id, TimelineKind kind, QWidget* parent);
    // `containmentActions`: how many are in the timeline; with none, the form records the one taken.
    static FormDialog* contain(const ConsoleContext& ctx, qint64 id, int containmentActions, QWidget* parent);
    static FormDialog* followUp(const ConsoleContext& ctx, qint64 id, QWidget* parent);
    static FormDialog* changeFollowUp(const ConsoleContext& ctx, qint64 id, const FollowUp& current,
                                      bool incidentClosed, QWidget* parent);
    static FormDialog* correction(const ConsoleContext& ctx, qint64 id, qint64 entryId, QWidget* parent);
    static FormDialog* resolve(const ConsoleContext& ctx, qint64 id, QWidget* parent);
    static FormDialog* close(const ConsoleContext& ctx, qint64 id, QWidget* parent);
};

} // namespace watchpost
