#pragma once
// PagedTableModel: the base of the tables too long to load at once (the incident list, a timeline). It owns the
// rows fetched so far and how many there are in all, and fetch-more and append: a subclass says how to read the
// next page (`readPage`) and how to show a row. Views fetch more as they scroll (canFetchMore/fetchMore). A page
// the store refuses to read stops the fetching and is reported as the model's read error (StoreTableModel).

#include "models/core/StoreTableModel.h"

#include <QList>

namespace watchpost {

template <typename Row> class PagedTableModel : public StoreTableModel
{
public:
    using StoreTableModel::StoreTableModel;

    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }
    bool canFetchMore(const QModelIndex& parent) const override
    {
        return !m_announcing && !parent.isValid() && hasSource() && m_rows.size() < m_total;
    }
    void fetchMore(const QModelIndex& parent) override
    {
        if (!canFetchMore(parent))
            return;
        const Result<QList<Row>> read = readPage(m_rows);
        if (!read) {
            m_total = int(m_rows.size()); // no more fetching until the next reset
            readFailed(read.error());
            return;
        }
        readSucceeded();
        const QList<Row>& more = *read;
        if (more.isEmpty()) {
            m_total = int(m_rows.size()); // fewer than counted: the count was stale
            return;
        }
        append(more);
    }
    // Rows fetched so far / in all.
    int fetchedRows() const { return int(m_rows.size()); }
    int totalRows() const { return m_total; }

protected:
    // The page after `fetched` (the rows already shown), in the model's order.
    virtual Result<QList<Row>> readPage(const QList<Row>& fetched) const = 0;
    // False when there is nothing to read from (no incident chosen).
    virtual bool hasSource() const { return true; }

    // Appends rows at the end, announced to views.
    void append(const QList<Row>& rows)
    {
        if (rows.isEmpty())
            return;
        m_announcing = true;
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size() - 1));
        m_rows += rows;
        m_total = qMax<int>(m_total, int(m_rows.size()));
        endInsertRows();
        m_announcing = false;
    }
    // Replaces every row (and the count), announced as a reset.
    void resetRows(QList<Row> rows, int total)
    {
        m_announcing = true;
        beginResetModel();
        m_rows = std::move(rows);
        m_total = total;
        endResetModel();
        m_announcing = false;
    }
    const QList<Row>& rows() const { return m_rows; }
    // Replaces rows in place (same rows, fresher values) or the count alone; the caller announces the change.
    void replaceRows(QList<Row> rows) { m_rows = std::move(rows); }
    void setTotal(int total) { m_total = total; }
    bool announcing() const { return m_announcing; }
    void setAnnouncing(bool on) { m_announcing = on; }

private:
    QList<Row> m_rows;
    int m_total = 0;
    // True while a reset or insertion is being announced: a slot that asks for more rows then would nest one
    // insertion inside another.
    bool m_announcing = false;
};

} // namespace watchpost
