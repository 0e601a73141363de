#pragma once
// PosturePage: the at-a-glance view — listener status, incidents by state, and open SLA clocks.
// It shows only what Watchpost measures today.

#include "models/posture/PostureSnapshot.h"
#include "ui/shell/ConsoleContext.h"
#include "ui/widgets/ReadErrorBanner.h"

#include <QWidget>

class QLabel;
class QListWidget;

namespace watchpost {

class PosturePage : public QWidget
{
    Q_OBJECT
public:
    PosturePage(const ConsoleContext& ctx, QWidget* parent = nullptr);

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void openRoute(const QString& route);

private:
    void show(const PostureSnapshot& snapshot);

    ConsoleContext m_ctx;
    PostureWorker* m_worker;
    QLabel* m_listener;
    QLabel* m_states;
    QLabel* m_sla;
    QLabel* m_webhooks;
    QLabel* m_credentials;
    ReadErrorBanner* m_readError;
    QListWidget* m_attention;
};

} // namespace watchpost
