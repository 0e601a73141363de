#pragma once
// StoreTableModel: the base of every table model whose rows come from the store. A read the store refuses is not
// shown as an empty table: the model keeps its message (readError()) and announces it (readErrorChanged), and its
// page shows it beside the table until a later read succeeds (then the message is empty again).

#include "models/core/Result.h"

#include <QAbstractTableModel>

namespace watchpost {

class StoreTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;
    // True for a cell that shows a problem (a revoked credential, a failed rotation, a blocked source); the console
    // colours it, the model holds no colours.
    static constexpr int ProblemRole = Qt::UserRole + 100;

    // Why the last read failed; empty when it succeeded.
    QString readError() const { return m_readError; }

Q_SIGNALS:
    void readErrorChanged(const QString& message);

protected:
    void readFailed(const Error& error) { setReadError(error.message); }
    void readSucceeded() { setReadError({}); }

private:
    void setReadError(const QString& message)
    {
        if (message == m_readError)
            return;
        m_readError = message;
        Q_EMIT readErrorChanged(m_readError);
    }

    QString m_readError;
};

} // namespace watchpost
