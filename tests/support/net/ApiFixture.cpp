#include "tests/support/net/ApiFixture.h"

#include "models/credentials/TokenService.h"

ApiFixture::ApiFixture(watchpost::TransportLimits limits, std::function<void(ApiFixture&)> beforeStart) : StoreFixture()
{
    if (beforeStart)
        beforeStart(*this);
    listener = std::make_unique<watchpost::ListenerThread>(deps(), limits);
    const auto status = listener->start(QHostAddress(QHostAddress::LocalHost), 0, tls);
    if (!status.listening)
        qFatal("listener did not start: %s", qPrintable(status.error));
    url = status.url;
    watchpost::TokenService service(store, clock);
    for (const char* role : {"admin", "responder", "viewer", "automation"})
        tokens.insert(QLatin1String(role),
                      service.create(QStringLiteral("%1-token").arg(QLatin1String(role)), QLatin1String(role))->token);
}

ApiFixture::~ApiFixture()
{
    listener->stop();
}

TestHttp ApiFixture::client(const QString& role)
{
    TestHttp http(url);
    http.setTrusted(trusted);
    http.setToken(tokens.value(role));
    return http;
}
