#pragma once
// AppIcon: Watchpost's application icon, and the same icon with a count badge for the tray.

#include <QIcon>

namespace watchpost {

class AppIcon
{
public:
    static QIcon icon();
    // The icon with `count` in a badge (none for 0), as the tray shows the unacknowledged incidents.
    static QIcon withCount(int count);
};

} // namespace watchpost
