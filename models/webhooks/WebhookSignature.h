#pragma once
// WebhookSignature: GitHub's X-Hub-Signature-256 — HMAC-SHA256 over the raw body, compared in constant time.

#include <QByteArray>
#include <QString>

namespace watchpost {

class WebhookSignature
{
public:
    enum class Check
    {
        Valid,
        Missing,   // no X-Hub-Signature-256 header
        Malformed, // not "sha256=" + 64 hex digits
        Mismatch,  // well-formed, but not this body under this secret
    };
    static Check check(const QByteArray& header, const QByteArray& body, const QByteArray& secret);
    // "sha256=<64 lowercase hex>"
    static QByteArray sign(const QByteArray& body, const QByteArray& secret);
    // SHA-256 of a body as lowercase hex (OpenSSL; several times faster than QCryptographicHash in Qt 6.4).
    static QString sha256Hex(const QByteArray& body);
    // The raw 32-byte digest a header names, or empty when malformed.
    static QByteArray parse(const QByteArray& header);
};

} // namespace watchpost
