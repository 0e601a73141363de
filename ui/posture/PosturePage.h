#pragma once
// PosturePage: what needs a person first — big-number tiles (unacknowledged, breached, at risk, open), the
// Unacknowledged table, then breached and at-risk clocks — and below them the listener, incidents by state,
// webhook controls and credentials, each card that shows a problem linking to where it is fixed.

#include "models/posture/PostureSnapshot.h"
#include "ui/shell/ConsoleContext.h"
#include "ui/widgets/ReadErrorBanner.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace watchpost {

class PosturePage : public QWidget
{
    Q_OBJECT
public:
    // `worker` computes the snapshots (shared with the window's attention centre).
    PosturePage(const ConsoleContext& ctx, PostureWorker* worker, QWidget* parent = nullptr);

public Q_SLOTS:
    void refresh();
    void show(const watchpost::PostureSnapshot& snapshot);

Q_SIGNALS:
    void openRoute(const QString& route);

private:
    void showKillSwitch();
    void showServer();
    QLabel* tile(const QString& name, const QString& caption, const QString& route, QLayout* into);
    void setTile(QLabel* tile, int count, const QColor& problem);
    void fillTable(QTableWidget* table, QLabel* empty, const QList<PostureSnapshot::Attention>& rows, int total,
                   const QString& none);

    ConsoleContext m_ctx;
    PostureWorker* m_worker;
    QLabel* m_listener;
    QLabel* m_states;
    QLabel* m_webhooks;
    QLabel* m_credentials;
    QLabel* m_killSwitch;
    QLabel* m_tileUnacknowledged;
    QLabel* m_tileBreached;
    QLabel* m_tileAtRisk;
    QLabel* m_tileOpen;
    ReadErrorBanner* m_readError;
    QTableWidget* m_unacknowledged;
    QLabel* m_unacknowledgedEmpty;
    QTableWidget* m_attention;
    QLabel* m_attentionEmpty;
    std::optional<PostureSnapshot> m_last;
};

} // namespace watchpost
