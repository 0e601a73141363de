#pragma once
// TerminationSignals: turns SIGTERM and SIGINT into a normal event-loop quit (self-pipe), so `serve`
// finishes the request in hand and closes the store cleanly.

#include <QObject>

class QSocketNotifier;

namespace watchpost {

class TerminationSignals : public QObject
{
    Q_OBJECT
public:
    explicit TerminationSignals(QObject* parent = nullptr);
    ~TerminationSignals() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace watchpost
