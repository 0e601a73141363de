#pragma once
// PairRowsEditor: rows of (kind, value) — an incident's impacted assets or its IOCs — each a choice with human
// labels and a one-line value, with "Add" and a remove button per row. Its text is "kind: value" per line, the form
// the report's parser reads.

#include <QWidget>

class QVBoxLayout;

namespace watchpost {

class PairRowsEditor : public QWidget
{
    Q_OBJECT
public:
    PairRowsEditor(const QStringList& kinds, const QStringList& labels, const QString& valuePlaceholder,
                   QWidget* parent = nullptr);

    QString text() const;
    void setText(const QString& text);
    int rowCount() const;
    // Adds a row (kind preselected when given) and returns its value editor.
    QWidget* addRow(const QString& kind = {}, const QString& value = {});

Q_SIGNALS:
    void changed();

private:
    QStringList m_kinds;
    QStringList m_labels;
    QString m_placeholder;
    QVBoxLayout* m_rows;
};

} // namespace watchpost
