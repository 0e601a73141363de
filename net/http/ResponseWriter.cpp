#include "net/http/ResponseWriter.h"

#include "net/http/GuardedSocket.h"

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
    QTcpSocket* socket = responder.socket();
    responder.writeStatusLine(QHttpServerResponder::StatusCode(response.status));
    for (const auto& [name, value] : headersOf(response))
        responder.writeHeader(name, value);
    if (GuardedSocket::closesAfterAnswer(socket))
        responder.writeHeader("Connection", "close");
    responder.writeBody(response.omitBody ? QByteArray() : response.body);
    // The transport guard passes on the connection's next request only now.
    GuardedSocket::answered(socket);
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 417:
        return "Expectation Failed";
    case 422:
        return "Unprocessable Content";
    case 426:
        return "Upgrade Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return status < 300 ? "OK" : status < 500 ? "Bad Request" : "Internal Server Error";
    }
}

QByteArray serialize(const ApiResponse& response, const QByteArray& reasonPhrase, bool close)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase + "\r\n";
    for (const auto& [name, value] : headersOf(response))
        out += name + ": " + value + "\r\n";
    out += close ? "Connection: close\r\n\r\n" : "\r\n";
    if (!response.omitBody)
        out += response.body;
    return out;
}

} // namespace watchpost::http
