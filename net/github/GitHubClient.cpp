#include "net/github/GitHubClient.h"

#include <QNetworkReply>

namespace watchpost {

QNetworkRequest github::request(const QString& url, const QByteArray& token, int timeoutMs)
{
    QNetworkRequest r{QUrl(url)};
    r.setRawHeader("Accept", "application/vnd.github+json");
    r.setRawHeader("X-GitHub-Api-Version", "2022-11-28");
    r.setRawHeader("Authorization", "Bearer " + token);
    r.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("Watchpost"));
    r.setTransferTimeout(timeoutMs);
    return r;
}

QString github::problem(QNetworkReply* reply, const QByteArray& body)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString text = QString::fromUtf8(body.left(300)).simplified();
    if (status == 0)
        return QStringLiteral("no answer from %1: %2")
            .arg(reply->url().toString(QUrl::RemoveUserInfo), reply->errorString());
    return QStringLiteral("%1 answered HTTP %2%3")
        .arg(reply->url().toString(QUrl::RemoveUserInfo))
        .arg(status)
        .arg(text.isEmpty() ? QString() : QStringLiteral(": ") + text);
}

QString GitHubAnswer::message() const
{
    const QString said = json.object().value(QStringLiteral("message")).toString();
    if (said.isEmpty())
        return problem;
    return QStringLiteral("GitHub answered HTTP %1: %2").arg(status).arg(said.left(300));
}

GitHubClient::GitHubClient(QNetworkAccessManager* network, QString baseUrl, QByteArray token, QObject* context)
    : m_network(network), m_base(std::move(baseUrl)), m_token(std::move(token)), m_context(context)
{
    while (m_base.endsWith(QLatin1Char('/')))
        m_base.chop(1);
}

void GitHubClient::call(const QByteArray& method, const QString& path, const QJsonObject& body,
                        std::function<void(const GitHubAnswer&)> done) const
{
    QNetworkRequest r = github::request(m_base + path, m_token);
    QByteArray payload;
    if (!body.isEmpty()) {
        r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    QNetworkReply* reply = m_network->sendCustomRequest(r, method, payload);
    QObject::connect(reply, &QNetworkReply::finished, m_context.data(), [reply, done] {
        reply->deleteLater();
        GitHubAnswer a;
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray bytes = reply->readAll();
        a.json = QJsonDocument::fromJson(bytes);
        if (!a.ok())
            a.problem = github::problem(reply, bytes);
        done(a);
    });
}

} // namespace watchpost
