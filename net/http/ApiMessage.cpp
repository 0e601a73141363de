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

ApiResponse ApiResponse::fromError(const Error& e)
{
    switch (e.kind) {
    case Error::Kind::Validation:
        return error(422, e.code, e.message, e.fields);
    case Error::Kind::WrongState:
        return error(409, e.code, e.message, e.fields);
    case Error::Kind::NotFound:
        return error(404, e.code, e.message, e.fields);
    case Error::Kind::Forbidden:
        return error(403, e.code, e.message, e.fields);
    case Error::Kind::Storage:
        return error(500, e.code, e.message, e.fields);
    }
    return error(500, QStringLiteral("internal"), e.message);
}

} // namespace watchpost
