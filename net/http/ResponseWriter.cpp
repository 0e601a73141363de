#include "net/http/ResponseWriter.h"

#include <QHttpServerResponder>

namespace watchpost::http {

QList<std::pair<QByteArray, QByteArray>> headersOf(const ApiResponse& response)
{
    QList<std::pair<QByteArray, QByteArray>> headers{{"Content-Type", response.contentType},
                                                     {"Content-Length", QByteArray::number(response.body.size())},
                                                     {"Cache-Control", "no-store"},
                                                     {"X-Content-Type-Options", "nosniff"}};
    headers += response.headers;
    return headers;
}

void write(QHttpServerResponder& responder, const ApiResponse& response)
{
    responder.writeStatusLine(QHttpServerResponder::StatusCode(response.status));
    for (const auto& [name, value] : headersOf(response))
        responder.writeHeader(name, value);
    responder.writeBody(response.omitBody ? QByteArray() : response.body);
}

QByteArray serialize(const ApiResponse& response, const QByteArray& reasonPhrase)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase + "\r\n";
    for (const auto& [name, value] : headersOf(response))
        out += name + ": " + value + "\r\n";
    out += "Connection: close\r\n\r\n";
    if (!response.omitBody)
        out += response.body;
    return out;
}

} // namespace watchpost::http
