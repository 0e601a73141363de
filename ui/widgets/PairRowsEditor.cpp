#include "ui/widgets/PairRowsEditor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace watchpost {

PairRowsEditor::PairRowsEditor(const QStringList& kinds, const QStringList& labels, const QString& valuePlaceholder,
                               QWidget* parent)
    : QWidget(parent), m_kinds(kinds), m_labels(labels), m_placeholder(valuePlaceholder)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_rows = new QVBoxLayout;
    m_rows->setSpacing(2);
    layout->addLayout(m_rows);
    auto* add = new QPushButton(QStringLiteral("Add row"), this);
    add->setObjectName(QStringLiteral("addRowButton"));
    add->setAccessibleName(QStringLiteral("Add row"));
    connect(add, &QPushButton::clicked, this, [this] {
        if (QWidget* value = addRow())
            value->setFocus();
    });
    layout->addWidget(add, 0, Qt::AlignLeft);
}

QWidget* PairRowsEditor::addRow(const QString& kind, const QString& value)
{
    auto* row = new QWidget(this);
    row->setObjectName(QStringLiteral("pairRow"));
    auto* l = new QHBoxLayout(row);
    l->setContentsMargins(0, 0, 0, 0);
    auto* kindBox = new QComboBox(row);
    kindBox->setObjectName(QStringLiteral("pairKind"));
    kindBox->setAccessibleName(accessibleName() + QStringLiteral(": kind"));
    for (int i = 0; i < m_kinds.size(); ++i)
        kindBox->addItem(m_labels.value(i, m_kinds.at(i)), m_kinds.at(i));
    if (const int at = kindBox->findData(kind); at >= 0)
        kindBox->setCurrentIndex(at);
    auto* valueEdit = new QLineEdit(value, row);
    valueEdit->setObjectName(QStringLiteral("pairValue"));
    valueEdit->setAccessibleName(accessibleName() + QStringLiteral(": value"));
    valueEdit->setPlaceholderText(m_placeholder);
    auto* remove = new QToolButton(row);
    remove->setObjectName(QStringLiteral("removeRowButton"));
    remove->setText(QStringLiteral("✕"));
    remove->setToolTip(QStringLiteral("Remove this row"));
    remove->setAccessibleName(QStringLiteral("Remove row"));
    l->addWidget(kindBox);
    l->addWidget(valueEdit, 1);
    l->addWidget(remove);
    m_rows->addWidget(row);
    connect(kindBox, &QComboBox::currentIndexChanged, this, &PairRowsEditor::changed);
    connect(valueEdit, &QLineEdit::textChanged, this, &PairRowsEditor::changed);
    connect(remove, &QToolButton::clicked, this, [this, row] {
        row->hide();
        row->deleteLater();
        m_rows->removeWidget(row);
        Q_EMIT changed();
    });
    Q_EMIT changed();
    return valueEdit;
}

int PairRowsEditor::rowCount() const
{
    return m_rows->count();
}

QString PairRowsEditor::text() const
{
    QStringList lines;
    for (int i = 0; i < m_rows->count(); ++i) {
        QWidget* row = m_rows->itemAt(i)->widget();
        const auto* kind = row->findChild<QComboBox*>(QStringLiteral("pairKind"));
        const auto* value = row->findChild<QLineEdit*>(QStringLiteral("pairValue"));
        if (!value->text().trimmed().isEmpty())
            lines << QStringLiteral("%1: %2").arg(kind->currentData().toString(), value->text().trimmed());
    }
    return lines.join(QLatin1Char('\n'));
}

void PairRowsEditor::setText(const QString& text)
{
    while (m_rows->count()) {
        QWidget* row = m_rows->takeAt(0)->widget();
        row->hide();
        row->deleteLater();
    }
    for (const QString& line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        addRow(line.left(colon).trimmed(), line.mid(colon + 1).trimmed());
    }
}

} // namespace watchpost
