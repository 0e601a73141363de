#include "models/sync/CertificatePin.h"

#include <QRegularExpression>

namespace watchpost::pin {

QString normalize(const QString& text)
{
    QString hex = text.trimmed().toLower();
    hex.remove(QLatin1Char(':')).remove(QLatin1Char(' '));
    if (hex.startsWith(QLatin1String("sha256 fingerprint=")))
        hex = hex.mid(19);
    static const QRegularExpression valid(QStringLiteral("^[0-9a-f]{64}$"));
    return valid.match(hex).hasMatch() ? hex : QString();
}

} // namespace watchpost::pin
