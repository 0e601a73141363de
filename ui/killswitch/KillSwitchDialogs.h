#pragma once
// KillSwitchDialogs: the console's forms for the shipping kill switch — "Stop shipping…" (who and where, expiry,
// reason; a confirmation that says what will be blocked), releasing it, and the GitHub connection. Each acts through
// ConsoleContext::killSwitchActions(): this store's service, or the server's API from an attached console.

#include "models/killswitch/KillSwitchRules.h"
#include "ui/shell/ConsoleContext.h"
#include "ui/widgets/FormDialog.h"

namespace watchpost {

namespace KillSwitchDialogs {
// Engages for `incidentId` (none: a high-severity incident is opened for it). `done` is called once engaged.
FormDialog* stopShipping(const ConsoleContext& ctx, std::optional<qint64> incidentId, QWidget* parent,
                         std::function<void(const QString& report)> done = {});
FormDialog* release(const ConsoleContext& ctx, QWidget* parent, std::function<void(const QString& report)> done = {});
FormDialog* githubConnection(const ConsoleContext& ctx, QWidget* parent,
                             std::function<void(const QString& report)> done = {});
// What the confirmation says before anything is blocked.
QString confirmation(const KillSwitchScope& scope);
// The "Stop shipping now?" answer in tests (modal questions are not clicked offscreen); nullopt: ask.
void setConfirmAnswerForTests(std::optional<bool> answer);
} // namespace KillSwitchDialogs

} // namespace watchpost
