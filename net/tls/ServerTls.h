#pragma once
// ServerTls: the listener's certificate chain and private key, read from PEM files (RSA or EC) and checked before
// anything binds: readable, PEM, unencrypted, the key belonging to the first certificate, the certificate in its
// validity period. The configuration offers TLS 1.2 and later only and asks clients for no certificate.

#include "models/core/Result.h"

#include <QSslConfiguration>

namespace watchpost {

struct ServerTls
{
    // Why this build cannot serve TLS (no OpenSSL backend in Qt), or empty.
    static QString supportProblem();
    // `now` decides whether the certificate is in its validity period.
    static Result<QSslConfiguration> load(const QString& certificatePath, const QString& keyPath, const QDateTime& now);
    // SHA-256 of the DER certificate, lower-case hex without separators (as clients pin it).
    static QString fingerprint(const QSslCertificate& certificate);
};

} // namespace watchpost
