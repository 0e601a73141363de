#pragma once
// GracePeriod: how long a replaced secret (a rotated version, a hook's previous secret) may stay valid — from 0
// (refused at once) to 7 days. The one rule the console's dialogs, the REST API and the command line check.

#include <QString>
#include <optional>

namespace watchpost {

class GracePeriod
{
public:
    static constexpr qint64 kMaxSeconds = 7LL * 86400;
    // What is wrong with `seconds` as a grace period, or nothing when it is allowed.
    static std::optional<QString> problem(qint64 seconds)
    {
        if (seconds < 0 || seconds > kMaxSeconds)
            return QStringLiteral("the grace period is 0 to %1 seconds (7 days), not %2").arg(kMaxSeconds).arg(seconds);
        return std::nullopt;
    }
};

} // namespace watchpost
