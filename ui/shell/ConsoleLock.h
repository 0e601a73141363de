#pragma once
// ConsoleLock: when the console is locked behind its owner's passphrase — at start (unless the keychain says the
// owner stays signed in, asked off the GUI thread), on Ctrl+L, after idle time (input timed on the injectable
// clock), on the session's screen lock, and after a forced re-authentication. It switches the window between its
// pages and the lock panel; the window reacts to `changed`.

#include "ui/shell/ConsoleContext.h"

#include <QDateTime>
#include <QObject>
#include <QThread>

#include <memory>

class QStackedWidget;

namespace watchpost {

class OwnerLockPanel;

class ConsoleLock : public QObject
{
    Q_OBJECT
public:
    // `outer` shows the console on page 0; the lock panel is added to it. Without an owner nothing ever locks.
    ConsoleLock(const ConsoleContext& ctx, QStackedWidget* outer, int idleMinutes, QObject* parent);
    ~ConsoleLock() override;

    bool isLocked() const;
    OwnerLockPanel* panel() const { return m_panel; }
    int idleMinutes() const { return m_idleMinutes; }
    void setIdleMinutes(int minutes) { m_idleMinutes = std::max(0, minutes); }
    // Locks at once (the first lock of a start, or a reason to show).
    void lock(const QString& why);
    // Ctrl+L and the screen lock: the passphrase is asked again.
    void lockNow(const QString& why = {});
    // Every second: a forced re-authentication, or the idle time run out, locks.
    void tick();

Q_SIGNALS:
    // The lock showed or went.
    void changed(bool locked);
    // The owner signed in (`announce`: by typing, not by "stay signed in").
    void unlocked(const QString& name, bool announce);
    // Signed in, but something around it failed; the window shows it once the lock has gone.
    void warning(const QString& message);
    // The start-up check of "stay signed in" is done.
    void rememberedChecked(bool remembered);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void unlockAs(const QString& name, bool announce);
    void checkRememberedInBackground();

    ConsoleContext m_ctx;
    QStackedWidget* m_outer;
    OwnerLockPanel* m_panel = nullptr;
    QDateTime m_unlockedAt;
    qint64 m_lastInputAt = 0;
    int m_idleMinutes = 15;
    std::unique_ptr<QThread> m_rememberedCheck; // waited for on destruction: a keychain read ends within its timeout
};

} // namespace watchpost
