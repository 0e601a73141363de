#pragma once
// SqlValues: how optional times and numbers travel to and from nullable SQL columns (milliseconds since the epoch,
// UTC), the same way in every store class.

#include <QDateTime>
#include <QVariant>
#include <optional>

namespace watchpost::sql {

inline std::optional<QDateTime> optionalTime(const QVariant& v)
{
    if (v.isNull())
        return std::nullopt;
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

inline QVariant nullableMs(std::optional<qint64> ms)
{
    return ms ? QVariant(*ms) : QVariant(QMetaType(QMetaType::LongLong));
}

inline QVariant nullableMs(const std::optional<QDateTime>& t)
{
    return t ? QVariant(t->toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

// A LIKE pattern (for `LIKE ? ESCAPE '\'`) that matches `text` anywhere, its own %, _ and \ taken literally;
// NULL ("any") for text that is empty once trimmed.
inline QVariant containing(const QString& text)
{
    QString t = text.trimmed();
    if (t.isEmpty())
        return QVariant(QMetaType(QMetaType::QString));
    t.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('%'), QLatin1String("\\%"))
        .replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QString(QLatin1Char('%') + t + QLatin1Char('%'));
}

} // namespace watchpost::sql
