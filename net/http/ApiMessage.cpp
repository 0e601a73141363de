#include "net/http/ApiMessage.h"

#include <QJsonArray>

namespace watchpost {

ApiResponse ApiResponse::json(int status, const QJsonObject& object)
{
    return {status, QJsonDocument(object).toJson(QJsonDocument::Compact), "application/json", {}, {}};
}

ApiResponse ApiResponse::error(int status, const QString& code, const QString& message, const QStringList& fields)
{
    return json(status, QJsonObject{{QStringLiteral("error"),
                                     QJsonObject{{QStringLiteral("code"), code},
                                                 {QStringLiteral("message"), message},
                                                 {QStringLiteral("fields"), QJsonArray::fromStringList(fields)}}}});
}

ApiResponse ApiResponse::errorWithReasons(int status, const Error& e)
{
    ApiResponse r = error(status, e.code, e.message, e.fields);
    if (e.fieldMessages.isEmpty())
        return r;
    // Each field's own reason, aligned with `fields`, so a client shows it beside the field.
    QJsonObject object = QJsonDocument::fromJson(r.body).object();
    QJsonObject inner = object.value(QStringLiteral("error")).toObject();
    inner.insert(QStringLiteral("field_messages"), QJsonArray::fromStringList(e.fieldMessages));
    object.insert(QStringLiteral("error"), inner);
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

ApiResponse ApiResponse::fromError(const Error& e)
{
    switch (e.kind) {
    case Error::Kind::Validation:
        return errorWithReasons(422, e);
    case Error::Kind::WrongState:
        return errorWithReasons(409, e);
    case Error::Kind::NotFound:
        return errorWithReasons(404, e);
    case Error::Kind::Forbidden:
        return errorWithReasons(403, e);
    case Error::Kind::Storage:
        return errorWithReasons(500, e);
    }
    return error(500, QStringLiteral("internal"), e.message);
}

} // namespace watchpost
