#pragma once
// RequestFraming: the one reading of where an HTTP/1.1 request starts and ends — a pure function of the bytes
// (no socket, no timer), strict by RFC 9112. The transport guard frames every request with it and hands
// QHttpServer only the canonical form it produced, so no other parser ever decides a request's boundaries.
// Anything another parser could read differently is refused (400, 414, 417, 431, 505) instead of guessed at.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace watchpost {

struct FramingLimits
{
    qsizetype maxHeaderBytes = 16 * 1024; // request line and every field line, CRLFs included
    qsizetype maxLineBytes = 8 * 1024;    // one field line (QHttpServer 6.4 drops every header past 8 KiB)
    qsizetype maxRequestLineBytes = 8 * 1024;
    int maxFields = 100; // QHttpServer 6.4 drops every header past 100
};

// A refusal decided from the bytes alone; the connection closes after it.
struct FramingRefusal
{
    int status = 400;
    QByteArray reason; // reason phrase
    QString code;      // error envelope code
    QString message;
};

// A request's head as the guard read it.
struct RequestHead
{
    QByteArray method;
    QByteArray path;  // normalised: percent-encoded unreserved characters decoded, hex upper-cased
    QByteArray query; // without the '?', as sent (already checked for allowed characters)
    int minorVersion = 1;
    QList<std::pair<QByteArray, QByteArray>> fields; // names lower-cased, values without surrounding whitespace
    qint64 contentLength = 0;
    bool expectContinue = false;
    bool closeAfter = false; // Connection: close, or HTTP/1.0
    bool upgrade = false;    // Connection: upgrade, or an Upgrade field
    qsizetype headBytes = 0; // bytes the head took on the wire

    // A field's value (name lower-case): repeated fields combined in order with ", "; empty when absent.
    QByteArray value(QByteArrayView name) const;
    bool has(QByteArrayView name) const;
    QByteArray target() const { return query.isEmpty() ? path : path + '?' + query; }
    // The head as QHttpServer is given it: one request line, one field per line, CRLF only, the framing fields
    // (Content-Length, Transfer-Encoding, Connection, Expect, Upgrade, Keep-Alive) replaced by the length.
    QByteArray canonical() const;
};

// Reads one request head incrementally. Feed it bytes until it says Done or Refused; it keeps at most
// maxHeaderBytes of them.
class HeadParser
{
public:
    explicit HeadParser(FramingLimits limits = {}) : m_limits(limits) {}

    enum class State
    {
        NeedMore,
        Done,
        Refused,
    };
    struct Step
    {
        State state = State::NeedMore;
        qsizetype consumed = 0; // bytes of the input taken (on Done: up to the head's last CRLF; on Refused: any)
    };
    Step feed(QByteArrayView bytes);
    void reset();

    bool started() const { return m_started; } // a byte of a request (not a leading empty line) was seen
    const RequestHead& head() const { return m_head; }
    const FramingRefusal& refusal() const { return m_refusal; }

private:
    bool refuse(int status, const QByteArray& reason, const QString& code, const QString& message);
    bool lineComplete(QByteArrayView line);
    bool requestLine(QByteArrayView line);
    bool fieldLine(QByteArrayView line);
    bool finish();

    FramingLimits m_limits;
    QByteArray m_line;
    qsizetype m_total = 0;
    bool m_started = false;
    bool m_sawRequestLine = false;
    bool m_sawLength = false;
    bool m_sawHost = false;
    bool m_sawTransferEncoding = false;
    RequestHead m_head;
    FramingRefusal m_refusal;
};

// Bytes in, framing events out: every request in `input` in order, each with its body, until one is refused or
// the bytes run out. What the differential table and the fuzzer drive.
struct FramingEvent
{
    enum class Kind
    {
        Request,
        Refused,
        Incomplete, // the bytes ended inside a head or a body
    };
    Kind kind = Kind::Request;
    RequestHead head;
    QByteArray body;
    FramingRefusal refusal;
};
std::vector<FramingEvent> frameRequests(QByteArrayView input, FramingLimits limits = {});

} // namespace watchpost
