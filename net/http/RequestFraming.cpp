#include "net/http/RequestFraming.h"

#include "models/core/HexDigit.h"

#include <cstring>

namespace watchpost {
namespace {

bool isTchar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s)
        if (!isTchar(c))
            return false;
    return true;
}

bool isUnreserved(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

bool isPchar(char c) // pchar without pct-encoded: unreserved, sub-delims, ':' and '@'
{
    if (isUnreserved(c))
        return true;
    switch (c) {
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case ':':
    case '@':
        return true;
    default:
        return false;
    }
}

QByteArrayView trimmedOws(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    return v;
}

bool isFramingField(const QByteArray& name)
{
    return name == "content-length" || name == "transfer-encoding" || name == "connection" || name == "expect" ||
           name == "upgrade" || name == "keep-alive" || name == "proxy-connection" || name == "te" || name == "trailer";
}

} // namespace

QByteArray RequestHead::value(QByteArrayView name) const
{
    // Repeated fields combine in order, comma-separated (RFC 9110 §5.3), as QHttpServer reads them.
    QByteArray combined;
    bool seen = false;
    for (const auto& [n, v] : fields)
        if (n == name) {
            if (seen)
                combined += ", ";
            combined += v;
            seen = true;
        }
    return combined;
}

bool RequestHead::has(QByteArrayView name) const
{
    for (const auto& field : fields)
        if (field.first == name)
            return true;
    return false;
}

QByteArray RequestHead::canonical() const
{
    QByteArray out;
    out.reserve(headBytes + 32);
    out.append(method).append(' ').append(path);
    if (!query.isEmpty())
        out.append('?').append(query);
    out.append(minorVersion == 0 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
    for (const auto& [name, value] : fields)
        if (!isFramingField(name))
            out.append(name).append(": ", 2).append(value).append("\r\n", 2);
    if (contentLength > 0)
        out.append("content-length: ").append(QByteArray::number(contentLength)).append("\r\n", 2);
    out.append("\r\n", 2);
    return out;
}

void HeadParser::reset()
{
    m_line.clear();
    m_total = 0;
    m_started = false;
    m_sawRequestLine = false;
    m_sawLength = false;
    m_sawHost = false;
    m_sawTransferEncoding = false;
    m_head = RequestHead();
    m_refusal = FramingRefusal();
}

bool HeadParser::refuse(int status, const QByteArray& reason, const QString& code, const QString& message)
{
    m_refusal = FramingRefusal{status, reason, code, message};
    return false;
}

HeadParser::Step HeadParser::feed(QByteArrayView bytes)
{
    // Line by line: each segment up to the next LF is checked and appended at once.
    Step step;
    auto refused = [this, &step](qsizetype consumed, int status, const QByteArray& reason, const QString& code,
                                 const QString& message) {
        refuse(status, reason, code, message);
        step.consumed = consumed;
        step.state = State::Refused;
        return step;
    };
    qsizetype i = 0;
    while (i < bytes.size()) {
        const char* at = bytes.data() + i;
        const auto* lf = static_cast<const char*>(std::memchr(at, '\n', size_t(bytes.size() - i)));
        const qsizetype end = lf ? qsizetype(lf - bytes.data()) : bytes.size();
        const QByteArrayView segment = bytes.sliced(i, end - i);
        // A CR anywhere but right before the LF (or as the last byte read so far) is a bare CR.
        if (!m_line.isEmpty() && m_line.back() == '\r' && !segment.isEmpty())
            return refused(i, 400, "Bad Request", QStringLiteral("bad_line_ending"),
                           QStringLiteral("a CR not followed by LF; lines end with CRLF"));
        const qsizetype cr = segment.isEmpty() ? -1 : segment.first(segment.size() - 1).indexOf('\r');
        if (cr >= 0)
            return refused(i + cr, 400, "Bad Request", QStringLiteral("bad_line_ending"),
                           QStringLiteral("a CR not followed by LF; lines end with CRLF"));
        if (!m_sawRequestLine && !m_started)
            for (char c : segment)
                if (c != '\r') {
                    m_started = true;
                    break;
                }
        const qsizetype lineSize = m_line.size() + segment.size();
        const qsizetype taken = segment.size() + (lf ? 1 : 0);
        if (!m_sawRequestLine && lineSize > m_limits.maxRequestLineBytes + 1)
            return refused(i + taken, 414, "URI Too Long", QStringLiteral("uri_too_long"),
                           QStringLiteral("the request line exceeds %1 bytes").arg(m_limits.maxRequestLineBytes));
        if (m_sawRequestLine && lineSize > m_limits.maxLineBytes + 1)
            return refused(i + taken, 431, "Request Header Fields Too Large", QStringLiteral("headers_too_large"),
                           QStringLiteral("a header field exceeds %1 bytes").arg(m_limits.maxLineBytes));
        m_total += taken;
        if (m_total > m_limits.maxHeaderBytes)
            return refused(i + taken, 431, "Request Header Fields Too Large", QStringLiteral("headers_too_large"),
                           QStringLiteral("request headers exceed %1 bytes").arg(m_limits.maxHeaderBytes));
        m_line.append(segment);
        step.consumed = i + taken;
        if (!lf)
            break;
        if (m_line.isEmpty() || m_line.back() != '\r')
            return refused(step.consumed, 400, "Bad Request", QStringLiteral("bad_line_ending"),
                           QStringLiteral("a bare LF; lines end with CRLF"));
        m_line.chop(1);
        const bool more = lineComplete(m_line);
        m_line.clear();
        if (!more) {
            step.state = m_refusal.code.isEmpty() ? State::Done : State::Refused;
            if (step.state == State::Done)
                m_head.headBytes = m_total;
            return step;
        }
        i = end + 1;
    }
    return step;
}

// Returns whether more lines are wanted; false with no refusal means the head is complete.
bool HeadParser::lineComplete(QByteArrayView line)
{
    if (!m_sawRequestLine) {
        if (line.isEmpty())
            return true; // an empty line before the request line is ignored (RFC 9112 §2.2)
        m_started = true;
        if (!requestLine(line))
            return false;
        m_sawRequestLine = true;
        return true;
    }
    if (line.isEmpty())
        return finish();
    return fieldLine(line);
}

bool HeadParser::requestLine(QByteArrayView line)
{
    for (char c : line)
        if (static_cast<unsigned char>(c) < 0x21 && c != ' ')
            return refuse(400, "Bad Request", QStringLiteral("bad_request_line"),
                          QStringLiteral("the request line holds a control character"));
    const qsizetype first = line.indexOf(' ');
    const qsizetype second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    if (first <= 0 || second < 0 || second == first + 1 || line.indexOf(' ', second + 1) >= 0 ||
        second == line.size() - 1)
        return refuse(400, "Bad Request", QStringLiteral("bad_request_line"),
                      QStringLiteral("the request line must be METHOD, target and version separated by one space"));
    const QByteArrayView method = line.first(first);
    const QByteArrayView target = line.sliced(first + 1, second - first - 1);
    const QByteArrayView version = line.sliced(second + 1);
    if (!isToken(method))
        return refuse(400, "Bad Request", QStringLiteral("bad_request_line"),
                      QStringLiteral("the method is not a token"));
    const bool versionShaped = version.size() == 8 && version.startsWith("HTTP/") && version[5] >= '0' &&
                               version[5] <= '9' && version[6] == '.' && version[7] >= '0' && version[7] <= '9';
    if (!versionShaped)
        return refuse(400, "Bad Request", QStringLiteral("bad_request_line"),
                      QStringLiteral("the version must be HTTP/1.1 or HTTP/1.0"));
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return refuse(505, "HTTP Version Not Supported", QStringLiteral("version_not_supported"),
                      QStringLiteral("only HTTP/1.1 and HTTP/1.0 are spoken here"));
    m_head.method = method.toByteArray();
    m_head.minorVersion = version[7] - '0';

    if (target.isEmpty() || target.front() != '/')
        return refuse(400, "Bad Request", QStringLiteral("bad_target"),
                      QStringLiteral("the request target must be a path starting with '/' (origin-form)"));
    const qsizetype q = target.indexOf('?');
    const QByteArrayView rawPath = q < 0 ? target : target.first(q);
    const QByteArrayView rawQuery = q < 0 ? QByteArrayView() : target.sliced(q + 1);
    QByteArray path;
    path.reserve(rawPath.size());
    for (qsizetype i = 0; i < rawPath.size(); ++i) {
        const char c = rawPath[i];
        if (c == '%') {
            const int hi = i + 2 < rawPath.size() ? hexDigitValue(rawPath[i + 1]) : -1;
            const int lo = hi < 0 ? -1 : hexDigitValue(rawPath[i + 2]);
            if (lo < 0)
                return refuse(400, "Bad Request", QStringLiteral("bad_target"),
                              QStringLiteral("'%' in the path must be followed by two hex digits"));
            const char decoded = char(hi * 16 + lo);
            if (decoded == '/' || decoded == '.')
                return refuse(400, "Bad Request", QStringLiteral("bad_target"),
                              QStringLiteral("an encoded '/' or '.' (%2F, %2E) is not accepted in the path"));
            if (isUnreserved(decoded))
                path += decoded;
            else
                path += '%' + QByteArray::number(hi * 16 + lo, 16).rightJustified(2, '0').toUpper();
            i += 2;
        } else if (c == '/' || isPchar(c))
            path += c;
        else
            return refuse(400, "Bad Request", QStringLiteral("bad_target"),
                          QStringLiteral("the path holds a character that must be percent-encoded"));
    }
    for (const QByteArray& segment : path.split('/'))
        if (segment == "." || segment == "..")
            return refuse(400, "Bad Request", QStringLiteral("bad_target"),
                          QStringLiteral("dot segments ('.' or '..') are not accepted in the path"));
    for (qsizetype i = 0; i < rawQuery.size(); ++i) {
        const char c = rawQuery[i];
        if (c == '%') {
            if (i + 2 >= rawQuery.size() || hexDigitValue(rawQuery[i + 1]) < 0 || hexDigitValue(rawQuery[i + 2]) < 0)
                return refuse(400, "Bad Request", QStringLiteral("bad_target"),
                              QStringLiteral("'%' in the query must be followed by two hex digits"));
            i += 2;
        } else if (!(isPchar(c) || c == '/' || c == '?'))
            return refuse(400, "Bad Request", QStringLiteral("bad_target"),
                          QStringLiteral("the query holds a character that must be percent-encoded"));
    }
    m_head.path = path;
    m_head.query = rawQuery.toByteArray();
    return true;
}

bool HeadParser::fieldLine(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t')
        return refuse(400, "Bad Request", QStringLiteral("bad_header"),
                      QStringLiteral("a header line starts with whitespace (obsolete line folding is not accepted)"));
    const qsizetype colon = line.indexOf(':');
    if (colon < 0)
        return refuse(400, "Bad Request", QStringLiteral("bad_header"), QStringLiteral("a header line has no colon"));
    const QByteArrayView name = line.first(colon);
    if (!name.isEmpty() && (name.back() == ' ' || name.back() == '\t'))
        return refuse(400, "Bad Request", QStringLiteral("bad_header"),
                      QStringLiteral("whitespace between a header name and its colon is not accepted"));
    if (!isToken(name))
        return refuse(400, "Bad Request", QStringLiteral("bad_header"),
                      QStringLiteral("a header name is empty or holds a character a name may not"));
    const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u == 0)
            return refuse(400, "Bad Request", QStringLiteral("bad_header"), QStringLiteral("a header value holds NUL"));
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return refuse(400, "Bad Request", QStringLiteral("bad_header"),
                          QStringLiteral("a header value holds a control character"));
    }
    if (m_head.fields.size() >= m_limits.maxFields)
        return refuse(431, "Request Header Fields Too Large", QStringLiteral("headers_too_large"),
                      QStringLiteral("more than %1 header fields").arg(m_limits.maxFields));
    const QByteArray lower = name.toByteArray().toLower();
    if (lower == "content-length") {
        bool digits = !value.isEmpty() && value.size() <= 18;
        for (char c : value)
            digits = digits && c >= '0' && c <= '9';
        if (!digits)
            return refuse(400, "Bad Request", QStringLiteral("bad_content_length"),
                          QStringLiteral("Content-Length must be digits only, at most 18 of them"));
        if (m_sawLength)
            return refuse(400, "Bad Request", QStringLiteral("bad_content_length"),
                          QStringLiteral("Content-Length is given more than once"));
        m_sawLength = true;
        m_head.contentLength = value.toLongLong();
    } else if (lower == "transfer-encoding") {
        m_sawTransferEncoding = true;
    } else if (lower == "host") {
        if (m_sawHost)
            return refuse(400, "Bad Request", QStringLiteral("bad_host"),
                          QStringLiteral("Host is given more than once"));
        m_sawHost = true;
        for (char c : value) // uri-host [":" port]: a reg-name, an IP literal or address, and digits
            if (!(isPchar(c) || c == '[' || c == ']' || c == '%') || c == '@')
                return refuse(400, "Bad Request", QStringLiteral("bad_host"),
                              QStringLiteral("Host holds a character a host name may not"));
    } else if (lower == "connection") {
        for (const QByteArray& option : value.toByteArray().split(',')) {
            const QByteArray token = trimmedOws(option).toByteArray().toLower();
            if (token == "close")
                m_head.closeAfter = true;
            else if (token == "upgrade")
                m_head.upgrade = true;
        }
    } else if (lower == "expect") {
        if (value.compare("100-continue", Qt::CaseInsensitive) != 0)
            return refuse(417, "Expectation Failed", QStringLiteral("expectation_failed"),
                          QStringLiteral("the only expectation met here is 100-continue"));
        m_head.expectContinue = true;
    }
    m_head.fields.append({lower, value.toByteArray()});
    return true;
}

bool HeadParser::finish()
{
    if (m_sawTransferEncoding)
        return m_sawLength ? refuse(400, "Bad Request", QStringLiteral("bad_content_length"),
                                    QStringLiteral("Transfer-Encoding and Content-Length together are not accepted"))
                           : refuse(411, "Length Required", QStringLiteral("length_required"),
                                    QStringLiteral("chunked bodies are not accepted; send Content-Length"));
    if (m_head.minorVersion == 1 && !m_sawHost)
        return refuse(400, "Bad Request", QStringLiteral("bad_host"), QStringLiteral("HTTP/1.1 requires Host"));
    if (m_head.minorVersion == 0)
        m_head.closeAfter = true;
    return false;
}

std::vector<FramingEvent> frameRequests(QByteArrayView input, FramingLimits limits)
{
    std::vector<FramingEvent> events;
    HeadParser parser(limits);
    while (!input.isEmpty()) {
        parser.reset();
        const HeadParser::Step step = parser.feed(input);
        input = input.sliced(step.consumed);
        if (step.state == HeadParser::State::Refused) {
            FramingEvent e;
            e.kind = FramingEvent::Kind::Refused;
            e.refusal = parser.refusal();
            events.push_back(e);
            return events;
        }
        if (step.state == HeadParser::State::NeedMore) {
            if (parser.started()) {
                FramingEvent e;
                e.kind = FramingEvent::Kind::Incomplete;
                events.push_back(e);
            }
            return events;
        }
        FramingEvent e;
        e.head = parser.head();
        if (input.size() < e.head.contentLength) {
            e.kind = FramingEvent::Kind::Incomplete;
            events.push_back(e);
            return events;
        }
        e.body = input.first(e.head.contentLength).toByteArray();
        input = input.sliced(e.head.contentLength);
        events.push_back(e);
    }
    return events;
}

} // namespace watchpost
