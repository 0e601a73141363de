#pragma once
// SyncClient: a replica's HTTP(S) client for one Watchpost server. The server's certificate is checked against the
// system's trust store — or, when a fingerprint is pinned, against that alone: a pinned server stays pinned
// whatever the trust store says (the pin is checked on encrypted() as well as on errors), and a changed
// certificate is refused naming the pinned and the presented fingerprints.

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

namespace watchpost {

struct SyncServer
{
    QUrl url;      // https://host:port (http:// only on loopback)
    QString token; // the person's API key or session token
    QString pin;   // SHA-256 of the server's DER certificate, lower-case hex; empty: the system's trust store
};

enum class SyncFailure
{
    None,
    Unreachable,        // no connection, timed out, closed
    Tls,                // the TLS handshake failed for another reason
    Untrusted,          // not trusted by the system and not pinned
    CertificateChanged, // pinned, and another certificate was presented
    KeyRefused,         // 401: revoked, expired, unknown
    Forbidden,          // 403
    SchemaMismatch,     // 409 schema_mismatch
    ServerError,        // 5xx
    BadAnswer           // anything else that is not the answer asked for
};

struct SyncAnswer
{
    SyncFailure failure = SyncFailure::None;
    QString message; // for people: why, and what to do
    QJsonObject body;
    qint64 bytes = 0;
    int status = 0;        // the HTTP status; 0 when no answer came
    qint64 changeSeq = -1; // a committed write: the feed's head after it (Watchpost-Change-Seq), else -1
};

class SyncClient : public QObject
{
    Q_OBJECT
public:
    explicit SyncClient(SyncServer server, QObject* parent = nullptr);

    const SyncServer& server() const { return m_server; }
    // The fingerprint the server presented on the last TLS connection (empty before one, or over http).
    QString presentedFingerprint() const { return m_presented; }

    void get(const QString& path, const QUrlQuery& query, std::function<void(SyncAnswer)> done);
    // A write to the server's REST API (POST, PATCH, PUT, DELETE) with a JSON body. A 2xx answer is not a failure;
    // any other status is, with the server's envelope in `body`.
    // `timeoutMs`: how long the answer may take (a rotation waits for GitHub's ping).
    void send(const QByteArray& method, const QString& path, const QJsonObject& body,
              std::function<void(SyncAnswer)> done, int timeoutMs = 30'000);

private:
    void request(const QByteArray& method, const QString& path, const QUrlQuery& query, const QByteArray& body,
                 std::function<void(SyncAnswer)> done, int timeoutMs = 30'000);

    SyncServer m_server;
    QNetworkAccessManager m_network;
    QString m_presented;
};

} // namespace watchpost
