#include "tests/support/net/RawHttp.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QThread>
#include <QUrl>

QByteArray RawAnswer::field(const QByteArray& name) const
{
    for (const QByteArray& line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

QList<int> RawExchange::statuses() const
{
    QList<int> out;
    for (const RawAnswer& a : answers)
        out << a.status;
    return out;
}

QList<RawAnswer> parseAnswers(const QByteArray& bytes, const QList<int>& headRequests)
{
    QList<RawAnswer> out;
    qsizetype pos = 0;
    int finalAnswers = 0;
    while (pos < bytes.size()) {
        const qsizetype end = bytes.indexOf("\r\n\r\n", pos);
        if (end < 0 || !bytes.mid(pos, 5).startsWith("HTTP/"))
            break;
        RawAnswer a;
        a.head = bytes.mid(pos, end - pos);
        a.status = a.head.mid(9, 3).toInt();
        pos = end + 4;
        if (a.status >= 200) {
            const qint64 length = a.field("Content-Length").toLongLong();
            if (!headRequests.contains(finalAnswers)) {
                a.body = bytes.mid(pos, length);
                pos += length;
            }
            ++finalAnswers;
        }
        out << a;
    }
    return out;
}

RawExchange rawExchange(const QString& url, const QList<QByteArray>& parts, int waitMs, int pauseMs,
                        const QList<int>& headRequests)
{
    RawExchange ex;
    QTcpSocket socket;
    const QUrl u(url);
    socket.connectToHost(u.host(), quint16(u.port()));
    if (!socket.waitForConnected(3000))
        return ex;
    for (int i = 0; i < parts.size(); ++i) {
        socket.write(parts.at(i));
        while (socket.bytesToWrite() > 0 && socket.waitForBytesWritten(1000)) {
        }
        if (i + 1 < parts.size() && pauseMs > 0) {
            // Let the first part arrive on its own before the next is written.
            socket.waitForReadyRead(pauseMs);
            ex.bytes += socket.readAll();
        }
    }
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < waitMs) {
        if (socket.state() != QAbstractSocket::ConnectedState) {
            ex.closed = true;
            break;
        }
        socket.waitForReadyRead(50);
        ex.bytes += socket.readAll();
    }
    ex.bytes += socket.readAll();
    ex.answers = parseAnswers(ex.bytes, headRequests);
    return ex;
}
