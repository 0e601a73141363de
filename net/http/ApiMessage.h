#pragma once
// ApiRequest / ApiResponse: what the router hands a handler and what a handler answers, independent of QHttpServer.

#include "models/core/Result.h"
#include "models/credentials/TokenService.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QUrlQuery>

#include <functional>

namespace watchpost {

struct ApiRequest
{
    QByteArray method;  // GET, POST, PATCH, ...
    QStringList params; // what the route pattern's {names} matched, in order
    QUrlQuery query;
    QByteArray contentType;
    QByteArray body;
    ApiPrincipal principal;
};

struct ApiResponse
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QList<std::pair<QByteArray, QByteArray>> headers;
    // Set for work that answers later (a rotation awaiting GitHub's ping): called with the function that sends
    // the final answer; the connection stays open until then.
    std::function<void(std::function<void(const ApiResponse&)>)> deferred;
    // An answer to HEAD: the headers (Content-Length of the body included) without the body.
    bool omitBody = false;
    // A POST that committed nothing to the change feed (a shipping decision): no Watchpost-Change-Seq to wait for.
    bool unchanged = false;

    static ApiResponse json(int status, const QJsonObject& object);
    static ApiResponse error(int status, const QString& code, const QString& message, const QStringList& fields = {});
    // Maps a domain error to its status: validation 422, wrong state 409, not found 404, forbidden 403, storage 500.
    // Field-level reasons go out as "field_messages", aligned with "fields".
    static ApiResponse fromError(const Error& error);

private:
    static ApiResponse errorWithReasons(int status, const Error& error);
};

} // namespace watchpost
