#pragma once
// RowTableModel: a read-only table whose rows are read from the store in one go — the lists short enough for that
// (credentials, sessions, secrets, hooks, follow-ups, a capped audit or delivery page). A subclass reads its rows
// (`read()`) and gives its columns; the base owns the rows, the reset, the lookup by row, and the read error
// (StoreTableModel): a read the store refuses empties the table and is announced, never shown as "no rows".
//
// Cells that show a problem (a revoked credential, a failed rotation, a blocked source) answer ProblemRole with true;
// the console colours them (ui/widgets/ProblemStyle), the model holds no colours.

#include "models/core/StoreTableModel.h"

#include <QList>
#include <QVariant>
#include <functional>

namespace watchpost {

template <typename Row> class RowTableModel : public StoreTableModel
{
public:
    struct Column
    {
        Column(QString h, std::function<QVariant(const Row&)> d, std::function<bool(const Row&)> p = nullptr)
            : header(std::move(h)), display(std::move(d)), problem(std::move(p))
        {
        }
        QString header;
        std::function<QVariant(const Row&)> display;
        std::function<bool(const Row&)> problem; // when set and true, this cell shows a problem
    };

    explicit RowTableModel(QList<Column> columns, QObject* parent = nullptr)
        : StoreTableModel(parent), m_columns(std::move(columns))
    {
    }

    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }
    int columnCount(const QModelIndex& parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_columns.size());
    }
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return {};
        const Row& row = m_rows.at(index.row());
        const Column& column = m_columns.at(index.column());
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return column.display(row);
        if (role == ProblemRole)
            return column.problem ? column.problem(row) : false;
        return {};
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override
    {
        if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < m_columns.size())
            return m_columns.at(section).header;
        return QAbstractTableModel::headerData(section, orientation, role);
    }

    const QList<Row>& rows() const { return m_rows; }
    const Row* rowAt(int row) const { return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr; }

    // Reads every row again (announced as a reset).
    void reload()
    {
        Result<QList<Row>> read = readRows();
        beginResetModel();
        m_rows = read ? std::move(*read) : QList<Row>{};
        endResetModel();
        if (read)
            readSucceeded();
        else
            readFailed(read.error());
    }

protected:
    virtual Result<QList<Row>> readRows() const = 0;

private:
    QList<Column> m_columns;
    QList<Row> m_rows;
};

} // namespace watchpost
