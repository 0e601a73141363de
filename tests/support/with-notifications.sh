#!/usr/bin/env bash
# Runs a command with a real notification daemon: a private X display (Xvfb, which dunst draws on) and Debian's
# dunst owning org.freedesktop.Notifications on the session bus. What the daemon received is read back with
# `dunstctl history`. Usage: dbus-run-session -- bash with-notifications.sh COMMAND [ARGS…]
set -euo pipefail
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
export HOME="$(mktemp -d)"
display=":$((100 + RANDOM % 800))"
Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
export DISPLAY="$display"
for _ in $(seq 1 100); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.05; done
mkdir -p "$HOME/.config/dunst"
# History keeps every notification, critical ones too, so the test can read what arrived.
# A rule marks critical ones in the recorded message, so a test can tell the urgency that arrived.
printf '[global]\n    history_length = 100\n    sticky_history = true\n[mark-critical]\n    msg_urgency = critical\n    format = "CRITICAL %%s"\n' > "$HOME/.config/dunst/dunstrc"
dunst -config "$HOME/.config/dunst/dunstrc" >/dev/null 2>&1 &
daemon=$!
trap 'kill $daemon $xvfb 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q 'boolean true'; then
    "$@"
    exit $?
  fi
  sleep 0.05
done
echo "with-notifications: dunst did not take org.freedesktop.Notifications on the session bus" >&2
exit 1
