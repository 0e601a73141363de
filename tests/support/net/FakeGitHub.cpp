#include "tests/support/net/FakeGitHub.h"

#include "models/webhooks/WebhookSignature.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QNetworkReply>

FakeGitHub::FakeGitHub()
{
    m_tcp.listen(QHostAddress::LocalHost, 0);
    bind(&m_tcp);
}

bool FakeGitHub::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    const QByteArray method = request.method() == QHttpServerRequest::Method::Patch  ? "PATCH"
                              : request.method() == QHttpServerRequest::Method::Post ? "POST"
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
    responder.write(QHttpServerResponder::StatusCode::NotFound);
    return true;
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
