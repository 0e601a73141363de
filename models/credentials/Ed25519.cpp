#include "models/credentials/Ed25519.h"

#include <memory>
#include <openssl/evp.h>

namespace watchpost {
namespace {
using PKey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using MdContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
const unsigned char* bytes(const QByteArray& b)
{
    return reinterpret_cast<const unsigned char*>(b.constData());
}
} // namespace

Result<Ed25519::KeyPair> Ed25519::generate()
{
    EVP_PKEY* raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (!raw)
        return Error::storage(QStringLiteral("OpenSSL could not generate an Ed25519 key"));
    PKey key(raw, &EVP_PKEY_free);
    KeyPair pair;
    size_t length = 32;
    pair.privateKey.resize(32);
    pair.publicKey.resize(32);
    if (EVP_PKEY_get_raw_private_key(key.get(), reinterpret_cast<unsigned char*>(pair.privateKey.data()), &length) !=
            1 ||
        length != 32 ||
        EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(pair.publicKey.data()), &length) != 1 ||
        length != 32)
        return Error::storage(QStringLiteral("OpenSSL could not export the new Ed25519 key"));
    return pair;
}

QByteArray Ed25519::sign(const QByteArray& privateKey, const QByteArray& message)
{
    if (privateKey.size() != 32)
        return {};
    PKey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(privateKey), 32), &EVP_PKEY_free);
    MdContext ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!key || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
        return {};
    QByteArray signature(64, Qt::Uninitialized);
    size_t length = 64;
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, bytes(message),
                       size_t(message.size())) != 1 ||
        length != 64)
        return {};
    return signature;
}

bool Ed25519::verify(const QByteArray& publicKey, const QByteArray& message, const QByteArray& signature)
{
    if (publicKey.size() != 32 || signature.size() != 64)
        return false;
    PKey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(publicKey), 32), &EVP_PKEY_free);
    MdContext ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!key || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), bytes(signature), 64, bytes(message), size_t(message.size())) == 1;
}

QString Ed25519::keyId(const QByteArray& publicKey)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(publicKey.constData(), size_t(publicKey.size()), digest, &length, EVP_sha256(), nullptr);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(digest), 8).toHex());
}

} // namespace watchpost
