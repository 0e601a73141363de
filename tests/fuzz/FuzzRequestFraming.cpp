// libFuzzer target: the transport guard's framing parser. Beyond "no crash, no undefined behaviour":
// - fed in two pieces at any split, the incremental parser reads exactly what it reads in one piece;
// - the canonical form of a framed head (what QHttpServer is given) frames again to the same head.
#include "net/http/RequestFraming.h"

#include <cstdlib>

using namespace watchpost;

namespace {
void require(bool condition)
{
    if (!condition)
        std::abort();
}

// What decides a request's route and boundaries. (Connection, Expect and Upgrade are the guard's alone: the
// canonical form leaves them out.)
bool sameHead(const RequestHead& a, const RequestHead& b)
{
    return a.method == b.method && a.path == b.path && a.query == b.query && a.minorVersion == b.minorVersion &&
           a.contentLength == b.contentLength;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char*>(data), qsizetype(size));
    const std::vector<FramingEvent> events = frameRequests(input);

    // Split feeding: the first head read in two pieces ends in the same state, at the same byte.
    HeadParser whole;
    const HeadParser::Step once = whole.feed(input);
    const qsizetype split = size > 0 ? qsizetype(data[0]) % (qsizetype(size) + 1) : 0;
    HeadParser pieces;
    HeadParser::Step first = pieces.feed(input.first(split));
    HeadParser::Step second;
    if (first.state == HeadParser::State::NeedMore) {
        second = pieces.feed(input.sliced(split));
        second.consumed += first.consumed;
    } else
        second = first;
    require(second.state == once.state);
    if (once.state != HeadParser::State::Refused)
        require(second.consumed == once.consumed);
    if (once.state == HeadParser::State::Done)
        require(sameHead(whole.head(), pieces.head()) && whole.head().closeAfter == pieces.head().closeAfter &&
                whole.head().fields == pieces.head().fields);
    if (once.state == HeadParser::State::Refused)
        require(whole.refusal().status == pieces.refusal().status && whole.refusal().code == pieces.refusal().code);

    // What QHttpServer is given frames again to the same request: no parser sees a different boundary.
    for (const FramingEvent& e : events) {
        if (e.kind != FramingEvent::Kind::Request)
            continue;
        require(e.body.size() == e.head.contentLength);
        const QByteArray canonical = e.head.canonical();
        const std::vector<FramingEvent> again = frameRequests(canonical + e.body);
        require(again.size() == 1 && again.front().kind == FramingEvent::Kind::Request);
        require(sameHead(again.front().head, e.head));
        require(!again.front().head.expectContinue && !again.front().head.upgrade);
        require(again.front().body == e.body);
        require(!canonical.contains('\n' + QByteArray(" ")) && canonical.count("\r\n\r\n") == 1);
    }
    return 0;
}
