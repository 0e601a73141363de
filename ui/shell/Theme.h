#pragma once
// Theme: Fusion with a dark or light palette, and the severity/SLA colours — always paired with text and a
// shape so they stay readable for colour-blind users.

#include "models/incidents/Incident.h"
#include "models/incidents/SlaPolicy.h"

#include <QColor>
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

    static QColor severityColor(Severity s);
    static QString severityGlyph(Severity s); // ▲▲, ▲, ■, ▼
    static QColor slaColor(SlaState s);
    static QString slaGlyph(SlaState s); // ✖, !, ●, ✓
};

} // namespace watchpost
