#include "ui/widgets/PageParts.h"

#include "models/core/DisplayText.h"
#include "models/core/StoreTableModel.h"
#include "ui/widgets/ProblemStyle.h"

#include "ui/shell/Theme.h"

#include <QAction>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>

namespace watchpost::parts {

QString when(const std::optional<QDateTime>& t)
{
    return display::when(t);
}

QString esc(const QString& s)
{
    return s.toHtmlEscaped();
}

QString htmlList(const QStringList& items)
{
    if (items.isEmpty())
        return {};
    QString html = QStringLiteral("<ul>");
    for (const QString& i : items)
        html += QStringLiteral("<li>%1</li>").arg(esc(i));
    return html + QStringLiteral("</ul>");
}

QPushButton* actionButton(QAction* action, const QString& objectName, QWidget* parent)
{
    auto* b = new QPushButton(parent);
    b->setObjectName(objectName);
    auto follow = [b, action] {
        b->setText(action->text());
        b->setIcon(action->icon());
        b->setToolTip(action->toolTip());
        b->setAccessibleName(QString(action->text()).remove(QLatin1Char('&')).remove(QStringLiteral("…")));
        b->setEnabled(action->isEnabled());
        b->setVisible(action->isVisible());
    };
    follow();
    QObject::connect(action, &QAction::changed, b, follow);
    QObject::connect(b, &QPushButton::clicked, action, &QAction::trigger);
    return b;
}

QString badColor()
{
    return Theme::slaColor(SlaState::Breached).name();
}

QString goodColor()
{
    return Theme::slaColor(SlaState::Met).name();
}

QTableView* view(const QString& name, StoreTableModel* model, QWidget* parent)
{
    auto* t = new QTableView(parent);
    t->setObjectName(name);
    auto* style = new ProblemStyle(t);
    style->setSourceModel(model);
    t->setModel(style);
    QObject::connect(model, &QAbstractItemModel::modelReset, t, [t] { t->resizeColumnsToContents(); });
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->horizontalHeader()->setStretchLastSection(true);
    t->setAlternatingRowColors(true);
    t->setWordWrap(false);
    t->verticalHeader()->setDefaultSectionSize(24);
    return t;
}

int selectedRow(const QTableView* view)
{
    const QModelIndexList rows = view->selectionModel() ? view->selectionModel()->selectedRows() : QModelIndexList{};
    return rows.isEmpty() ? -1 : rows.first().row();
}

void enableOnSelection(QPushButton* button, QTableView* view, const QString& why)
{
    const QString tip = button->toolTip();
    auto update = [button, view, tip, why] {
        const bool selected = view->selectionModel() && view->selectionModel()->hasSelection();
        button->setEnabled(selected);
        button->setToolTip(selected ? tip : why);
    };
    update();
    QObject::connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, button, update);
    QObject::connect(view->model(), &QAbstractItemModel::modelReset, button, update);
    QObject::connect(view->model(), &QAbstractItemModel::rowsRemoved, button, update);
}

QLabel* emptyState(QTableView* view, std::function<QString()> text, std::function<void(const QString&)> onLink)
{
    auto* label = new QLabel(view->viewport());
    label->setObjectName(view->objectName() + QStringLiteral("Empty"));
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignCenter);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    if (onLink)
        QObject::connect(label, &QLabel::linkActivated, label, onLink);
    auto update = [view, label, text] {
        const bool empty = view->model()->rowCount() == 0;
        if (empty) {
            label->setText(text());
            label->setGeometry(view->viewport()->rect().adjusted(12, 4, -12, -4));
        }
        label->setVisible(empty);
    };
    QObject::connect(view->model(), &QAbstractItemModel::modelReset, label, update);
    QObject::connect(view->model(), &QAbstractItemModel::rowsInserted, label, update);
    QObject::connect(view->model(), &QAbstractItemModel::rowsRemoved, label, update);
    // Follows the viewport's size.
    struct Resizer : QObject
    {
        std::function<void()> then;
        bool eventFilter(QObject*, QEvent* e) override
        {
            if (e->type() == QEvent::Resize)
                then();
            return false;
        }
    };
    auto* resizer = new Resizer;
    resizer->setParent(label);
    resizer->then = update;
    view->viewport()->installEventFilter(resizer);
    update();
    return label;
}

QPushButton* button(const QString& text, const QString& name, QWidget* parent)
{
    auto* b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setAccessibleName(QString(text).remove(QStringLiteral("…")));
    return b;
}

} // namespace watchpost::parts
