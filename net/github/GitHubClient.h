#pragma once
// GitHubClient: calls to GitHub's REST API (or GitHub Enterprise Server's) with the configured base URL and token —
// the headers GitHub asks for, a JSON body, a transfer timeout — and an answer that says what GitHub said when it
// refused (status and message), for a lever's detail or a rotation's step.

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QPointer>

#include <functional>

class QNetworkReply;

namespace watchpost {

namespace github {
// A request to `url` carrying `token`, as GitHub's REST API wants it.
QNetworkRequest request(const QString& url, const QByteArray& token, int timeoutMs = 15'000);
// "URL answered HTTP 403: {message}" or "no answer from URL: reason" — for people.
QString problem(QNetworkReply* reply, const QByteArray& body);
} // namespace github

struct GitHubAnswer
{
    int status = 0; // 0: no answer
    QJsonDocument json;
    QString problem; // set unless 2xx
    bool ok() const { return status >= 200 && status < 300; }
    // GitHub's own message on a refusal ({"message": …}), else the problem.
    QString message() const;
};

class GitHubClient
{
public:
    GitHubClient(QNetworkAccessManager* network, QString baseUrl, QByteArray token, QObject* context);
    // `path` from the API root (/repos/o/r/rulesets); `body` sent as JSON when not empty. `done` on `context`'s thread.
    void call(const QByteArray& method, const QString& path, const QJsonObject& body,
              std::function<void(const GitHubAnswer&)> done) const;

private:
    QNetworkAccessManager* m_network;
    QString m_base;
    QByteArray m_token;
    QPointer<QObject> m_context;
};

} // namespace watchpost
