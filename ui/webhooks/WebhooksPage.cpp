#include "ui/webhooks/WebhooksPage.h"

#include "models/webhooks/GitHubEvents.h"

#include "models/incidents/Vocabulary.h"
#include "models/webhooks/WebhookHookService.h"
#include "models/webhooks/WebhookOutcome.h"
#include "ui/shell/Theme.h"
#include "ui/widgets/FormDialog.h"
#include "ui/widgets/PageParts.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace watchpost {
using parts::button;
using parts::selectedRow;
using parts::view;
using parts::when;

WebhooksPage::WebhooksPage(const ConsoleContext& ctx, QWidget* parent)
    : QWidget(parent), m_ctx(ctx), m_service(ctx.services->webhooks())
{
    setObjectName(QStringLiteral("webhooksPage"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("<h2>GitHub webhooks</h2>"), this));
    m_readError = new ReadErrorBanner(this);
    layout->addWidget(m_readError);
    m_health = new QLabel(this);
    m_health->setObjectName(QStringLiteral("webhookHealth"));
    m_health->setWordWrap(true);
    m_health->setTextFormat(Qt::RichText);
    layout->addWidget(m_health);

    auto* split = new QSplitter(Qt::Vertical, this);
    // Hooks and secrets.
    auto* hooksBox = new QGroupBox(QStringLiteral("Hooks and secrets (secrets live in the OS keychain)"), split);
    auto* hooksLayout = new QVBoxLayout(hooksBox);
    m_hookModel =
        new HookTableModel(m_service.store(), ctx.remote ? nullptr : ctx.webhooks().secrets, ctx.clock(), this);
    m_deliveryModel = new DeliveryTableModel(m_service.store(), this);
    m_sourceModel = new SourceTableModel(m_service.store(), ctx.clock(), this);
    for (const auto& [model, part] : {std::pair<StoreTableModel*, QString>(m_hookModel, QStringLiteral("hooks")),
                                      {m_deliveryModel, QStringLiteral("deliveries")},
                                      {m_sourceModel, QStringLiteral("sources")}})
        connect(model, &StoreTableModel::readErrorChanged, m_readError,
                [this, part = part](const QString& message) { m_readError->setError(part, message); });
    m_hooks = view(QStringLiteral("hookTable"), m_hookModel, hooksBox);
    hooksLayout->addWidget(m_hooks);
    auto* hookButtons = new QHBoxLayout;
    auto* setSecret = button(QStringLiteral("Set or replace secret…"), QStringLiteral("setSecretButton"), hooksBox);
    auto* removeSecret = button(QStringLiteral("Remove secret"), QStringLiteral("removeSecretButton"), hooksBox);
    auto* policy = button(QStringLiteral("Refusal policy…"), QStringLiteral("policyButton"), hooksBox);
    hookButtons->addWidget(setSecret);
    hookButtons->addWidget(removeSecret);
    hookButtons->addStretch();
    hookButtons->addWidget(policy);
    hooksLayout->addLayout(hookButtons);

    // Deliveries.
    auto* deliveriesBox = new QGroupBox(QStringLiteral("Deliveries (newest first)"), split);
    auto* deliveriesLayout = new QVBoxLayout(deliveriesBox);
    auto* filterBar = new QHBoxLayout;
    m_search = new QLineEdit(deliveriesBox);
    m_search->setObjectName(QStringLiteral("deliverySearch"));
    m_search->setPlaceholderText(QStringLiteral("Event, delivery id, repository or action"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(QStringLiteral("Search deliveries"));
    m_outcome = new QComboBox(deliveriesBox);
    m_outcome->setObjectName(QStringLiteral("deliveryOutcome"));
    m_outcome->addItem(QStringLiteral("All outcomes"), QString());
    m_outcome->setAccessibleName(QStringLiteral("Filter deliveries by outcome"));
    for (const QString& o : deliveryOutcomeNames())
        m_outcome->addItem(deliveryOutcomeLabel(o), o);
    auto* showBody = button(QStringLiteral("Show raw body…"), QStringLiteral("showBodyButton"), deliveriesBox);
    filterBar->addWidget(m_search, 1);
    filterBar->addWidget(m_outcome);
    filterBar->addWidget(showBody);
    deliveriesLayout->addLayout(filterBar);
    m_deliveries = view(QStringLiteral("deliveryTable"), m_deliveryModel, deliveriesBox);
    deliveriesLayout->addWidget(m_deliveries);

    // Spoofing sources and blocks.
    auto* sourcesBox = new QGroupBox(QStringLiteral("Refused deliveries by source (last 7 days) and blocks"), split);
    auto* sourcesLayout = new QVBoxLayout(sourcesBox);
    m_sources = view(QStringLiteral("sourceTable"), m_sourceModel, sourcesBox);
    sourcesLayout->addWidget(m_sources);
    auto* sourceButtons = new QHBoxLayout;
    auto* block = button(QStringLiteral("Block a source…"), QStringLiteral("blockButton"), sourcesBox);
    auto* unblock = button(QStringLiteral("Lift block on selected"), QStringLiteral("unblockButton"), sourcesBox);
    sourceButtons->addWidget(block);
    sourceButtons->addWidget(unblock);
    sourceButtons->addStretch();
    sourcesLayout->addLayout(sourceButtons);
    m_hooks->setMaximumHeight(120);
    m_hooks->setAccessibleName(QStringLiteral("Hooks and secrets"));
    m_deliveries->setAccessibleName(QStringLiteral("Deliveries"));
    m_sources->setAccessibleName(QStringLiteral("Refused deliveries by source and blocks"));
    m_health->setAccessibleName(QStringLiteral("Webhook receiver status"));
    split->setObjectName(QStringLiteral("webhooksSplitter"));
    m_split = split;
    parts::emptyState(
        m_deliveries,
        [this] {
            if (!m_search->text().trimmed().isEmpty() || m_outcome->currentIndex() > 0)
                return QStringLiteral("No deliveries match these filters — <a href='clear'>Clear filters</a>");
            if (m_ctx.remote)
                return QStringLiteral("No deliveries on the server yet — point your GitHub hook at "
                                      "<code>%1/api/github/webhooks</code>.")
                    .arg(m_ctx.remote->state().server.toHtmlEscaped());
            const ListenerInfo info = m_ctx.listener ? m_ctx.listener() : ListenerInfo{};
            return info.listening
                       ? QStringLiteral(
                             "No deliveries yet — point your GitHub hook at <code>%1/api/github/webhooks</code> "
                             "and set its secret (<i>Set or replace secret…</i> above).")
                             .arg(info.url.toHtmlEscaped())
                       : QStringLiteral("No deliveries yet — and the listener is not running, so none can arrive.");
        },
        [this](const QString&) {
            m_search->clear();
            m_outcome->setCurrentIndex(0);
        });
    parts::emptyState(m_sources, [] {
        return QStringLiteral("No refused deliveries in the last 7 days and no blocks. <i>Block a source…</i> "
                              "blocks an address by hand.");
    });
    parts::enableOnSelection(removeSecret, m_hooks, QStringLiteral("Select the hook whose secret to remove first"));
    parts::enableOnSelection(showBody, m_deliveries, QStringLiteral("Select a delivery first"));
    parts::enableOnSelection(unblock, m_sources, QStringLiteral("Select a blocked source first"));
    removeSecret->setStyleSheet(Theme::destructiveButtonStyle());
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);
    split->setStretchFactor(2, 2);
    layout->addWidget(split, 1);

    connect(setSecret, &QPushButton::clicked, this, [this] { setSecretDialog()->open(); });
    connect(removeSecret, &QPushButton::clicked, this, [this] {
        const HookRow* row = m_hookModel->rowAt(selectedRow(m_hooks));
        if (!row)
            return;
        const QString hook = row->hook.id;
        // Destructive: it says what it will do, names its object, and Enter alone does not do it.
        auto* confirm = new FormDialog(
            QStringLiteral("Remove secret of %1").arg(hook),
            QStringLiteral("<b>Every delivery to hook %1 is refused (503) until a new secret is set.</b> The secret "
                           "is deleted from the OS keychain.")
                .arg(hook.toHtmlEscaped()),
            {},
            [this, hook](const FormDialog::Values&) -> std::optional<Error> {
                auto removed = m_ctx.webhookActions().removeHookSecret(hook);
                if (!removed)
                    return removed.error();
                m_health->setText(
                    QStringLiteral("Removed the secret of %1: its deliveries are refused until a new one is set.")
                        .arg(hook.toHtmlEscaped()));
                refreshHooks();
                return std::nullopt;
            },
            this);
        confirm->setObjectName(QStringLiteral("removeSecretDialog"));
        confirm->setDestructive(true);
        confirm->open();
    });
    connect(policy, &QPushButton::clicked, this, [this] { policyDialog()->open(); });
    connect(block, &QPushButton::clicked, this, [this] { blockDialog()->open(); });
    connect(unblock, &QPushButton::clicked, this, [this] {
        const SourceSummary* row = m_sourceModel->rowAt(selectedRow(m_sources));
        if (!row)
            return;
        const QString source = row->source;
        const auto lifted = m_ctx.webhookActions().unblock(source, m_ctx.actor());
        refresh();
        if (!lifted)
            m_health->setText(QStringLiteral("<b>Could not lift the block on %1:</b> %2")
                                  .arg(source, lifted.error().message.toHtmlEscaped()));
        else if (!lifted->stored)
            m_health->setText(QStringLiteral("<b>%1 is let through again, but the store still records the block</b> "
                                             "(it holds again when the listener restarts): %2")
                                  .arg(source, lifted->storeError.toHtmlEscaped()));
    });
    connect(showBody, &QPushButton::clicked, this, [this] {
        const int row = selectedRow(m_deliveries);
        if (row < 0)
            return;
        auto* dialog = new QDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setObjectName(QStringLiteral("rawBodyDialog"));
        dialog->setWindowTitle(QStringLiteral("Raw delivery body"));
        dialog->resize(900, 600);
        auto* l = new QVBoxLayout(dialog);
        auto* text = new QPlainTextEdit(rawBody(row), dialog);
        text->setReadOnly(true);
        text->setObjectName(QStringLiteral("rawBody"));
        l->addWidget(text);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
        connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
        l->addWidget(buttons);
        dialog->open();
    });
    connect(m_search, &QLineEdit::textChanged, this, &WebhooksPage::refreshDeliveries);
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &WebhooksPage::refreshDeliveries);
    refresh();
}

void WebhooksPage::refresh()
{
    if (m_ctx.remote) { // the receiver is the server's: what it received is in the replica, its counters are its own
        const LinkState link = m_ctx.remote->state();
        m_health->setText(
            QStringLiteral("The server receives: <code>%1/api/github/webhooks</code> (hook <i>default</i>) and "
                           "<code>%1/api/github/webhooks/ID</code>. Deliveries and refusals below are the server's, "
                           "as of the last change this console applied. Blocks, secrets and the policy you change "
                           "here go to the server.")
                .arg(link.server.toHtmlEscaped()));
        refreshHooks();
        refreshDeliveries();
        refreshSources();
        return;
    }
    const WebhookControls::Health h = m_ctx.webhooks().controls->health();
    const ListenerInfo info = m_ctx.listener ? m_ctx.listener() : ListenerInfo{};
    QString html =
        info.listening
            ? QStringLiteral("Receiving on <code>%1/api/github/webhooks</code> (hook <i>default</i>) and "
                             "<code>%1/api/github/webhooks/ID</code>. ")
                  .arg(info.url.toHtmlEscaped())
            : QStringLiteral(
                  "<span style='color:%1'><b>✖ The listener is not running:</b></span> nothing is received. ")
                  .arg(Theme::slaColor(SlaState::Breached).name());
    html += QStringLiteral("Since start: <b>%1</b> accepted, <b>%2</b> refused, <b>%3</b> sources blocked.")
                .arg(h.accepted)
                .arg(h.refused)
                .arg(h.activeBlocks);
    if (h.telemetryDegraded)
        html += QStringLiteral("<br><span style='color:%1'><b>✖ Degraded: spoof telemetry cannot be written</b> (%2). "
                               "The spoofing incident "
                               "stays open; block sources upstream by hand and page the security duty manager.</span>")
                    .arg(Theme::slaColor(SlaState::Breached).name(), h.telemetryError.toHtmlEscaped());
    m_health->setText(html);
    refreshHooks();
    refreshDeliveries();
    refreshSources();
}

void WebhooksPage::saveState(QSettings& settings) const
{
    settings.setValue(QStringLiteral("webhooks/splitter"), m_split->saveState());
    settings.setValue(QStringLiteral("webhooks/deliveryColumns"), m_deliveries->horizontalHeader()->saveState());
}

void WebhooksPage::restoreState(QSettings& settings)
{
    m_split->restoreState(settings.value(QStringLiteral("webhooks/splitter")).toByteArray());
    m_deliveries->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("webhooks/deliveryColumns")).toByteArray());
}

void WebhooksPage::refreshHooks()
{
    m_hookModel->reload();
}

void WebhooksPage::refreshDeliveries()
{
    DeliveryFilter f;
    f.outcome = m_outcome->currentData().toString();
    const QString text = m_search->text().trimmed();
    if (GitHubEvents::find(text))
        f.event = text;
    else
        f.text = text;
    m_deliveryModel->setFilter(f);
}

void WebhooksPage::refreshSources()
{
    m_sourceModel->reload();
}

QString WebhooksPage::rawBody(int row) const
{
    const WebhookDelivery* shown = m_deliveryModel->rowAt(row);
    if (!shown)
        return {};
    const auto read = m_service.store().delivery(shown->id);
    if (!read)
        return QStringLiteral("The delivery could not be read: %1").arg(read.error().message);
    if (!read->has_value())
        return {};
    const WebhookDelivery* d = &**read;
    const QJsonDocument doc = QJsonDocument::fromJson(d->body);
    return doc.isNull() ? QString::fromUtf8(d->body) : QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}

FormDialog* WebhooksPage::setSecretDialog()
{
    auto* dialog = new FormDialog(
        QStringLiteral("Set secret"),
        QStringLiteral("The secret goes to the OS keychain, never to the store. Keep the old one valid for a grace "
                       "window while GitHub is updated."),
        {{QStringLiteral("hook"),
          QStringLiteral("Hook"),
          FormField::Kind::Line,
          {},
          QStringLiteral("default"),
          QStringLiteral("default")},
         {QStringLiteral("secret"), QStringLiteral("Secret"), FormField::Kind::Secret, {}, {}, {}},
         {QStringLiteral("grace"),
          QStringLiteral("Keep the previous secret valid (seconds)"),
          FormField::Kind::Line,
          {},
          QStringLiteral("0"),
          QStringLiteral("0")}},
        [this](const FormDialog::Values& v) -> std::optional<Error> {
            bool ok = false;
            const int grace =
                v.value(QStringLiteral("grace")).trimmed().isEmpty() ? 0 : v.value(QStringLiteral("grace")).toInt(&ok);
            if (!v.value(QStringLiteral("grace")).trimmed().isEmpty() && !ok)
                return Error::validation(QStringLiteral("grace must be a whole number of seconds"),
                                         {QStringLiteral("grace")},
                                         {QStringLiteral("grace must be a whole number of seconds")});
            auto set = m_ctx.webhookActions().setHookSecret(v.value(QStringLiteral("hook")).trimmed(),
                                                            v.value(QStringLiteral("secret")).toUtf8(), grace);
            if (!set)
                return set.error();
            refreshHooks();
            return std::nullopt;
        },
        this);
    return dialog;
}

FormDialog* WebhooksPage::blockDialog()
{
    const SourceSummary* selected = m_sourceModel->rowAt(selectedRow(m_sources));
    auto* dialog = new FormDialog(
        QStringLiteral("Block"),
        QStringLiteral("Deliveries from this address get 403 until the block expires or is lifted."),
        {{QStringLiteral("source"),
          QStringLiteral("Source address"),
          FormField::Kind::Line,
          {},
          QStringLiteral("203.0.113.7"),
          selected ? selected->source : QString()},
         {QStringLiteral("reason"), QStringLiteral("Reason"), FormField::Kind::Line, {}, {}, {}},
         {QStringLiteral("duration_s"),
          QStringLiteral("Duration (seconds)"),
          FormField::Kind::Line,
          {},
          {},
          QStringLiteral("3600")}},
        [this](const FormDialog::Values& v) -> std::optional<Error> {
            QStringList fields, messages;
            const QString source = v.value(QStringLiteral("source")).trimmed();
            static const QRegularExpression address(QStringLiteral("^[0-9A-Fa-f:.]{2,45}$"));
            if (!address.match(source).hasMatch())
                fields << QStringLiteral("source"), messages << QStringLiteral("source must be an IP address");
            if (v.value(QStringLiteral("reason")).trimmed().isEmpty())
                fields << QStringLiteral("reason"), messages << QStringLiteral("a reason is required");
            bool ok = false;
            const int seconds = v.value(QStringLiteral("duration_s")).toInt(&ok);
            if (!ok || seconds < 1 || seconds > 30 * 86400)
                fields << QStringLiteral("duration_s"), messages << QStringLiteral("duration is 1 to 2592000 seconds");
            if (!fields.isEmpty())
                return Error::validation(messages.join(QStringLiteral("; ")), fields, messages);
            auto blocked = m_ctx.webhookActions().block(source, v.value(QStringLiteral("reason")).trimmed(),
                                                        m_ctx.actor(), seconds);
            if (!blocked)
                return blocked.error();
            refresh();
            if (!blocked->stored)
                m_health->setText(
                    QStringLiteral("<b>%1 is blocked, but the block is not recorded</b> (it ends when the "
                                   "listener stops): %2")
                        .arg(blocked->source, blocked->storeError.toHtmlEscaped()));
            return std::nullopt;
        },
        this);
    return dialog;
}

FormDialog* WebhooksPage::policyDialog()
{
    // Attached to a server: the policy its replica holds (the server's in force); here, this receiver's.
    WebhookPolicy current = m_ctx.webhooks().controls->policy();
    if (m_ctx.remote) {
        const auto held = WebhookPolicy::load(*m_ctx.store());
        current = held ? *held : WebhookPolicy{};
    }
    const auto map = current.toMap();
    auto line = [&](const char* key, const char* label) {
        return FormField{QString::fromLatin1(key),           QString::fromLatin1(label), FormField::Kind::Line, {}, {},
                         map.value(QString::fromLatin1(key))};
    };
    auto* dialog = new FormDialog(
        QStringLiteral("Save policy"),
        QStringLiteral("Controls on refused webhook deliveries. Verified deliveries are not throttled."),
        {line("refused_per_minute", "Refused deliveries per source per minute before 429"),
         line("block_threshold", "Refused deliveries that block a source"),
         line("block_window_s", "… within (seconds)"),
         line("block_duration_s", "Block duration (seconds)"),
         {QStringLiteral("spoof_incident_severity"),
          QStringLiteral("Spoofing incident severity"),
          FormField::Kind::Choice,
          vocabulary::severityNames(),
          {},
          map.value(QStringLiteral("spoof_incident_severity"))},
         {QStringLiteral("alert_minimum_severity"),
          QStringLiteral("Alerts become incidents from"),
          FormField::Kind::Choice,
          vocabulary::severityNames(),
          {},
          map.value(QStringLiteral("alert_minimum_severity"))},
         line("trusted_proxy", "Trusted proxy (X-Forwarded-For honoured from)")},
        [this](const FormDialog::Values& v) -> std::optional<Error> {
            QHash<QString, QString> map;
            for (auto it = v.begin(); it != v.end(); ++it)
                map.insert(it.key(), it.value().trimmed());
            auto policy = WebhookPolicy::fromMap(map);
            if (!policy)
                return policy.error();
            if (auto saved = m_ctx.webhookActions().savePolicy(policy.value()); !saved)
                return saved.error();
            return std::nullopt;
        },
        this);
    return dialog;
}

} // namespace watchpost
