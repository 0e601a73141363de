#pragma once
// TestHttp: a small blocking HTTP client over QNetworkAccessManager for tests that talk to a real listener.

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <memory>

struct HttpAnswer
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray retryAfter;
    QByteArray wwwAuthenticate;
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

    HttpAnswer send(const QByteArray& method, const QString& path, const QByteArray& body = {},
                    const QByteArray& contentType = "application/json", std::optional<QString> token = std::nullopt,
                    const QList<std::pair<QByteArray, QByteArray>>& headers = {})
    {
        QNetworkRequest request(QUrl(m_base + path));
        for (const auto& [name, value] : headers)
            request.setRawHeader(name, value);
        const QString bearer = token.value_or(m_token);
        if (!bearer.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + bearer.toLatin1());
        if (!contentType.isEmpty() && !body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        QNetworkReply* reply = m_nam->sendCustomRequest(request, method, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        loop.exec();
        HttpAnswer a;
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.body = reply->readAll();
        a.wwwAuthenticate = reply->rawHeader("WWW-Authenticate");
        a.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        a.error = reply->error();
        a.retryAfter = reply->rawHeader("Retry-After");
        reply->deleteLater();
        return a;
    }
    HttpAnswer get(const QString& path) { return send("GET", path); }
    HttpAnswer post(const QString& path, const QJsonObject& body)
    {
        return send("POST", path, QJsonDocument(body).toJson());
    }

private:
    QString m_base;
    QString m_token;
    std::unique_ptr<QNetworkAccessManager> m_nam = std::make_unique<QNetworkAccessManager>();
};
