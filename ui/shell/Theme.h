#pragma once
// Theme: Fusion with a dark or a light palette, and every colour the console draws text in — severity, SLA state,
// links, muted text, errors, the primary and destructive buttons — chosen so each meets WCAG AA (4.5:1) on the
// backgrounds it is drawn on, in both themes (TestTheme measures them), and always paired with a glyph and a word.

#include "models/incidents/Incident.h"
#include "models/incidents/SlaPolicy.h"

#include <QColor>
#include <QList>
#include <QObject>
#include <QString>

class QApplication;

namespace watchpost {

class Theme
{
public:
    enum class Mode
    {
        Dark,
        Light
    };
    static void apply(QApplication& app, Mode mode);
    static Mode current();
    static void toggle(QApplication& app);
    static QString modeName(Mode mode); // "dark" / "light", as QSettings keeps it
    static std::optional<Mode> modeFromName(const QString& name);

    static QColor severityColor(Severity s);
    static QString severityGlyph(Severity s); // ▲▲, ▲, ■, ▼
    static QColor slaColor(SlaState s);
    static QString slaGlyph(SlaState s); // ✖, !, ●, ✓
    static QColor mutedColor();          // zero counts and secondary text: readable, not alarming
    static QColor errorColor();          // a field's error, a refused figure
    static QColor goodColor();
    static QColor linkColor();
    // Style sheets of the one primary action of a page and of a destructive button.
    static QString primaryButtonStyle();
    static QString destructiveButtonStyle();

    // Every text colour with the backgrounds it is drawn on in the current mode (the contrast test walks them).
    struct Pair
    {
        QString what;
        QColor text;
        QColor background;
    };
    static QList<Pair> textPairs();
    static double contrast(const QColor& a, const QColor& b);
};

// Emits `changed` after the palette changes, so pages re-render the colours they put into rich text.
class ThemeSignals : public QObject
{
    Q_OBJECT
public:
    static ThemeSignals* instance();
Q_SIGNALS:
    void changed();
};

} // namespace watchpost
