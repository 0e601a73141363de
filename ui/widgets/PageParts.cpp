#include "ui/widgets/PageParts.h"

#include "ui/shell/Theme.h"

#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>

namespace watchpost::parts {

QString when(const std::optional<QDateTime>& t)
{
    return t ? t->toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")) : QStringLiteral("—");
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

QString badColor()
{
    return Theme::slaColor(SlaState::Breached).name();
}

QString goodColor()
{
    return Theme::slaColor(SlaState::Met).name();
}

QTableWidget* table(const QString& name, const QStringList& headers, QWidget* parent)
{
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
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

void fill(QTableWidget* t, int row, const QStringList& cells)
{
    for (int c = 0; c < cells.size(); ++c)
        t->setItem(row, c, new QTableWidgetItem(cells.at(c)));
}

QPushButton* button(const QString& text, const QString& name, QWidget* parent)
{
    auto* b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setAccessibleName(QString(text).remove(QStringLiteral("…")));
    return b;
}

} // namespace watchpost::parts
