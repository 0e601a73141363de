#include "ui/incidents/IncidentsPage.h"

#include "models/incidents/Vocabulary.h"
#include "ui/incidents/IncidentDialogs.h"
#include "ui/incidents/IncidentTableStyle.h"
#include "ui/widgets/PageParts.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
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
    m_state->addItem(QStringLiteral("Open"), QStringLiteral("open"));
    m_state->addItem(QStringLiteral("All states"), QString());
    for (const QString& s : vocabulary::stateNames())
        m_state->addItem(vocabulary::stateLabel(*vocabulary::stateFromName(s)), s);
    m_severity = new QComboBox(this);
    m_severity->setObjectName(QStringLiteral("severityFilter"));
    m_severity->setAccessibleName(QStringLiteral("Filter by severity"));
    m_severity->addItem(QStringLiteral("All severities"), QString());
    for (const QString& s : vocabulary::severityNames())
        m_severity->addItem(vocabulary::severityLabel(*vocabulary::severityFromName(s)), s);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("incidentCount"));
    bar->addWidget(m_search, 3);
    bar->addWidget(m_state, 1);
    bar->addWidget(m_severity, 1);
    bar->addWidget(m_count);
    bar->addStretch();
    m_bar = bar;
    layout->addLayout(bar);
    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("incidentsEmpty"));
    m_empty->setWordWrap(true);
    m_empty->hide();
    connect(m_empty, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link == QLatin1String("clear"))
            clearFilters();
        else if (link == QLatin1String("report"))
            reportIncident();
    });
    layout->addWidget(m_empty);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("incidentTable"));
    m_view->setAccessibleName(QStringLiteral("Incidents"));
    m_style = new IncidentTableStyle(this);
    m_style->setSourceModel(m_model);
    m_view->setModel(m_style);
    m_view->setSortingEnabled(true);
    // What needs a person first: open incidents, the soonest SLA deadline on top.
    m_view->sortByColumn(IncidentTableModel::SlaColumn, Qt::AscendingOrder);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(26);
    m_view->horizontalHeader()->setSectionResizeMode(IncidentTableModel::TitleColumn, QHeaderView::Stretch);
    m_view->setColumnWidth(IncidentTableModel::PublicIdColumn, 120);
    m_view->setColumnWidth(IncidentTableModel::SeverityColumn, 95);
    m_view->setColumnWidth(IncidentTableModel::StateColumn, 105);
    m_view->setColumnWidth(IncidentTableModel::AgeColumn, 60);
    m_view->setColumnWidth(IncidentTableModel::SlaColumn, 210);
    layout->addWidget(m_view, 1);

    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(200);
    connect(m_searchDelay, &QTimer::timeout, this, &IncidentsPage::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_state, &QComboBox::currentIndexChanged, this, &IncidentsPage::applyFilter);
    connect(m_severity, &QComboBox::currentIndexChanged, this, &IncidentsPage::applyFilter);
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
    auto* clearSearch = new QShortcut(QKeySequence(Qt::Key_Escape), m_search, nullptr, nullptr, Qt::WidgetShortcut);
    connect(clearSearch, &QShortcut::activated, m_search, &QLineEdit::clear);
    m_highlightEnd = new QTimer(this);
    m_highlightEnd->setSingleShot(true);
    m_highlightEnd->setInterval(5000);
    connect(m_highlightEnd, &QTimer::timeout, this, [this] { m_style->highlight(0); });
    const int openIndex = m_state->findData(QStringLiteral("open"));
    m_state->setCurrentIndex(openIndex);

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
    if (state == QLatin1String("open"))
        f.openOnly = true;
    else if (!state.isEmpty())
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
    const int n = m_model->matchingCount();
    m_count->setText(QStringLiteral("%1 incident%2").arg(n).arg(n == 1 ? "" : "s"));
    const bool filtered = !m_search->text().isEmpty() || m_severity->currentIndex() > 0 ||
                          m_state->currentData().toString() != QLatin1String("open");
    if (n == 0) {
        if (!m_search->text().trimmed().isEmpty())
            m_empty->setText(QStringLiteral("No incidents match “%1” — <a href='clear'>Clear filters</a>")
                                 .arg(m_search->text().trimmed().toHtmlEscaped()));
        else if (filtered)
            m_empty->setText(QStringLiteral("No incidents match these filters — <a href='clear'>Clear filters</a>"));
        else
            m_empty->setText(QStringLiteral("No open incidents — <a href='report'>Report one</a> (Ctrl+N), or see "
                                            "closed ones under <a href='clear'>All states</a>."));
    }
    m_empty->setVisible(n == 0);
}

void IncidentsPage::clearFilters()
{
    const QSignalBlocker a(m_search), b(m_state), c(m_severity);
    m_search->clear();
    m_severity->setCurrentIndex(0);
    m_state->setCurrentIndex(m_state->findData(QString())); // every incident, closed ones included
    applyFilter();
}

void IncidentsPage::highlight(qint64 incidentId)
{
    m_style->highlight(incidentId);
    m_highlightEnd->start();
}

void IncidentsPage::setReportAction(QAction* report)
{
    m_bar->addWidget(parts::actionButton(report, QStringLiteral("reportIncidentButton"), this));
}

void IncidentsPage::saveState(QSettings& settings) const
{
    settings.setValue(QStringLiteral("incidents/header"), m_view->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("incidents/state"), m_state->currentData().toString());
    settings.setValue(QStringLiteral("incidents/severity"), m_severity->currentData().toString());
    settings.setValue(QStringLiteral("incidents/search"), m_search->text());
}

void IncidentsPage::restoreState(QSettings& settings)
{
    if (settings.contains(QStringLiteral("incidents/header"))) {
        m_view->horizontalHeader()->restoreState(settings.value(QStringLiteral("incidents/header")).toByteArray());
        // The restored sort indicator is the sort: the model reads in that order.
        m_view->sortByColumn(m_view->horizontalHeader()->sortIndicatorSection(),
                             m_view->horizontalHeader()->sortIndicatorOrder());
    }
    const QSignalBlocker a(m_search), b(m_state), c(m_severity);
    if (const int at = m_state->findData(settings.value(QStringLiteral("incidents/state"), QStringLiteral("open")));
        at >= 0)
        m_state->setCurrentIndex(at);
    if (const int at = m_severity->findData(settings.value(QStringLiteral("incidents/severity"), QString())); at >= 0)
        m_severity->setCurrentIndex(at);
    m_search->setText(settings.value(QStringLiteral("incidents/search")).toString());
    applyFilter();
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
