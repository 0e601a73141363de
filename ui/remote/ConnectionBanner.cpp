#include "ui/remote/ConnectionBanner.h"

#include "ui/widgets/PageParts.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextDocumentFragment>

namespace watchpost {

ConnectionBanner::ConnectionBanner(std::shared_ptr<RemoteLink> link, QWidget* parent)
    : QFrame(parent), m_link(std::move(link))
{
    setObjectName(QStringLiteral("connectionBanner"));
    setFrameShape(QFrame::StyledPanel);
    auto* l = new QHBoxLayout(this);
    l->setContentsMargins(10, 6, 10, 6);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("connectionBannerText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    l->addWidget(m_text, 1);
    m_retry = new QPushButton(QStringLiteral("Try again now"), this);
    m_retry->setObjectName(QStringLiteral("connectionRetry"));
    m_retry->setAccessibleName(QStringLiteral("Try the server again now"));
    connect(m_retry, &QPushButton::clicked, this, [this] { m_link->reconnect(); });
    l->addWidget(m_retry);
    setAccessibleName(QStringLiteral("Server connection"));
    connect(m_link.get(), &RemoteLink::stateChanged, this, &ConnectionBanner::update);
    update();
}

QString ConnectionBanner::text() const
{
    return isHidden() ? QString() : QTextDocumentFragment::fromHtml(m_text->text()).toPlainText();
}

void ConnectionBanner::update()
{
    const LinkState s = m_link->state();
    QStringList parts;
    if (!s.alarms.isEmpty()) {
        QStringList records;
        for (const SyncAlarm& a : s.alarms.mid(0, 5))
            records << parts::esc(a.describe());
        if (s.alarms.size() > 5)
            records << QStringLiteral("… and %1 more").arg(s.alarms.size() - 5);
        parts << QStringLiteral("<span style='color:%1'><b>✖ Server history changed: %2 record(s) this replica "
                                "already held differ on the server.</b> The replica keeps its copy as evidence.<br>%3"
                                "</span>")
                     .arg(parts::badColor())
                     .arg(s.alarms.size())
                     .arg(records.join(QStringLiteral("<br>")));
    }
    if (s.status == LinkState::Status::Offline)
        parts << QStringLiteral("<b>⚠ %1</b><br>Actions are refused until the server is back; none is kept to "
                                "send later.")
                     .arg(parts::esc(s.describe()));
    else if (s.status == LinkState::Status::Connecting)
        parts << parts::esc(s.describe());
    m_retry->setVisible(s.status == LinkState::Status::Offline);
    m_text->setText(parts.join(QStringLiteral("<br>")));
    setVisible(!parts.isEmpty());
}

} // namespace watchpost
