#pragma once
// DisplayText: how times read in the console's tables and reports (UTC, to the second), written once for the item
// models in models/ and the pages in ui/.

#include <QDateTime>
#include <optional>

namespace watchpost::display {

inline QString when(const std::optional<QDateTime>& t)
{
    return t ? t->toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")) : QStringLiteral("—");
}

} // namespace watchpost::display
