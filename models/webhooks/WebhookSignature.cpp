#include "models/webhooks/WebhookSignature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace watchpost {
namespace {
QByteArray hmac(const QByteArray& body, const QByteArray& secret)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), secret.constData(), int(secret.size()),
              reinterpret_cast<const unsigned char*>(body.constData()), size_t(body.size()), digest, &length))
        return {};
    return QByteArray(reinterpret_cast<const char*>(digest), int(length));
}
} // namespace

QByteArray WebhookSignature::parse(const QByteArray& header)
{
    static const QByteArray prefix("sha256=");
    const QByteArray h = header.trimmed();
    if (h.size() != prefix.size() + 64 || !h.startsWith(prefix))
        return {};
    for (qsizetype i = prefix.size(); i < h.size(); ++i) {
        const char c = h.at(i);
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return {};
    }
    return QByteArray::fromHex(h.mid(prefix.size()));
}

WebhookSignature::Check WebhookSignature::check(const QByteArray& header, const QByteArray& body,
                                                const QByteArray& secret)
{
    if (header.isEmpty())
        return Check::Missing;
    const QByteArray claimed = parse(header);
    if (claimed.size() != 32)
        return Check::Malformed;
    const QByteArray expected = hmac(body, secret);
    if (expected.size() != 32 || secret.isEmpty())
        return Check::Mismatch;
    return CRYPTO_memcmp(claimed.constData(), expected.constData(), 32) == 0 ? Check::Valid : Check::Mismatch;
}

QString WebhookSignature::sha256Hex(const QByteArray& body)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(body.constData(), size_t(body.size()), digest, &length, EVP_sha256(), nullptr) != 1)
        return {};
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(digest), int(length)).toHex());
}

QByteArray WebhookSignature::sign(const QByteArray& body, const QByteArray& secret)
{
    return "sha256=" + hmac(body, secret).toHex();
}

} // namespace watchpost
