#pragma once
// FakeGitHub: a real HTTP server on loopback standing in for GitHub's REST API (which this machine cannot reach).
// It records every call, answers the hook config PATCH, and on a ping request sends a `ping` delivery to the
// receiver, signed with the secret the last PATCH gave it — as GitHub does. It also serves a health check that
// accepts one bearer value, for generic secrets; and, for the kill switch's levers, repositories with rulesets
// (and the rules in force on a branch), workflows (disable, enable), their runs (one status per list; cancel 202
// or 409), open pull requests and commit statuses. `refusals` makes it answer a call as GitHub refuses one.

#include <QAbstractHttpServer>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QTcpServer>

#include <functional>

class FakeGitHub : public QAbstractHttpServer
{
public:
    struct Call
    {
        QByteArray method;
        QString path;
        QByteArray authorization;
        QJsonObject body;
    };
    QList<Call> calls;
    QString receiverUrl;      // where pings go, e.g. http://127.0.0.1:PORT/api/github/webhooks
    QByteArray secret;        // what the last PATCH set
    int patchStatus = 200;    // 404 to refuse the config change
    bool deliverPings = true; // false: answer 204 and never deliver
    QByteArray healthAccepts; // the bearer value /health accepts
    int pings = 0;
    QByteArray alsoSignWith;     // a second delivery per ping signed with this (e.g. the old secret), if set
    QList<int> deliveryStatuses; // what the receiver answered each delivery sent

    struct Workflow
    {
        qint64 id = 0;
        QString file; // x.yml
        QString state = QStringLiteral("active");
    };
    struct Run
    {
        qint64 id = 0;
        qint64 workflowId = 0;
        QString status; // queued, in_progress, completed, cancelled
    };
    struct Repo
    {
        QString defaultBranch = QStringLiteral("main");
        QMap<qint64, QJsonObject> rulesets; // id → what was posted, with id
        QList<Workflow> workflows;
        QList<Run> runs;
        QStringList openPullHeads;
        QList<QJsonObject> statuses; // {sha, state, context, description}, in order
    };
    QMap<QString, Repo> repos; // owner/repo
    struct Refusal
    {
        QByteArray method;
        QString pathContains;
        int status = 403;
        QString message = QStringLiteral("Resource not accessible by integration");
    };
    QList<Refusal> refusals;
    qint64 nextId = 1000;
    // The calls made with `method` whose path contains `part`.
    int count(const QByteArray& method, const QString& part) const;

    FakeGitHub();
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_tcp.serverPort()); }

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest&, QTcpSocket*) override {}

private:
    bool answerRepository(const Call& call, const QHttpServerRequest& request, QHttpServerResponder& responder);
    void deliverPing();
    void send(const QByteArray& id, const QByteArray& key, std::function<void()> then);

    QTcpServer m_tcp;
    QNetworkAccessManager m_network;
};
