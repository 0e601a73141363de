#pragma once
// WebhooksPage: the GitHub webhook receiver — hooks and their secrets, listener health, deliveries (with the
// raw body on demand), spoofing sources with counts and reasons, blocks, and the refusal policy.

#include "models/webhooks/DeliveryTableModel.h"
#include "models/webhooks/HookTableModel.h"
#include "models/webhooks/SourceTableModel.h"
#include "ui/shell/ConsoleContext.h"
#include "ui/widgets/ReadErrorBanner.h"

#include <QWidget>

class QComboBox;
class QSettings;
class QSplitter;
class QLabel;
class QLineEdit;
class QTableView;

namespace watchpost {

class WebhooksPage : public QWidget
{
    Q_OBJECT
public:
    WebhooksPage(const ConsoleContext& ctx, QWidget* parent = nullptr);

    // The form dialogs this page opens, for tests and keyboard users.
    class FormDialog* setSecretDialog();
    class FormDialog* blockDialog();
    class FormDialog* policyDialog();
    QString rawBody(int deliveryRow) const;

    void saveState(QSettings& settings) const;
    void restoreState(QSettings& settings);

Q_SIGNALS:
    void openRoute(const QString& route);

public Q_SLOTS:
    void refresh();

private:
    void refreshHooks();
    void refreshDeliveries();
    void refreshSources();

    ConsoleContext m_ctx;
    WebhookService& m_service; // the GUI thread's, from ConsoleContext::services
    QLabel* m_health;
    ReadErrorBanner* m_readError;
    HookTableModel* m_hookModel;
    DeliveryTableModel* m_deliveryModel;
    SourceTableModel* m_sourceModel;
    QTableView* m_hooks;
    QTableView* m_deliveries;
    QTableView* m_sources;
    QLineEdit* m_search;
    QComboBox* m_outcome;
    QSplitter* m_split = nullptr;
};

} // namespace watchpost
