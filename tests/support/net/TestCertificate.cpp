#include "tests/support/net/TestCertificate.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace {
template <typename T, void (*F)(T*)> struct Free
{
    void operator()(T* p) const { F(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Free<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Free<BIO, BIO_free_all>>;

void check(bool ok, const char* what)
{
    if (!ok)
        qFatal("TestCertificate: OpenSSL failed at %s", what);
}

QByteArray drain(BIO* bio)
{
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(size));
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    check(f.open(QIODevice::WriteOnly | QIODevice::Truncate), "opening the output file");
    check(f.write(bytes) == bytes.size(), "writing the output file");
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}
} // namespace

TestCertificate TestCertificate::make(const QString& directory, const QString& name, const Options& options)
{
    Key key(options.rsa ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256"));
    check(bool(key), "generating the key");
    Cert cert(X509_new());
    check(bool(cert), "X509_new");
    check(X509_set_version(cert.get(), 2) == 1, "X509_set_version");
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), long(QDateTime::currentMSecsSinceEpoch() % 1'000'000'000));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), long(options.validFromSeconds));
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), long(options.validUntilSeconds));
    check(X509_set_pubkey(cert.get(), key.get()) == 1, "X509_set_pubkey");
    X509_NAME* subject = X509_get_subject_name(cert.get());
    const QByteArray cn = options.commonName.toUtf8();
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.constData()), -1,
                               -1, 0);
    check(X509_set_issuer_name(cert.get(), subject) == 1, "X509_set_issuer_name");
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"},
                              std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
        check(ext != nullptr, "making an extension");
        X509_add_ext(cert.get(), ext, -1);
        X509_EXTENSION_free(ext);
    }
    check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "X509_sign");

    Bio certPem(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_X509(certPem.get(), cert.get()) == 1, "PEM_write_bio_X509");
    Bio keyPem(BIO_new(BIO_s_mem()));
    const QByteArray pass = options.passphrase.toUtf8();
    check(PEM_write_bio_PrivateKey(keyPem.get(), key.get(), pass.isEmpty() ? nullptr : EVP_aes_256_cbc(),
                                   pass.isEmpty() ? nullptr : reinterpret_cast<const unsigned char*>(pass.constData()),
                                   int(pass.size()), nullptr, nullptr) == 1,
          "PEM_write_bio_PrivateKey");

    TestCertificate out;
    out.certificatePath = QDir(directory).filePath(name + QStringLiteral(".crt"));
    out.keyPath = QDir(directory).filePath(name + QStringLiteral(".key"));
    const QByteArray certBytes = drain(certPem.get());
    writeFile(out.certificatePath, certBytes);
    writeFile(out.keyPath, drain(keyPem.get()));
    out.certificate = QSslCertificate(certBytes, QSsl::Pem);
    return out;
}

QString TestCertificate::fingerprint() const
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex());
}
