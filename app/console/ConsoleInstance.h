#pragma once
// ConsoleInstance: one console per store. A second `watchpost` or `watchpost open ROUTE` hands its route
// to the running console over a local socket instead of opening another window.

#include <QObject>

#include <functional>

class QLocalServer;

namespace watchpost {

class ConsoleInstance : public QObject
{
    Q_OBJECT
public:
    explicit ConsoleInstance(const QString& storePath, QObject* parent = nullptr);

    enum class Delivery
    {
        NoConsole, // nothing answers for this store
        Shown,     // the running console shows the route
        Refused,   // the running console answered that the route names nothing
    };
    // Sends `route` to a running console for this store.
    Delivery sendToRunning(const QString& route) const;
    // Called in the running console for each route received; returns whether it could show it.
    void setRouteHandler(std::function<bool(const QString&)> handler) { m_handler = std::move(handler); }
    // Becomes the running console; false (with `error`) when the name cannot be taken.
    bool listen(QString* error);
    QString serverName() const { return m_name; }

private:
    QString m_name;
    QLocalServer* m_server = nullptr;
    std::function<bool(const QString&)> m_handler;
};

} // namespace watchpost
