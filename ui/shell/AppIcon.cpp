#include "ui/shell/AppIcon.h"

#include <QPainter>
#include <QPixmap>

namespace watchpost {

QIcon AppIcon::icon()
{
    return QIcon(QStringLiteral(":/icons/watchpost.svg"));
}

QIcon AppIcon::withCount(int count)
{
    if (count <= 0)
        return icon();
    QIcon out;
    for (int size : {16, 22, 32, 48, 64}) {
        QPixmap pixmap = icon().pixmap(size, size);
        if (pixmap.isNull()) {
            pixmap = QPixmap(size, size);
            pixmap.fill(Qt::transparent);
        }
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        const QString text = count > 99 ? QStringLiteral("99+") : QString::number(count);
        const int badge = size * 5 / 8;
        const QRect r(size - badge, 0, badge, badge);
        p.setBrush(QColor(0xb3, 0x12, 0x1f));
        p.setPen(Qt::NoPen);
        p.drawEllipse(r);
        QFont f = p.font();
        f.setBold(true);
        f.setPixelSize(std::max(6, badge * (text.size() > 2 ? 4 : 6) / 10));
        p.setFont(f);
        p.setPen(Qt::white);
        p.drawText(r, Qt::AlignCenter, text);
        p.end();
        out.addPixmap(pixmap);
    }
    return out;
}

} // namespace watchpost
