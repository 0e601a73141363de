#pragma once
// TransportLimits: every limit and timer of the transport guard in one value. Times are milliseconds so tests
// can set them small and stay fast.

#include "net/http/RequestFraming.h"

namespace watchpost {

struct TransportLimits
{
    FramingLimits framing;
    qint64 maxBodyBytes = 1024 * 1024;               // REST API
    qint64 maxWebhookBodyBytes = 25LL * 1024 * 1024; // /api/github/webhooks: GitHub's own cap

    // Request bodies in flight, as the process holds them: each admitted body is charged its declared length
    // times bodyMemoryMultiplier (QHttpServer 6.4 holds a body in the socket's transaction buffer and its own
    // body buffer, and a third copy as it completes; docs/performance.md has the measurement).
    qint64 bodyBudgetBytes = 96LL * 1024 * 1024;
    // One source's share: room for one delivery at GitHub's 25 MB cap, never the whole budget.
    qint64 bodyBudgetPerSourceBytes = 80LL * 1024 * 1024;
    int bodyMemoryMultiplier = 3;
    // Bodies up to smallBodyBytes may also use this much beyond the budget: a flood of large bodies cannot
    // refuse ordinary requests (the process then holds at most bodyBudgetBytes + smallBodyReserveBytes).
    qint64 smallBodyBytes = 64 * 1024;
    qint64 smallBodyReserveBytes = 8LL * 1024 * 1024;
    int budgetRetryAfterSeconds = 5;

    int handshakeTimeoutMs = 10 * 1000; // TLS: accept to an encrypted connection (a stalled handshake is cut)
    int idleTimeoutMs = 30 * 1000;      // no request begun on an open connection
    int headerTimeoutMs = 10 * 1000;    // first byte of a request to the end of its header block
    int requestTimeoutMs = 60 * 1000;   // first byte of a request to the last byte of its body
    // A body slower than this on average, once bodyRateGraceMs have passed, is cut with 408.
    qint64 minBodyBytesPerSecond = 8 * 1024;
    int bodyRateGraceMs = 3 * 1000;
    int bodyRateCheckMs = 1000;
    // A request refused from its head with a body up to this size is answered and its body read past, keeping
    // the connection; a larger one is refused with the connection.
    qint64 discardBodyBytes = 64 * 1024;
    int lingerMs = 5 * 1000;              // a refused connection drains what the client still sends, then is cut …
    qint64 lingerDrainBytes = 256 * 1024; // … reading no more once it has drained this much,
    int lingerAfterDrainMs = 300;         // and cut this long after that
    int refusedCleanupMs = 2 * 1000;      // a connection refused at accept time is gone after this

    int maxConnectionsPerSource = 64;
    int maxConnections = 512;
    // With fewer free slots than this, a new connection evicts the oldest one that has not completed a request
    // (slowloris), so clients that do complete requests keep finding room.
    int evictionReserve = 32;
    // The kernel's queue of connections not yet accepted (Qt's default is 50). A burst larger than the queue leaves
    // the excess waiting on SYN-ACK retransmits for seconds — good clients among them — before the guard sees any.
    int listenBacklog = 1024;
};

} // namespace watchpost
