#include "tests/support/net/FakeGitHub.h"

#include "models/webhooks/WebhookSignature.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QUrlQuery>

FakeGitHub::FakeGitHub()
{
    m_tcp.listen(QHostAddress::LocalHost, 0);
    bind(&m_tcp);
}

bool FakeGitHub::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    const QByteArray method = request.method() == QHttpServerRequest::Method::Patch    ? "PATCH"
                              : request.method() == QHttpServerRequest::Method::Post   ? "POST"
                              : request.method() == QHttpServerRequest::Method::Put    ? "PUT"
                              : request.method() == QHttpServerRequest::Method::Delete ? "DELETE"
                                                                                       : "GET";
    Call call{method, request.url().path(), request.value("Authorization"),
              QJsonDocument::fromJson(request.body()).object()};
    calls << call;
    QHttpServerResponder responder = makeResponder(request, socket);
    if (call.path == QLatin1String("/health")) {
        const bool ok = !healthAccepts.isEmpty() && call.authorization == "Bearer " + healthAccepts;
        responder.write(ok ? QHttpServerResponder::StatusCode::Ok : QHttpServerResponder::StatusCode::Unauthorized);
        return true;
    }
    if (method == "PATCH" && call.path.endsWith(QLatin1String("/config"))) {
        if (patchStatus == 200)
            secret = call.body.value(QStringLiteral("secret")).toString().toLatin1();
        responder.write(QJsonDocument(QJsonObject{{"content_type", "json"}, {"insecure_ssl", "0"}}),
                        QHttpServerResponder::StatusCode(patchStatus));
        return true;
    }
    if (method == "POST" && call.path.endsWith(QLatin1String("/pings"))) {
        responder.write(QHttpServerResponder::StatusCode::NoContent);
        if (deliverPings)
            deliverPing();
        return true;
    }
    for (const Refusal& r : refusals)
        if (r.method == method && call.path.contains(r.pathContains)) {
            responder.write(QJsonDocument(QJsonObject{{"message", r.message},
                                                      {"documentation_url", "https://docs.github.com/rest"}}),
                            QHttpServerResponder::StatusCode(r.status));
            return true;
        }
    if (call.path.startsWith(QLatin1String("/repos/")) && answerRepository(call, request, responder))
        return true;
    responder.write(QHttpServerResponder::StatusCode::NotFound);
    return true;
}

int FakeGitHub::count(const QByteArray& method, const QString& part) const
{
    int n = 0;
    for (const Call& c : calls)
        n += c.method == method && c.path.contains(part) ? 1 : 0;
    return n;
}

bool FakeGitHub::answerRepository(const Call& call, const QHttpServerRequest& request, QHttpServerResponder& responder)
{
    using S = QHttpServerResponder::StatusCode;
    const QStringList parts = call.path.split(QLatin1Char('/')).mid(2); // owner, repo, …
    if (parts.size() < 2)
        return false;
    const QString name = parts.at(0) + QLatin1Char('/') + parts.at(1);
    if (!repos.contains(name)) {
        responder.write(QJsonDocument(QJsonObject{{"message", "Not Found"}}), S::NotFound);
        return true;
    }
    Repo& repo = repos[name];
    const QStringList rest = parts.mid(2);
    const QString query = request.url().query();
    auto json = [&](const QJsonValue& v, S status = S::Ok) {
        responder.write(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject()), status);
        return true;
    };
    if (rest.isEmpty() && call.method == "GET")
        return json(QJsonObject{{"full_name", name}, {"default_branch", repo.defaultBranch}});
    if (rest.value(0) == QLatin1String("rulesets")) {
        if (rest.size() == 1 && call.method == "GET") {
            QJsonArray list;
            for (const QJsonObject& r : repo.rulesets)
                list << QJsonObject{{"id", r.value("id")},
                                    {"name", r.value("name")},
                                    {"target", r.value("target")},
                                    {"enforcement", r.value("enforcement")}};
            return json(list);
        }
        if (rest.size() == 1 && call.method == "POST") {
            QJsonObject r = call.body;
            r.insert("id", ++nextId);
            repo.rulesets.insert(nextId, r);
            return json(r, S::Created);
        }
        if (rest.size() == 2 && call.method == "DELETE") {
            responder.write(repo.rulesets.remove(rest.at(1).toLongLong()) ? S::NoContent : S::NotFound);
            return true;
        }
    }
    if (rest.value(0) == QLatin1String("rules") && rest.value(1) == QLatin1String("branches") && call.method == "GET") {
        QJsonArray rules; // the active branch rulesets that include every branch
        for (const QJsonObject& r : repo.rulesets)
            if (r.value("target").toString() == QLatin1String("branch") &&
                r.value("enforcement").toString() == QLatin1String("active") &&
                r.value("conditions")
                    .toObject()
                    .value("ref_name")
                    .toObject()
                    .value("include")
                    .toArray()
                    .contains(QJsonValue("~ALL")))
                for (const QJsonValue rule : r.value("rules").toArray())
                    rules << QJsonObject{{"type", rule.toObject().value("type")},
                                         {"ruleset_source_type", "Repository"},
                                         {"ruleset_source", name},
                                         {"ruleset_id", r.value("id")}};
        return json(rules);
    }
    if (rest.value(0) == QLatin1String("actions") && rest.value(1) == QLatin1String("workflows") && rest.size() >= 3) {
        Workflow* w = nullptr;
        for (Workflow& candidate : repo.workflows)
            if (candidate.file == rest.at(2) || QString::number(candidate.id) == rest.at(2))
                w = &candidate;
        if (!w) {
            responder.write(QJsonDocument(QJsonObject{{"message", "Not Found"}}), S::NotFound);
            return true;
        }
        if (rest.size() == 3 && call.method == "GET")
            return json(QJsonObject{{"id", w->id}, {"path", ".github/workflows/" + w->file}, {"state", w->state}});
        if (rest.size() == 4 && call.method == "PUT" &&
            (rest.at(3) == QLatin1String("disable") || rest.at(3) == QLatin1String("enable"))) {
            w->state = rest.at(3) == QLatin1String("disable") ? "disabled_manually" : "active";
            responder.write(S::NoContent);
            return true;
        }
        if (rest.size() == 4 && rest.at(3) == QLatin1String("runs") && call.method == "GET") {
            const QString status = QUrlQuery(query).queryItemValue("status");
            QJsonArray runs;
            for (const Run& r : repo.runs)
                if (r.workflowId == w->id && (status.isEmpty() || r.status == status))
                    runs << QJsonObject{{"id", r.id}, {"status", r.status}};
            return json(QJsonObject{{"total_count", runs.size()}, {"workflow_runs", runs}});
        }
    }
    if (rest.value(0) == QLatin1String("actions") && rest.value(1) == QLatin1String("runs") && rest.size() == 4 &&
        rest.at(3) == QLatin1String("cancel") && call.method == "POST") {
        for (Run& r : repo.runs)
            if (QString::number(r.id) == rest.at(2)) {
                if (r.status != QLatin1String("queued") && r.status != QLatin1String("in_progress"))
                    return json(QJsonObject{{"message", "Cannot cancel a workflow run that is completed."}},
                                S::Conflict);
                r.status = "cancelled";
                return json(QJsonObject{}, S::Accepted);
            }
        responder.write(S::NotFound);
        return true;
    }
    if (rest.value(0) == QLatin1String("pulls") && call.method == "GET") {
        QJsonArray pulls;
        int number = 0;
        for (const QString& sha : repo.openPullHeads)
            pulls << QJsonObject{{"number", ++number}, {"state", "open"}, {"head", QJsonObject{{"sha", sha}}}};
        return json(pulls);
    }
    if (rest.value(0) == QLatin1String("statuses") && rest.size() == 2 && call.method == "POST") {
        QJsonObject status = call.body;
        status.insert("sha", rest.at(1));
        repo.statuses << status;
        return json(status, S::Created);
    }
    return false;
}

void FakeGitHub::deliverPing()
{
    ++pings;
    const QByteArray n = QByteArray::number(pings);
    if (alsoSignWith.isEmpty())
        return send(n, secret, {});
    // The other delivery first, and the real ping only once it was answered: both land inside the wait.
    send("old-" + n, alsoSignWith, [this, n] { send(n, secret, {}); });
}

void FakeGitHub::send(const QByteArray& id, const QByteArray& key, std::function<void()> then)
{
    const QByteArray body = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":42,\"n\":\"" + id + "\"}";
    QNetworkRequest r{QUrl(receiverUrl)};
    r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    r.setRawHeader("X-GitHub-Event", "ping");
    r.setRawHeader("X-GitHub-Delivery", "fake-ping-" + id);
    r.setRawHeader("X-Hub-Signature-256", watchpost::WebhookSignature::sign(body, key));
    r.setRawHeader("User-Agent", "GitHub-Hookshot/fake");
    QNetworkReply* reply = m_network.post(r, body);
    QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply, then] {
        deliveryStatuses << reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        if (then)
            then();
    });
}
