#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (Secret Service), as
# ARCHITECTURE.md describes: unlock from standard input, then wait until org.freedesktop.secrets has an owner.
# Usage: dbus-run-session -- bash with-keyring.sh COMMAND [ARGS…]
set -euo pipefail
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
export HOME="${KEYRING_HOME:-$(mktemp -d)}"
mkdir -p "$HOME/.local/share/keyrings"
eval "$(printf 'watchpost-test\n' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    exec "$@"
  fi
  sleep 0.05
done
echo "with-keyring: org.freedesktop.secrets did not appear on the session bus" >&2
exit 1
