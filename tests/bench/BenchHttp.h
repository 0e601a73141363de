#pragma once
// BenchHttp: what the benchmarks share — one raw keep-alive HTTP/1.1 connection, so the client adds as little as
// possible to what is measured, and the percentile report.

#include <QHostAddress>
#include <QTcpSocket>
#include <algorithm>
#include <cstdio>
#include <vector>

namespace bench {

// One keep-alive connection; request() sends and waits for one complete answer (Content-Length framed).
class Connection
{
public:
    explicit Connection(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.waitForConnected(5000);
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }
    void send(const QByteArray& method, const QByteArray& path, const QByteArray& token, const QByteArray& body = {})
    {
        QByteArray r = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n";
        if (!body.isEmpty())
            r += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        m_socket.write(r + "\r\n" + body);
        m_socket.flush();
    }
    // Waits for one answer; returns its status and leaves the body in `body`.
    int receive(QByteArray* body = nullptr)
    {
        QByteArray buffer;
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end >= 0) {
                const QByteArray head = buffer.left(end);
                const qsizetype cl = head.toLower().indexOf("content-length:");
                const int length = cl < 0 ? 0 : head.mid(cl + 15, head.indexOf('\r', cl) - cl - 15).trimmed().toInt();
                while (buffer.size() < end + 4 + length && m_socket.waitForReadyRead(5000))
                    buffer += m_socket.readAll();
                if (body)
                    *body = buffer.mid(end + 4, length);
                return head.mid(9, 3).toInt();
            }
            if (!m_socket.waitForReadyRead(5000))
                return 0;
            buffer += m_socket.readAll();
        }
    }
    int request(const QByteArray& method, const QByteArray& path, const QByteArray& token, const QByteArray& body = {},
                QByteArray* answer = nullptr)
    {
        send(method, path, token, body);
        return receive(answer);
    }

private:
    QTcpSocket m_socket;
};

inline double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

inline void report(const char* what, const std::vector<double>& us)
{
    std::printf("%-58s median %8.1f us  p99 %8.1f us  max %8.1f us  (n=%zu)\n", what, percentile(us, 0.5),
                percentile(us, 0.99), *std::max_element(us.begin(), us.end()), us.size());
}

} // namespace bench
