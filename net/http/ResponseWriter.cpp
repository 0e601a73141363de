#include "net/http/ResponseWriter.h"

#include <QHttpServerResponder>

namespace watchpost::http {

void write(QHttpServerResponder& responder, const ApiResponse& response)
{
    responder.writeStatusLine(QHttpServerResponder::StatusCode(response.status));
    responder.writeHeader("Content-Type", response.contentType);
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    responder.writeHeader("Cache-Control", "no-store");
    responder.writeHeader("X-Content-Type-Options", "nosniff");
    for (const auto& [name, value] : response.headers)
        responder.writeHeader(name, value);
    responder.writeBody(response.omitBody ? QByteArray() : response.body);
}

} // namespace watchpost::http
