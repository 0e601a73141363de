#include "ui/incidents/IncidentsPage.h"

#include "models/incidents/Vocabulary.h"
#include "ui/incidents/IncidentDialogs.h"
#include "ui/incidents/IncidentTableStyle.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace watchpost {

IncidentsPage::IncidentsPage(const ConsoleContext& ctx, QWidget* parent)
    : QWidget(parent), m_ctx(ctx), m_model(new IncidentTableModel(ctx.store(), ctx.clock(), this))
{
    setObjectName(QStringLiteral("incidentsPage"));
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(QStringLiteral("<h2>Incidents</h2>"), this);
    layout->addWidget(title);
    m_readError = new ReadErrorBanner(this);
    m_readError->setError(QStringLiteral("incidents"), m_model->readError());
    layout->addWidget(m_readError);
    connect(m_model, &StoreTableModel::readErrorChanged, m_readError,
            [this](const QString& message) { m_readError->setError(QStringLiteral("incidents"), message); });
    connect(m_model, &StoreTableModel::readErrorChanged, this, &IncidentsPage::updateCount);

    auto* bar = new QHBoxLayout;
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("incidentSearch"));
    m_search->setPlaceholderText(QStringLiteral("Search id, title, summary (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(QStringLiteral("Search incidents"));
    m_state = new QComboBox(this);
    m_state->setObjectName(QStringLiteral("stateFilter"));
    m_state->setAccessibleName(QStringLiteral("Filter by state"));
    m_state->addItem(QStringLiteral("All states"), QString());
    for (const QString& s : vocabulary::stateNames())
        m_state->addItem(vocabulary::stateLabel(*vocabulary::stateFromName(s)), s);
    m_severity = new QComboBox(this);
    m_severity->setObjectName(QStringLiteral("severityFilter"));
    m_severity->setAccessibleName(QStringLiteral("Filter by severity"));
    m_severity->addItem(QStringLiteral("All severities"), QString());
    for (const QString& s : vocabulary::severityNames())
        m_severity->addItem(vocabulary::severityLabel(*vocabulary::severityFromName(s)), s);
    auto* report = new QPushButton(QStringLiteral("Report incident…"), this);
    report->setObjectName(QStringLiteral("reportIncidentButton"));
    report->setShortcut(QKeySequence(QStringLiteral("Ctrl+N")));
    report->setToolTip(QStringLiteral("Report a new incident (Ctrl+N)"));
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("incidentCount"));
    bar->addWidget(m_search, 3);
    bar->addWidget(m_state, 1);
    bar->addWidget(m_severity, 1);
    bar->addWidget(m_count);
    bar->addStretch();
    bar->addWidget(report);
    layout->addLayout(bar);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("incidentTable"));
    m_view->setAccessibleName(QStringLiteral("Incidents"));
    auto* style = new IncidentTableStyle(this);
    style->setSourceModel(m_model);
    m_view->setModel(style);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(IncidentTableModel::PublicIdColumn, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(26);
    m_view->horizontalHeader()->setSectionResizeMode(IncidentTableModel::TitleColumn, QHeaderView::Stretch);
    m_view->setColumnWidth(IncidentTableModel::PublicIdColumn, 130);
    m_view->setColumnWidth(IncidentTableModel::SeverityColumn, 110);
    m_view->setColumnWidth(IncidentTableModel::StateColumn, 120);
    m_view->setColumnWidth(IncidentTableModel::AgeColumn, 80);
    m_view->setColumnWidth(IncidentTableModel::SlaColumn, 250);
    layout->addWidget(m_view, 1);

    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(200);
    connect(m_searchDelay, &QTimer::timeout, this, &IncidentsPage::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_state, &QComboBox::currentIndexChanged, this, &IncidentsPage::applyFilter);
    connect(m_severity, &QComboBox::currentIndexChanged, this, &IncidentsPage::applyFilter);
    connect(report, &QPushButton::clicked, this, &IncidentsPage::reportIncident);
    auto open = [this](const QModelIndex& index) {
        const qint64 id = index.data(IncidentTableModel::IncidentIdRole).toLongLong();
        const QString publicId = index.sibling(index.row(), IncidentTableModel::PublicIdColumn).data().toString();
        if (id)
            Q_EMIT openRoute(QStringLiteral("/incidents/%1").arg(publicId));
    };
    connect(m_view, &QTableView::activated, this, open);
    connect(m_view, &QTableView::doubleClicked, this, open);
    connect(m_model, &QAbstractItemModel::modelReset, this, &IncidentsPage::updateCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &IncidentsPage::updateCount);

    auto* find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, m_search, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    addAction(find);

    // Ages and SLA clocks move with time.
    auto* tick = new QTimer(this);
    tick->setInterval(1000);
    connect(tick, &QTimer::timeout, m_model, &IncidentTableModel::tick);
    tick->start();
    updateCount();
}

void IncidentsPage::applyFilter()
{
    IncidentFilter f;
    const QString state = m_state->currentData().toString();
    if (!state.isEmpty())
        f.state = vocabulary::stateFromName(state);
    if (const QString severity = m_severity->currentData().toString(); !severity.isEmpty())
        f.severity = vocabulary::severityFromName(severity);
    f.text = m_search->text();
    m_model->setFilter(f);
    updateCount();
}

void IncidentsPage::updateCount()
{
    if (!m_model->readError().isEmpty()) { // a count the store could not give is not "0 incidents"
        m_count->setText(QStringLiteral("count unavailable"));
        return;
    }
    m_count->setText(
        QStringLiteral("%1 incident%2").arg(m_model->matchingCount()).arg(m_model->matchingCount() == 1 ? "" : "s"));
}

void IncidentsPage::refresh()
{
    m_model->refresh();
    updateCount();
}

void IncidentsPage::reportIncident()
{
    auto* dialog = IncidentDialogs::report(m_ctx, this, [this](qint64 id) {
        if (auto i = m_ctx.incidents().incidents().load(id, false); i && i->has_value())
            QTimer::singleShot(0, this, [this, publicId = (*i)->publicId] {
                Q_EMIT openRoute(QStringLiteral("/incidents/%1").arg(publicId));
            });
    });
    dialog->open();
}

} // namespace watchpost
