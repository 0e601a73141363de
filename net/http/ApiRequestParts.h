#pragma once
// ApiRequestParts: what every API handler reads from a request the same way — a strict JSON object body,
// 422/400 refusals that name the field, and the opaque cursors of paginated lists.

#include "net/http/ApiMessage.h"
#include "net/http/JsonBody.h"

#include <variant>

namespace watchpost {

// The request body as a JSON object restricted to `known` fields, or the refusal to send (400/415).
std::variant<JsonBody, ApiResponse> bodyOf(const ApiRequest& r, const QStringList& known, bool emptyAllowed = false);
ApiResponse invalid(const JsonBody& body);
ApiResponse badParameter(const QString& name, const QString& message);
QString cursorFor(const char* prefix, qint64 id);
std::optional<qint64> idFromCursor(const QString& cursor, const char* prefix);
// `limit` (1..max, default 50) and `cursor` ("before:" ids) from the query, or the 400 to send.
std::variant<std::pair<int, std::optional<qint64>>, ApiResponse> pageOf(const ApiRequest& r, int max = 500);

} // namespace watchpost
