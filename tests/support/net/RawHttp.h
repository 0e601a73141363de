#pragma once
// RawHttp: bytes on a real TCP socket, for what a client library would never send — pipelines, smuggling
// attempts, malformed heads — and the answers read back off the wire in order.

#include <QByteArray>
#include <QList>
#include <QString>

struct RawAnswer
{
    int status = 0;
    QByteArray head; // status line and fields
    QByteArray body;
    QByteArray field(const QByteArray& name) const; // case-insensitive, first value
};

struct RawExchange
{
    QByteArray bytes;    // everything the server wrote
    bool closed = false; // the server closed the connection (before the wait ran out)
    QList<RawAnswer> answers;
    QList<int> statuses() const;
};

// Sends each part in its own write (pausing pauseMs between them) and reads until the server closes or waitMs
// pass. `headRequests` names which answers (by index) belong to HEAD requests and so carry no body.
RawExchange rawExchange(const QString& url, const QList<QByteArray>& parts, int waitMs = 5000, int pauseMs = 5,
                        const QList<int>& headRequests = {});
// Splits the bytes a server wrote into answers (100 Continue included).
QList<RawAnswer> parseAnswers(const QByteArray& bytes, const QList<int>& headRequests = {});
