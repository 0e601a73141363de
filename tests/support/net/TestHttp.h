#pragma once
// TestHttp: a small blocking HTTP client over QNetworkAccessManager for tests that talk to a real listener.

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>

#include <memory>

struct HttpAnswer
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray retryAfter;
    QByteArray wwwAuthenticate;
    QHash<QByteArray, QByteArray> headers; // every response header, names in lower case
    QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString errorCode() const
    {
        return json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    }
    QStringList errorFields() const
    {
        QStringList out;
        for (const auto& v : json().value(QStringLiteral("error")).toObject().value(QStringLiteral("fields")).toArray())
            out << v.toString();
        return out;
    }
};

class TestHttp
{
public:
    explicit TestHttp(QString base) : m_base(std::move(base)) {}
    void setToken(const QString& token) { m_token = token; }
    // Over https: the certificates trusted beside the system's (a test's self-signed one).
    void setTrusted(const QList<QSslCertificate>& certificates) { m_trusted = certificates; }

    HttpAnswer send(const QByteArray& method, const QString& path, const QByteArray& body = {},
                    const QByteArray& contentType = "application/json", std::optional<QString> token = std::nullopt,
                    const QList<std::pair<QByteArray, QByteArray>>& headers = {});
    HttpAnswer get(const QString& path) { return send("GET", path); }
    HttpAnswer post(const QString& path, const QJsonObject& body)
    {
        return send("POST", path, QJsonDocument(body).toJson());
    }

private:
    QString m_base;
    QString m_token;
    QList<QSslCertificate> m_trusted;
    std::unique_ptr<QNetworkAccessManager> m_nam = std::make_unique<QNetworkAccessManager>();
};
