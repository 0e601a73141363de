#pragma once
// Ed25519: key generation, signing and verification through OpenSSL 3, on raw 32-byte keys.

#include "models/core/Result.h"

#include <QByteArray>
#include <QString>

namespace watchpost {

class Ed25519
{
public:
    struct KeyPair
    {
        QByteArray privateKey; // 32 bytes, raw
        QByteArray publicKey;  // 32 bytes, raw
    };
    static Result<KeyPair> generate();
    static QByteArray sign(const QByteArray& privateKey, const QByteArray& message); // empty on failure
    static bool verify(const QByteArray& publicKey, const QByteArray& message, const QByteArray& signature);
    // A short public name for a key: the first 16 hex digits of the SHA-256 of its public half.
    static QString keyId(const QByteArray& publicKey);
};

} // namespace watchpost
