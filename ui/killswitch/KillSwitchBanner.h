#pragma once
// KillSwitchBanner: across the whole window while the shipping kill switch is engaged — what it stops, since when
// and by whom, the blocked attempts so far, GitHub's levers if any need a manual step, and a link to its incident;
// in red, "kill switch not persisted — unresolved high-severity incident", while the store refuses to record it.

#include "ui/shell/ConsoleContext.h"

#include <QFrame>

class QLabel;

namespace watchpost {

class KillSwitchBanner : public QFrame
{
    Q_OBJECT
public:
    KillSwitchBanner(const ConsoleContext& ctx, QWidget* parent = nullptr);
    QString text() const;

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void incidentRequested(const QString& publicId);

private:
    ConsoleContext m_ctx;
    QLabel* m_label;
};

} // namespace watchpost
