#include "ui/killswitch/KillSwitchBanner.h"

#include "ui/widgets/PageParts.h"

#include <QHBoxLayout>
#include <QLabel>

namespace watchpost {

using parts::esc;

KillSwitchBanner::KillSwitchBanner(const ConsoleContext& ctx, QWidget* parent)
    : QFrame(parent), m_ctx(ctx), m_label(new QLabel(this))
{
    setObjectName(QStringLiteral("killSwitchBanner"));
    setAccessibleName(QStringLiteral("Shipping kill switch"));
    m_label->setObjectName(QStringLiteral("killSwitchBannerText"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::RichText);
    m_label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    connect(m_label, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link.startsWith(QLatin1String("incident:")))
            Q_EMIT incidentRequested(link.mid(9));
    });
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(m_label, 1);
    hide();
    refresh();
}

QString KillSwitchBanner::text() const
{
    return isVisible() || !m_label->text().isEmpty() ? m_label->text() : QString();
}

void KillSwitchBanner::refresh()
{
    KillSwitchService& service = m_ctx.services->killSwitch();
    // The link in the banner's own text colour, bold and underlined: readable on amber and on red.
    auto link = [this](qint64 incidentId, const char* colour = "black") {
        const auto incident = incidentId ? m_ctx.incidents().get(incidentId) : Result<Incident>(Error::notFound({}));
        return incident ? QStringLiteral(" — <a href='incident:%1' style='color:%2; font-weight:bold'>%1</a>")
                              .arg(esc(incident->publicId), QLatin1String(colour))
                        : QString();
    };
    if (const auto held = service.held()) {
        setStyleSheet(QStringLiteral("#killSwitchBanner { background: #b3261e; } QLabel { color: white; }"));
        m_label->setText(
            QStringLiteral("<b>Shipping kill switch engaged — kill switch not persisted — unresolved high-severity "
                           "incident.</b> It holds in this process since %1 (%2) and is written as soon as the store "
                           "takes writes: %3%4")
                .arg(held->at.toLocalTime().toString(QStringLiteral("HH:mm:ss")), esc(held->scope.describe()),
                     esc(held->storeError.left(200)), link(held->incidentId.value_or(0), "white")));
        show();
        return;
    }
    const auto open = service.open();
    if (!open) { // a kill switch that cannot be read is not shown as off
        setStyleSheet(QStringLiteral("#killSwitchBanner { background: #b3261e; } QLabel { color: white; }"));
        m_label->setText(QStringLiteral("<b>The shipping kill switch cannot be read:</b> %1 — shipping decisions are "
                                        "refused meanwhile (fail closed).")
                             .arg(esc(open.error().message)));
        show();
        return;
    }
    if (!*open || !(*open)->activeAt(m_ctx.clock()->now())) {
        m_label->clear();
        hide();
        return;
    }
    const KillSwitchEngagement& e = **open;
    const auto blocked = service.blockedAttempts(e.id);
    int needsHand = 0;
    if (const auto levers = service.levers().forEngagement(e.id))
        for (const KillSwitchLever& l : *levers)
            needsHand += l.state == lever::kFailed || l.state == lever::kUnverified ? 1 : 0;
    setStyleSheet(QStringLiteral("#killSwitchBanner { background: #e8a33d; } QLabel { color: black; }"));
    m_label->setText(
        QStringLiteral("<b>Shipping kill switch engaged</b> since %1 by %2: %3 — %4 blocked attempt%5 so far%6%7%8")
            .arg(e.engagedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")), esc(e.engagedBy),
                 esc(e.scope.describe()), blocked ? QString::number(*blocked) : QStringLiteral("?"),
                 blocked && *blocked == 1 ? QString() : QStringLiteral("s"),
                 needsHand ? QStringLiteral(" — <b>partial: %1 GitHub lever%2 need%3 a manual step</b>")
                                 .arg(needsHand)
                                 .arg(needsHand == 1 ? "" : "s", needsHand == 1 ? "s" : "")
                           : QString(),
                 e.expiresAt ? QStringLiteral(" — until %1").arg(e.expiresAt->toLocalTime().toString("HH:mm"))
                             : QString(),
                 link(e.incidentId)));
    show();
}

} // namespace watchpost
