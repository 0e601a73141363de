#pragma once
// ApiRequestParts: what every API handler reads from a request the same way — a strict JSON object body,
// 422/400 refusals that name the field, and the opaque cursors of paginated lists.

#include "net/http/ApiMessage.h"
#include "net/http/JsonBody.h"

#include <QJsonArray>
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

// The one body preamble of every handler that takes a JSON body: `read` builds its input from the body
// (restricted to `known` fields, noting problems on it); the body's own refusal (400/415) or 422 naming every
// problem is answered before `act` runs; otherwise `act` gets what `read` built.
template <typename Read, typename Act>
ApiResponse withBody(const ApiRequest& r, const QStringList& known, Read read, Act act, bool emptyAllowed = false)
{
    auto parsed = bodyOf(r, known, emptyAllowed);
    if (const auto* refusal = std::get_if<ApiResponse>(&parsed))
        return *refusal;
    JsonBody& body = std::get<JsonBody>(parsed);
    auto input = read(body);
    if (!body.ok())
        return invalid(body);
    return act(input);
}

// One page of a list read with `limit + 1` rows (the extra row says there is a next page): the page's items under
// `key`, the total, and the cursor of the next page (`prefix` — "before:" or "after:" — and the last id shown). A
// read the store refused — the rows or the total — is answered with its error (500 with the envelope), never as an
// empty list. `extra` adds fields of the answer's own.
template <typename Row, typename Total, typename ToJson, typename IdOf>
ApiResponse pageAnswer(const QString& key, Result<QList<Row>> rows, const Result<Total>& total, int limit,
                       const char* prefix, ToJson toJson, IdOf idOf, QJsonObject extra = {})
{
    if (!rows)
        return ApiResponse::fromError(rows.error());
    if (!total)
        return ApiResponse::fromError(total.error());
    const bool more = rows->size() > limit;
    if (more)
        rows->removeLast();
    QJsonArray items;
    for (const Row& row : *rows)
        items << toJson(row);
    extra.insert(key, items);
    extra.insert(QStringLiteral("total"), qint64(*total));
    extra.insert(QStringLiteral("next_cursor"),
                 more ? QJsonValue(cursorFor(prefix, idOf(rows->last()))) : QJsonValue());
    return ApiResponse::json(200, extra);
}

// A whole list (no paging): its items under `key` and their number, or the store's refusal to read it.
template <typename Row, typename ToJson>
ApiResponse listAnswer(const QString& key, const Result<QList<Row>>& rows, ToJson toJson)
{
    if (!rows)
        return ApiResponse::fromError(rows.error());
    QJsonArray items;
    for (const Row& row : *rows)
        items << toJson(row);
    return ApiResponse::json(
        200,
        {{key, items}, {QStringLiteral("total"), int(rows->size())}, {QStringLiteral("next_cursor"), QJsonValue()}});
}

} // namespace watchpost
