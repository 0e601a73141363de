#include "net/sync/SyncClient.h"

#include "net/sync/SyncJson.h"
#include "net/tls/ServerTls.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QSslConfiguration>

namespace watchpost {

SyncClient::SyncClient(SyncServer server, QObject* parent) : QObject(parent), m_server(std::move(server))
{
    // One connection is reused page after page; a fresh TLS session per request would re-check the pin each time
    // anyway (encrypted() fires per connection).
    m_network.setAutoDeleteReplies(false);
}

void SyncClient::get(const QString& path, const QUrlQuery& query, std::function<void(SyncAnswer)> done)
{
    request("GET", path, query, {}, std::move(done));
}

void SyncClient::send(const QByteArray& method, const QString& path, const QJsonObject& body,
                      std::function<void(SyncAnswer)> done, int timeoutMs)
{
    request(method, path, {}, QJsonDocument(body).toJson(QJsonDocument::Compact), std::move(done), timeoutMs);
}

void SyncClient::request(const QByteArray& method, const QString& path, const QUrlQuery& query,
                         const QByteArray& payload, std::function<void(SyncAnswer)> done, int timeoutMs)
{
    QUrl url = m_server.url;
    url.setPath(path);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_server.token.toUtf8());
    request.setTransferTimeout(timeoutMs);
    const bool write = method != "GET";
    if (write)
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply* reply = write ? m_network.sendCustomRequest(request, method, payload) : m_network.get(request);
    struct Seen
    {
        bool sslErrors = false;
        bool pinMismatch = false;
        QString errors;
    };
    auto seen = std::make_shared<Seen>();
    const QString pin = m_server.pin;
    auto presented = [this, reply](const QSslCertificate& offered) {
        const QSslCertificate peer = offered.isNull() ? reply->sslConfiguration().peerCertificate() : offered;
        if (!peer.isNull())
            m_presented = ServerTls::fingerprint(peer);
        return m_presented;
    };
    connect(reply, &QNetworkReply::sslErrors, this, [reply, seen, pin, presented](const QList<QSslError>& errors) {
        seen->sslErrors = true;
        QStringList names;
        for (const QSslError& e : errors)
            names << e.errorString();
        seen->errors = names.join(QStringLiteral("; "));
        // Pinned: the pin is the server's identity (a self-signed certificate, or a name the trust store does not
        // cover); its errors are accepted only for exactly that certificate.
        QSslCertificate offered = reply->sslConfiguration().peerCertificate();
        for (const QSslError& e : errors)
            if (offered.isNull() && !e.certificate().isNull())
                offered = e.certificate();
        if (presented(offered) == pin && !pin.isEmpty())
            reply->ignoreSslErrors();
    });
    connect(reply, &QNetworkReply::encrypted, this, [reply, seen, pin, presented] {
        if (!pin.isEmpty() && presented(QSslCertificate()) != pin) {
            seen->pinMismatch = true; // trusted by the system or not: not the pinned certificate
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, seen, pin, write, done = std::move(done)] {
        reply->deleteLater();
        SyncAnswer a;
        const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
        a.bytes = body.size();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.status = status;
        if (const QByteArray seq = reply->rawHeader(json::kChangeSeqHeader); !seq.isEmpty())
            a.changeSeq = seq.toLongLong();
        const QString where = m_server.url.toString(QUrl::RemoveUserInfo);
        const QJsonObject object = QJsonDocument::fromJson(body).object();
        const QString serverMessage =
            object.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
        if (seen->pinMismatch || (seen->sslErrors && !pin.isEmpty() && m_presented != pin)) {
            a.failure = SyncFailure::CertificateChanged;
            a.message = QStringLiteral("the certificate of %1 changed: pinned SHA-256 %2, presented %3 — refused. If "
                                       "the server's operator confirms the new certificate, pin it again")
                            .arg(where, pin, m_presented);
        } else if (seen->sslErrors && pin.isEmpty()) {
            a.failure = SyncFailure::Untrusted;
            a.message =
                QStringLiteral("the certificate of %1 is not trusted by this system (%2); its SHA-256 "
                               "fingerprint is %3 — if the server's operator confirms it, pin it (--fingerprint)")
                    .arg(where, seen->errors, m_presented);
        } else if (reply->error() == QNetworkReply::SslHandshakeFailedError) {
            a.failure = SyncFailure::Tls;
            a.message = QStringLiteral("the TLS handshake with %1 failed: %2").arg(where, reply->errorString());
        } else if (status == 0) {
            a.failure = SyncFailure::Unreachable;
            a.message = QStringLiteral("cannot reach %1: %2").arg(where, reply->errorString());
        } else if (status == 401) {
            a.failure = SyncFailure::KeyRefused;
            a.message = QStringLiteral("%1 refused the API key: %2").arg(where, serverMessage);
        } else if (status == 403) {
            a.failure = SyncFailure::Forbidden;
            a.message = QStringLiteral("%1 refused: %2").arg(where, serverMessage);
        } else if (status == 409 &&
                   object.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString() ==
                       QLatin1String("schema_mismatch")) {
            a.failure = SyncFailure::SchemaMismatch;
            a.message = QStringLiteral("%1 will not sync: %2").arg(where, serverMessage);
        } else if (status >= 500) {
            a.failure = SyncFailure::ServerError;
            a.message = QStringLiteral("%1 failed to answer (%2): %3").arg(where).arg(status).arg(serverMessage);
        } else if (write && status / 100 != 2) {
            a.failure = SyncFailure::BadAnswer; // a refusal: the envelope in `body` says why
            a.message =
                serverMessage.isEmpty() ? QStringLiteral("%1 answered %2").arg(where).arg(status) : serverMessage;
        } else if (write) {
            // 2xx: done, whatever the body
        } else if (status != 200 || object.isEmpty()) {
            a.failure = SyncFailure::BadAnswer;
            a.message = QStringLiteral("%1 answered %2, not the JSON asked for: %3")
                            .arg(where)
                            .arg(status)
                            .arg(serverMessage.isEmpty() ? QString::fromUtf8(body.left(200)) : serverMessage);
        }
        a.body = object;
        done(a);
    });
}

} // namespace watchpost
