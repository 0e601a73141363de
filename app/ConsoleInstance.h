#pragma once
// ConsoleInstance: one console per store. A second `watchpost` or `watchpost open ROUTE` hands its route
// to the running console over a local socket instead of opening another window.

#include <QObject>

class QLocalServer;

namespace watchpost {

class ConsoleInstance : public QObject
{
    Q_OBJECT
public:
    explicit ConsoleInstance(const QString& storePath, QObject* parent = nullptr);

    // Sends `route` to a running console for this store; false when none answers.
    bool sendToRunning(const QString& route) const;
    // Becomes the running console; false (with `error`) when the name cannot be taken.
    bool listen(QString* error);
    QString serverName() const { return m_name; }

Q_SIGNALS:
    void routeRequested(const QString& route);

private:
    QString m_name;
    QLocalServer* m_server = nullptr;
};

} // namespace watchpost
