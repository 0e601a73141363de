#pragma once
// ResponseWriter: the one place an answer is written to the wire — API answers, webhook answers and deferred
// answers alike — with Content-Length, Cache-Control: no-store and X-Content-Type-Options: nosniff on every one.

#include "net/http/ApiMessage.h"

class QHttpServerResponder;

namespace watchpost::http {

void write(QHttpServerResponder& responder, const ApiResponse& response);

} // namespace watchpost::http
