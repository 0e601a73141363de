#pragma once
// ConnectionBanner: across the top of an attached console's window, whenever it is not simply live — offline since
// when and why, the replica shown "as of" the last change it applied, that actions are refused; and, above all
// else, a "server history changed" alarm naming the records (the replica keeps its copy as evidence).
// Hidden while the link is live and holds no alarm. "Try again now" asks the link to reconnect.

#include "models/remote/RemoteLink.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace watchpost {

class ConnectionBanner : public QFrame
{
    Q_OBJECT
public:
    ConnectionBanner(std::shared_ptr<RemoteLink> link, QWidget* parent = nullptr);

    QString text() const; // what it says now (plain), for the status bar and tests

public Q_SLOTS:
    void update();

private:
    std::shared_ptr<RemoteLink> m_link;
    QLabel* m_text = nullptr;
    QPushButton* m_retry = nullptr;
};

} // namespace watchpost
