#include "net/tls/ServerTls.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace watchpost {
namespace {
Result<QByteArray> readPem(const QString& path, const char* flag)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::validation(
            QStringLiteral("cannot read %1 %2: %3").arg(QLatin1String(flag), path, f.errorString()));
    const QByteArray data = f.read(1024 * 1024 + 1);
    if (data.size() > 1024 * 1024)
        return Error::validation(
            QStringLiteral("%1 %2 is larger than 1 MB: not a PEM file").arg(QLatin1String(flag), path));
    return data;
}

// OpenSSL's own check that the private key is the one of the certificate's public key.
bool keyMatches(const QByteArray& certificatePem, const QByteArray& keyPem)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> certBio(
        BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size())), &BIO_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())),
                                                     &BIO_free);
    if (!certBio || !keyBio)
        return false;
    std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr),
                                                     &X509_free);
    // An empty passphrase callback: an encrypted key fails here instead of prompting on the terminal.
    auto noPassphrase = [](char*, int, int, void*) -> int { return 0; };
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(keyBio.get(), nullptr, noPassphrase, nullptr), &EVP_PKEY_free);
    return cert && key && X509_check_private_key(cert.get(), key.get()) == 1;
}
} // namespace

QString ServerTls::supportProblem()
{
    if (QSslSocket::supportsSsl())
        return {};
    return QStringLiteral("this Qt has no working TLS backend (QSslSocket::supportsSsl() is false; OpenSSL %1 "
                          "was expected, found: %2)")
        .arg(QSslSocket::sslLibraryBuildVersionString(), QSslSocket::sslLibraryVersionString().isEmpty()
                                                             ? QStringLiteral("none")
                                                             : QSslSocket::sslLibraryVersionString());
}

QString ServerTls::fingerprint(const QSslCertificate& certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex());
}

Result<QSslConfiguration> ServerTls::load(const QString& certificatePath, const QString& keyPath, const QDateTime& now)
{
    if (const QString problem = supportProblem(); !problem.isEmpty())
        return Error::validation(problem);
    const auto certPem = readPem(certificatePath, "--tls-cert");
    if (!certPem)
        return certPem.error();
    const auto keyPem = readPem(keyPath, "--tls-key");
    if (!keyPem)
        return keyPem.error();
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certPem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return Error::validation(QStringLiteral("--tls-cert %1 holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
                                     .arg(certificatePath));
    if (keyPem->contains("ENCRYPTED"))
        return Error::validation(QStringLiteral("--tls-key %1 is encrypted: the listener starts unattended, so give it "
                                                "the key without a passphrase (readable by its owner only)")
                                     .arg(keyPath));
    QSslKey key;
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        key = QSslKey(*keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return Error::validation(
            QStringLiteral("--tls-key %1 holds no RSA or EC private key in PEM (-----BEGIN PRIVATE KEY-----)")
                .arg(keyPath));
    if (!keyMatches(*certPem, *keyPem))
        return Error::validation(QStringLiteral("--tls-key %1 is not the key of the certificate in --tls-cert %2 (%3)")
                                     .arg(keyPath, certificatePath, chain.first().subjectDisplayName()));
    const QSslCertificate& leaf = chain.first();
    if (now < leaf.effectiveDate())
        return Error::validation(QStringLiteral("the certificate in --tls-cert %1 is not valid before %2")
                                     .arg(certificatePath, leaf.effectiveDate().toUTC().toString(Qt::ISODate)));
    if (now > leaf.expiryDate())
        return Error::validation(QStringLiteral("the certificate in --tls-cert %1 expired on %2")
                                     .arg(certificatePath, leaf.expiryDate().toUTC().toString(Qt::ISODate)));
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with their API key, not a certificate
    return config;
}

} // namespace watchpost
