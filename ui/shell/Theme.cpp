#include "ui/shell/Theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <cmath>

namespace watchpost {
namespace {
Theme::Mode g_mode = Theme::Mode::Dark;
bool dark()
{
    return g_mode == Theme::Mode::Dark;
}
struct Backgrounds
{
    QColor window, base, alternate, button, highlight;
};
Backgrounds backgrounds(Theme::Mode mode)
{
    if (mode == Theme::Mode::Dark)
        return {QColor(0x1f, 0x23, 0x28), QColor(0x16, 0x19, 0x1d), QColor(0x1c, 0x20, 0x25), QColor(0x2a, 0x2f, 0x36),
                QColor(0x25, 0x63, 0xa8)};
    return {QColor(0xf3, 0xf4, 0xf6), QColor(0xff, 0xff, 0xff), QColor(0xf6, 0xf7, 0xf9), QColor(0xe4, 0xe7, 0xeb),
            QColor(0x1a, 0x56, 0xa0)};
}
QColor text(Theme::Mode mode)
{
    return mode == Theme::Mode::Dark ? QColor(0xe6, 0xe8, 0xeb) : QColor(0x1b, 0x1f, 0x24);
}
} // namespace

ThemeSignals* ThemeSignals::instance()
{
    static ThemeSignals* signals = new ThemeSignals; // lives as long as the application
    return signals;
}

void Theme::apply(QApplication& app, Mode mode)
{
    g_mode = mode;
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const Backgrounds b = backgrounds(mode);
    const QColor fg = text(mode);
    QPalette p;
    p.setColor(QPalette::Window, b.window);
    p.setColor(QPalette::WindowText, fg);
    p.setColor(QPalette::Base, b.base);
    p.setColor(QPalette::AlternateBase, b.alternate);
    p.setColor(QPalette::ToolTipBase, b.button);
    p.setColor(QPalette::ToolTipText, fg);
    p.setColor(QPalette::Text, fg);
    p.setColor(QPalette::Button, b.button);
    p.setColor(QPalette::ButtonText, fg);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, b.highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, linkColor());
    p.setColor(QPalette::LinkVisited, linkColor());
    p.setColor(QPalette::PlaceholderText, mutedColor());
    const QColor disabled = mode == Mode::Dark ? QColor(0x80, 0x88, 0x91) : QColor(0x6b, 0x72, 0x7a);
    for (QPalette::ColorRole role : {QPalette::Text, QPalette::ButtonText, QPalette::WindowText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Light, b.button.lighter(130));
    p.setColor(QPalette::Mid, b.button.darker(130));
    p.setColor(QPalette::Dark, b.button.darker(160));
    app.setPalette(p);
    Q_EMIT ThemeSignals::instance()->changed();
}

Theme::Mode Theme::current()
{
    return g_mode;
}

void Theme::toggle(QApplication& app)
{
    apply(app, g_mode == Mode::Dark ? Mode::Light : Mode::Dark);
}

QString Theme::modeName(Mode mode)
{
    return mode == Mode::Dark ? QStringLiteral("dark") : QStringLiteral("light");
}

std::optional<Theme::Mode> Theme::modeFromName(const QString& name)
{
    if (name == QLatin1String("dark"))
        return Mode::Dark;
    if (name == QLatin1String("light"))
        return Mode::Light;
    return std::nullopt;
}

// Severity: red, orange, olive-yellow, blue; SLA: red, violet, neutral, green — so "High" and "at risk" never look
// alike, and each hue differs in lightness as well.
QColor Theme::severityColor(Severity s)
{
    switch (s) {
    case Severity::Critical:
        return dark() ? QColor(0xff, 0x7b, 0x7b) : QColor(0xb3, 0x12, 0x1f);
    case Severity::High:
        return dark() ? QColor(0xff, 0x8c, 0x42) : QColor(0x9c, 0x4f, 0x00);
    case Severity::Medium:
        return dark() ? QColor(0xe8, 0xdc, 0x5a) : QColor(0x5c, 0x5a, 0x00);
    case Severity::Low:
        return dark() ? QColor(0x8f, 0xc1, 0xff) : QColor(0x1a, 0x56, 0xa0);
    }
    return {};
}

QString Theme::severityGlyph(Severity s)
{
    switch (s) {
    case Severity::Critical:
        return QStringLiteral("▲▲");
    case Severity::High:
        return QStringLiteral("▲");
    case Severity::Medium:
        return QStringLiteral("■");
    case Severity::Low:
        return QStringLiteral("▼");
    }
    return {};
}

QColor Theme::slaColor(SlaState s)
{
    switch (s) {
    case SlaState::Breached:
        return dark() ? QColor(0xff, 0x7b, 0x7b) : QColor(0xb3, 0x12, 0x1f);
    case SlaState::AtRisk:
        return dark() ? QColor(0xd2, 0xa8, 0xff) : QColor(0x8a, 0x2f, 0x8a);
    case SlaState::OnTrack:
        return dark() ? QColor(0xc9, 0xd1, 0xd9) : QColor(0x30, 0x36, 0x3d);
    case SlaState::Met:
        return goodColor();
    }
    return {};
}

QString Theme::slaGlyph(SlaState s)
{
    switch (s) {
    case SlaState::Breached:
        return QStringLiteral("✖");
    case SlaState::AtRisk:
        return QStringLiteral("!");
    case SlaState::OnTrack:
        return QStringLiteral("●");
    case SlaState::Met:
        return QStringLiteral("✓");
    }
    return {};
}

QColor Theme::mutedColor()
{
    return dark() ? QColor(0x9a, 0xa3, 0xad) : QColor(0x5f, 0x66, 0x70);
}

QColor Theme::errorColor()
{
    return slaColor(SlaState::Breached);
}

QColor Theme::goodColor()
{
    return dark() ? QColor(0x7e, 0xe7, 0x87) : QColor(0x17, 0x70, 0x3a);
}

QColor Theme::linkColor()
{
    return dark() ? QColor(0x79, 0xb8, 0xff) : QColor(0x0b, 0x57, 0xd0);
}

QString Theme::primaryButtonStyle()
{
    const QColor bg = backgrounds(g_mode).highlight;
    return QStringLiteral("QPushButton { background: %1; color: white; font-weight: bold; border: 1px solid %2;"
                          " border-radius: 3px; padding: 5px 14px; }"
                          "QPushButton:hover { background: %3; }"
                          "QPushButton:disabled { background: %4; color: %5; border-color: %4; }")
        .arg(bg.name(), bg.darker(130).name(), bg.lighter(115).name(), backgrounds(g_mode).button.name(),
             mutedColor().name());
}

QString Theme::destructiveButtonStyle()
{
    const QColor bg(0xb3, 0x12, 0x1f);
    return QStringLiteral("QPushButton { background: %1; color: white; border: 1px solid %2; border-radius: 3px;"
                          " padding: 5px 14px; }"
                          "QPushButton:hover { background: %3; }"
                          "QPushButton:disabled { background: %4; color: %5; border-color: %4; }")
        .arg(bg.name(), bg.darker(130).name(), bg.lighter(115).name(), backgrounds(g_mode).button.name(),
             mutedColor().name());
}

QList<Theme::Pair> Theme::textPairs()
{
    const Backgrounds b = backgrounds(g_mode);
    QList<Pair> out;
    const QList<std::pair<QString, QColor>> colours{
        {QStringLiteral("text"), text(g_mode)},
        {QStringLiteral("link"), linkColor()},
        {QStringLiteral("muted"), mutedColor()},
        {QStringLiteral("error"), errorColor()},
        {QStringLiteral("good"), goodColor()},
        {QStringLiteral("critical"), severityColor(Severity::Critical)},
        {QStringLiteral("high"), severityColor(Severity::High)},
        {QStringLiteral("medium"), severityColor(Severity::Medium)},
        {QStringLiteral("low"), severityColor(Severity::Low)},
        {QStringLiteral("breached"), slaColor(SlaState::Breached)},
        {QStringLiteral("at risk"), slaColor(SlaState::AtRisk)},
        {QStringLiteral("on track"), slaColor(SlaState::OnTrack)},
        {QStringLiteral("met"), slaColor(SlaState::Met)},
    };
    for (const auto& [what, colour] : colours)
        for (const auto& [where, bg] : QList<std::pair<QString, QColor>>{{QStringLiteral("window"), b.window},
                                                                         {QStringLiteral("base"), b.base},
                                                                         {QStringLiteral("alternate row"), b.alternate},
                                                                         {QStringLiteral("button"), b.button}})
            out.append({what + QStringLiteral(" on ") + where, colour, bg});
    out.append({QStringLiteral("selected text"), Qt::white, b.highlight});
    out.append({QStringLiteral("primary button"), Qt::white, b.highlight});
    out.append({QStringLiteral("destructive button"), Qt::white, QColor(0xb3, 0x12, 0x1f)});
    return out;
}

double Theme::contrast(const QColor& a, const QColor& b)
{
    auto luminance = [](const QColor& c) {
        auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace watchpost
