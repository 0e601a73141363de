#include "net/http/ApiRequestParts.h"

#include <QJsonParseError>

namespace watchpost {

using Parsed = std::variant<QJsonObject, ApiResponse>;

namespace {
Parsed parseObject(const ApiRequest& r, bool emptyAllowed)
{
    if (r.body.trimmed().isEmpty()) {
        if (emptyAllowed)
            return QJsonObject{};
        return ApiResponse::error(400, QStringLiteral("malformed_json"),
                                  QStringLiteral("the request body is empty; send a JSON object"));
    }
    const QByteArray type = r.contentType.split(';').value(0).trimmed().toLower();
    if (type != "application/json")
        return ApiResponse::error(
            415, QStringLiteral("unsupported_media_type"),
            QStringLiteral("Content-Type must be application/json (got '%1')").arg(QString::fromLatin1(type.left(80))));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.body, &error);
    if (error.error != QJsonParseError::NoError)
        return ApiResponse::error(
            400, QStringLiteral("malformed_json"),
            QStringLiteral("the body is not valid JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset));
    if (!doc.isObject())
        return ApiResponse::error(400, QStringLiteral("malformed_json"),
                                  QStringLiteral("the body must be a JSON object"));
    return doc.object();
}

} // namespace

std::variant<JsonBody, ApiResponse> bodyOf(const ApiRequest& r, const QStringList& known, bool emptyAllowed)
{
    Parsed parsed = parseObject(r, emptyAllowed);
    if (auto* response = std::get_if<ApiResponse>(&parsed))
        return *response;
    JsonBody body(std::get<QJsonObject>(parsed));
    body.allowOnly(known);
    body.refuseInvalidText();
    return body;
}

ApiResponse invalid(const JsonBody& body)
{
    return ApiResponse::error(422, QStringLiteral("validation_failed"), body.message(), body.fields());
}

ApiResponse badParameter(const QString& name, const QString& message)
{
    return ApiResponse::error(400, QStringLiteral("invalid_parameter"), message, {name});
}

QString cursorFor(const char* prefix, qint64 id)
{
    return QString::fromLatin1((QByteArray(prefix) + QByteArray::number(id))
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<qint64> idFromCursor(const QString& cursor, const char* prefix)
{
    const auto decoded = QByteArray::fromBase64Encoding(cursor.toLatin1(), QByteArray::Base64UrlEncoding |
                                                                               QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !decoded.decoded.startsWith(prefix))
        return std::nullopt;
    bool ok = false;
    const qint64 id = decoded.decoded.mid(qstrlen(prefix)).toLongLong(&ok);
    return ok && id > 0 ? std::optional<qint64>(id) : std::nullopt;
}

std::variant<std::pair<int, std::optional<qint64>>, ApiResponse> pageOf(const ApiRequest& r, int max)
{
    int limit = 50;
    if (r.query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        limit = r.query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > max)
            return badParameter(QStringLiteral("limit"),
                                QStringLiteral("limit must be a whole number from 1 to %1").arg(max));
    }
    std::optional<qint64> before;
    if (const QString cursor = r.query.queryItemValue(QStringLiteral("cursor")); !cursor.isEmpty()) {
        before = idFromCursor(cursor, "before:");
        if (!before)
            return badParameter(QStringLiteral("cursor"), QStringLiteral("cursor is not one this API handed out"));
    }
    return std::pair(limit, before);
}

} // namespace watchpost
