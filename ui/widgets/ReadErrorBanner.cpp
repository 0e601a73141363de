#include "ui/widgets/ReadErrorBanner.h"

#include "ui/widgets/PageParts.h"

namespace watchpost {

ReadErrorBanner::ReadErrorBanner(QWidget* parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("readError"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setAccessibleName(QStringLiteral("Store read error"));
    hide();
}

void ReadErrorBanner::setError(const QString& part, const QString& message)
{
    if (message.isEmpty() ? m_errors.remove(part) == 0 : m_errors.value(part) == message)
        return;
    if (!message.isEmpty())
        m_errors.insert(part, message);
    update();
}

void ReadErrorBanner::update()
{
    if (m_errors.isEmpty()) {
        clear();
        hide();
        return;
    }
    QStringList lines;
    for (const QString& e : std::as_const(m_errors))
        lines << parts::esc(e);
    setText(QStringLiteral("<span style='color:%1'><b>✖ The store refused a read; what is shown here is incomplete."
                           "</b><br>%2</span>")
                .arg(parts::badColor(), lines.join(QStringLiteral("<br>"))));
    show();
}

} // namespace watchpost
