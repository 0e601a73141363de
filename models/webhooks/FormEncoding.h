#pragma once
// FormEncoding: reads an application/x-www-form-urlencoded body the way the WHATWG URL standard's parser does —
// pairs split on '&', name and value split on the first '=', '+' read as a space, then percent-decoding of the
// bytes — so a GitHub form delivery's payload= field is the JSON GitHub sent. (URL-query rules keep '+' as '+'.)

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace watchpost {

class FormEncoding
{
public:
    // The bytes of the first field named `name`, or nothing when the form has none.
    static std::optional<QByteArray> field(const QByteArray& form, QByteArrayView name);
    static bool isForm(const QByteArray& contentType);
    // A GitHub delivery's JSON: the body itself, or a form body's payload= field (empty when it has none).
    static QByteArray deliveryJson(const QByteArray& body, const QByteArray& contentType);

private:
    static QByteArray decode(QByteArray text);
};

} // namespace watchpost
