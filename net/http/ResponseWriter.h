#pragma once
// ResponseWriter: the one place an answer is written to the wire — API answers, webhook answers and deferred
// answers alike — with Content-Length, Cache-Control: no-store and X-Content-Type-Options: nosniff on every one.

#include "net/http/ApiMessage.h"

class QHttpServerResponder;

namespace watchpost::http {

// Writes the whole answer, then tells the transport guard the connection's request is answered.
void write(QHttpServerResponder& responder, const ApiResponse& response);
QByteArray reasonPhrase(int status);
// The headers every answer carries, in order (Content-Type, Content-Length, Cache-Control, nosniff, then the
// response's own).
QList<std::pair<QByteArray, QByteArray>> headersOf(const ApiResponse& response);
// The whole answer as bytes for a socket no QHttpServer owns (the transport guard's refusals), saying
// Connection: close unless the guard keeps the connection.
QByteArray serialize(const ApiResponse& response, const QByteArray& reasonPhrase, bool close = true);

} // namespace watchpost::http
