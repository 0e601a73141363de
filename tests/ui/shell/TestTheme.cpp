// Every colour the console draws text in meets WCAG AA (4.5:1) on every background it is drawn on, in both themes,
// and the colours that mean different things (High, Medium, at risk) do not look alike.
#include "ui/shell/Theme.h"

#include <QApplication>
#include <QPalette>
#include <QTest>

using namespace watchpost;

class TestTheme : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyTextColourMeetsAA_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("dark") << int(Theme::Mode::Dark);
        QTest::newRow("light") << int(Theme::Mode::Light);
    }
    void everyTextColourMeetsAA()
    {
        QFETCH(int, mode);
        Theme::apply(*qApp, Theme::Mode(mode));
        const QList<Theme::Pair> pairs = Theme::textPairs();
        QVERIFY(pairs.size() > 40);
        for (const Theme::Pair& p : pairs) {
            const double ratio = Theme::contrast(p.text, p.background);
            QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("%1: %2 on %3 is %4:1")
                                                  .arg(p.what, p.text.name(), p.background.name())
                                                  .arg(ratio, 0, 'f', 2)));
        }
        // The palette the widgets use is the one measured: links, text and placeholders on the base.
        const QPalette pal = qApp->palette();
        QVERIFY(Theme::contrast(pal.color(QPalette::Link), pal.color(QPalette::Base)) >= 4.5);
        QVERIFY(Theme::contrast(pal.color(QPalette::Text), pal.color(QPalette::Base)) >= 4.5);
        QVERIFY(Theme::contrast(pal.color(QPalette::PlaceholderText), pal.color(QPalette::Base)) >= 4.5);
        QVERIFY(Theme::contrast(pal.color(QPalette::HighlightedText), pal.color(QPalette::Highlight)) >= 4.5);
    }

    // After a toggle the link colour is the new theme's (it was the dark one on a light page: 1.8:1).
    void aToggleChangesTheLinkColour()
    {
        Theme::apply(*qApp, Theme::Mode::Dark);
        const QColor dark = qApp->palette().color(QPalette::Link);
        Theme::toggle(*qApp);
        QCOMPARE(Theme::current(), Theme::Mode::Light);
        QVERIFY(qApp->palette().color(QPalette::Link) != dark);
        QVERIFY(Theme::contrast(qApp->palette().color(QPalette::Link), qApp->palette().color(QPalette::Window)) >= 4.5);
    }

    void meaningsLookDifferent_data() { everyTextColourMeetsAA_data(); }
    void meaningsLookDifferent()
    {
        QFETCH(int, mode);
        Theme::apply(*qApp, Theme::Mode(mode));
        auto distance = [](const QColor& a, const QColor& b) {
            // Hue apart by 30° or more, or lightness apart by 25 or more (of 255).
            const int hue = std::abs(a.hslHue() - b.hslHue());
            return std::min(hue, 360 - hue) >= 30 || std::abs(a.lightness() - b.lightness()) >= 25;
        };
        const QColor high = Theme::severityColor(Severity::High), medium = Theme::severityColor(Severity::Medium),
                     atRisk = Theme::slaColor(SlaState::AtRisk), critical = Theme::severityColor(Severity::Critical);
        QVERIFY(distance(high, medium));
        QVERIFY(distance(high, atRisk));
        QVERIFY(distance(medium, atRisk));
        QVERIFY(distance(critical, high));
    }
};

QTEST_MAIN(TestTheme)
#include "TestTheme.moc"
