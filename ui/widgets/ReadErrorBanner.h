#pragma once
// ReadErrorBanner: the line a page shows when the store refused a read — what could not be read and why, in the
// error colour — so a failed read is never mistaken for an empty list or a zero. Hidden while reads succeed.
// Each read the page makes is a part ("deliveries", "timeline", …): a failed read shows under its part until a later
// read of that part succeeds, so one table's refresh never hides another's failure.

#include "models/core/Result.h"

#include <QLabel>
#include <QMap>

namespace watchpost {

class ReadErrorBanner : public QLabel
{
    Q_OBJECT
public:
    explicit ReadErrorBanner(QWidget* parent);

    // Records how the read of `part` went; true when it succeeded.
    template <typename T> bool note(const QString& part, const Result<T>& read)
    {
        setError(part, read ? QString() : read.error().message);
        return read.ok();
    }
    // The failure of `part` (an empty message: it reads again).
    void setError(const QString& part, const QString& message);
    QStringList errors() const { return m_errors.values(); }

private:
    void update();

    QMap<QString, QString> m_errors; // part → why its last read failed
};

} // namespace watchpost
