#include "ui/shell/Theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace watchpost {
namespace {
Theme::Mode g_mode = Theme::Mode::Dark;
}

void Theme::apply(QApplication& app, Mode mode)
{
    g_mode = mode;
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    if (mode == Mode::Dark) {
        const QColor window(0x1f, 0x23, 0x28), base(0x16, 0x19, 0x1d), text(0xe6, 0xe8, 0xeb), button(0x2a, 0x2f, 0x36);
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::AlternateBase, QColor(0x1c, 0x20, 0x25));
        p.setColor(QPalette::ToolTipBase, button);
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, button);
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::BrightText, Qt::white);
        p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb3));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Link, QColor(0x6c, 0xb6, 0xff));
        p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x93, 0x9e));
        p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6b, 0x72, 0x7a));
        p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6b, 0x72, 0x7a));
        p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6b, 0x72, 0x7a));
    } else
        p = app.style()->standardPalette();
    app.setPalette(p);
}

Theme::Mode Theme::current()
{
    return g_mode;
}

void Theme::toggle(QApplication& app)
{
    apply(app, g_mode == Mode::Dark ? Mode::Light : Mode::Dark);
}

QColor Theme::severityColor(Severity s)
{
    const bool dark = g_mode == Mode::Dark;
    switch (s) {
    case Severity::Critical:
        return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xb0, 0x1e, 0x1e);
    case Severity::High:
        return dark ? QColor(0xff, 0xa9, 0x4d) : QColor(0xa8, 0x4a, 0x00);
    case Severity::Medium:
        return dark ? QColor(0xf2, 0xd0, 0x5a) : QColor(0x7a, 0x5d, 0x00);
    case Severity::Low:
        return dark ? QColor(0x8f, 0xc1, 0xff) : QColor(0x1f, 0x5f, 0xa8);
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
    const bool dark = g_mode == Mode::Dark;
    switch (s) {
    case SlaState::Breached:
        return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xb0, 0x1e, 0x1e);
    case SlaState::AtRisk:
        return dark ? QColor(0xff, 0xa9, 0x4d) : QColor(0xa8, 0x4a, 0x00);
    case SlaState::OnTrack:
        return dark ? QColor(0xc9, 0xd1, 0xd9) : QColor(0x30, 0x36, 0x3d);
    case SlaState::Met:
        return dark ? QColor(0x7e, 0xe7, 0x87) : QColor(0x1a, 0x7f, 0x37);
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

} // namespace watchpost
