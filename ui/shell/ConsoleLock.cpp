#include "ui/shell/ConsoleLock.h"

#include "ui/shell/OwnerLockPanel.h"

#include <QApplication>
#include <QEvent>
#include <QPointer>
#include <QStackedWidget>

namespace watchpost {

ConsoleLock::ConsoleLock(const ConsoleContext& ctx, QStackedWidget* outer, int idleMinutes, QObject* parent)
    : QObject(parent), m_ctx(ctx), m_outer(outer), m_idleMinutes(std::max(0, idleMinutes))
{
    m_lastInputAt = m_ctx.clock()->nowMs();
    qApp->installEventFilter(this);
    if (!ctx.owner)
        return;
    m_panel = new OwnerLockPanel(ctx.owner, ctx.keys(), m_outer);
    if (ctx.connectToServer)
        m_panel->setConnectToServer(ctx.connectToServer);
    m_outer->addWidget(m_panel);
    connect(m_panel, &OwnerLockPanel::unlocked, this, [this](const QString& name, const QString& warning) {
        unlockAs(name, true);
        if (!warning.isEmpty())
            Q_EMIT this->warning(warning);
    });
}

ConsoleLock::~ConsoleLock()
{
    qApp->removeEventFilter(this);
    if (m_rememberedCheck)
        m_rememberedCheck->wait();
}

bool ConsoleLock::isLocked() const
{
    return m_panel && m_outer->currentWidget() == m_panel;
}

bool ConsoleLock::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
        m_lastInputAt = m_ctx.clock()->nowMs();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void ConsoleLock::lock(const QString& why)
{
    if (!m_panel)
        return;
    const bool first = m_unlockedAt.isNull() && !isLocked();
    m_panel->prepare(why);
    m_outer->setCurrentWidget(m_panel);
    Q_EMIT changed(true);
    // Locked until the owner is known: a remembered sign-in is confirmed by the keychain off this thread.
    if (first && why.isEmpty())
        checkRememberedInBackground();
}

void ConsoleLock::lockNow(const QString& why)
{
    if (!m_panel || isLocked())
        return;
    const auto owner = m_ctx.owner->ownerName();
    if (!owner || !owner->has_value())
        return; // no owner yet: the set-up form is what shows
    lock(why.isEmpty()
             ? QStringLiteral("Locked by %1. Enter the passphrase to continue.").arg((*owner)->toHtmlEscaped())
             : why + QStringLiteral(" Enter the passphrase of %1 to continue.").arg((*owner)->toHtmlEscaped()));
}

void ConsoleLock::tick()
{
    if (!m_ctx.owner || isLocked())
        return;
    if (m_ctx.owner->mustReauthenticate(m_unlockedAt)) {
        // A forced re-authentication also ends "stay signed in".
        m_ctx.owner->forget(m_ctx.keys().get());
        const auto owner = m_ctx.owner->ownerName();
        lock(QStringLiteral("<b>Re-authentication was forced</b> (token-compromise recovery). Enter the passphrase of "
                            "%1 to continue; every earlier session was cut off.")
                 .arg(owner && owner->has_value() ? (*owner)->toHtmlEscaped() : QStringLiteral("the owner")));
        return;
    }
    const qint64 now = m_ctx.clock()->nowMs();
    if (m_idleMinutes > 0 && now - m_lastInputAt >= qint64(m_idleMinutes) * 60000)
        lockNow(QStringLiteral("Locked after %1 minute%2 without input.")
                    .arg(m_idleMinutes)
                    .arg(m_idleMinutes == 1 ? "" : "s"));
}

void ConsoleLock::unlockAs(const QString& name, bool announce)
{
    m_ctx.setActor(name);
    m_unlockedAt = m_ctx.clock()->now();
    m_lastInputAt = m_ctx.clock()->nowMs();
    m_outer->setCurrentIndex(0);
    Q_EMIT changed(false);
    Q_EMIT unlocked(name, announce);
}

void ConsoleLock::checkRememberedInBackground()
{
    const auto owner = m_ctx.owner->ownerName();
    if (!owner || !owner->has_value() || !m_ctx.keys()) {
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT rememberedChecked(false); }, Qt::QueuedConnection);
        return;
    }
    const QString name = **owner;
    // The worker has its own store connection (OwnerAccount reads on the calling thread) and hands its answer back
    // queued, to this lock only if it still exists.
    m_rememberedCheck.reset(QThread::create(
        [owner = m_ctx.owner, keys = m_ctx.keys(), store = m_ctx.store(), self = QPointer<ConsoleLock>(this), name] {
            const bool remembered = owner->remembered(*keys);
            store->closeThreadConnection();
            QMetaObject::invokeMethod(
                qApp,
                [self, remembered, name] {
                    if (!self)
                        return;
                    // Only a console still showing its first lock is unlocked: the owner may have typed meanwhile.
                    if (remembered && self->isLocked() && self->m_panel->isUntouched())
                        self->unlockAs(name, false);
                    Q_EMIT self->rememberedChecked(remembered);
                },
                Qt::QueuedConnection);
        }));
    m_rememberedCheck->setObjectName(QStringLiteral("watchpost-remembered"));
    m_rememberedCheck->start();
}

} // namespace watchpost
