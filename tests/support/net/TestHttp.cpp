#include "tests/support/net/TestHttp.h"

#include <QEventLoop>
#include <QSslConfiguration>
#include <QTimer>

HttpAnswer TestHttp::send(const QByteArray& method, const QString& path, const QByteArray& body,
                          const QByteArray& contentType, std::optional<QString> token,
                          const QList<std::pair<QByteArray, QByteArray>>& headers)
{
    QNetworkRequest request(QUrl(m_base + path));
    if (!m_trusted.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(m_trusted);
        request.setSslConfiguration(ssl);
    }
    for (const auto& [name, value] : headers)
        request.setRawHeader(name, value);
    const QString bearer = token.value_or(m_token);
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer.toLatin1());
    if (!contentType.isEmpty() && !body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    // HEAD through head(): as a custom verb the reply would wait for a body that never comes.
    QNetworkReply* reply = method == "HEAD" ? m_nam->head(request) : m_nam->sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    loop.exec();
    HttpAnswer a;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.body = reply->readAll();
    a.wwwAuthenticate = reply->rawHeader("WWW-Authenticate");
    for (const auto& [name, value] : reply->rawHeaderPairs())
        a.headers.insert(name.toLower(), value);
    a.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    a.error = reply->error();
    a.retryAfter = reply->rawHeader("Retry-After");
    reply->deleteLater();
    return a;
}
