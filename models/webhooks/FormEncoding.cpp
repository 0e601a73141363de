#include "models/webhooks/FormEncoding.h"

#include "models/core/HexDigit.h"

#include <QByteArrayList>

namespace watchpost {

QByteArray FormEncoding::decode(QByteArray text)
{
    // '+' first: a percent-encoded %2B is a real plus and must survive. A '%' not followed by two hex digits stays
    // as it is (the WHATWG percent-decode; QByteArray::fromPercentEncoding reads such input differently).
    text.replace('+', ' ');
    const auto hex = hexDigitValue;
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == '%' && i + 2 < text.size() && hex(text.at(i + 1)) >= 0 && hex(text.at(i + 2)) >= 0) {
            out += char(hex(text.at(i + 1)) * 16 + hex(text.at(i + 2)));
            i += 2;
        } else
            out += text.at(i);
    }
    return out;
}

std::optional<QByteArray> FormEncoding::field(const QByteArray& form, QByteArrayView name)
{
    for (const QByteArray& pair : form.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        const QByteArray rawName = eq < 0 ? pair : pair.left(eq);
        if (decode(rawName) == name)
            return decode(eq < 0 ? QByteArray() : pair.mid(eq + 1));
    }
    return std::nullopt;
}

bool FormEncoding::isForm(const QByteArray& contentType)
{
    return contentType.split(';').value(0).trimmed().toLower() == "application/x-www-form-urlencoded";
}

QByteArray FormEncoding::deliveryJson(const QByteArray& body, const QByteArray& contentType)
{
    return isForm(contentType) ? field(body, "payload").value_or(QByteArray()) : body;
}

} // namespace watchpost
