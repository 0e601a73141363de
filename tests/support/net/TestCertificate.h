#pragma once
// TestCertificate: a self-signed EC P-256 certificate and its key, made with OpenSSL for the test that needs them
// and written as PEM files (the listener reads files, as in production). Its subject alternative names are
// localhost and 127.0.0.1, so a client checking the name against the loopback URL accepts it.

#include <QDateTime>
#include <QSslCertificate>
#include <QString>

struct TestCertificate
{
    QString certificatePath;
    QString keyPath;
    QSslCertificate certificate;

    struct Options
    {
        QString commonName = QStringLiteral("watchpost-test");
        qint64 validFromSeconds = -3600;  // relative to now
        qint64 validUntilSeconds = 86400; // relative to now
        QString passphrase;               // non-empty: the key is written encrypted with it
        bool rsa = false;                 // RSA 2048 instead of EC P-256 (slower to make)
    };
    // Writes NAME.crt and NAME.key into `directory`; aborts the test run if OpenSSL fails.
    static TestCertificate make(const QString& directory, const QString& name, const Options& options);
    static TestCertificate make(const QString& directory, const QString& name = QStringLiteral("server"))
    {
        return make(directory, name, Options{});
    }
    // SHA-256 of the DER certificate in lower-case hex.
    QString fingerprint() const;
};
