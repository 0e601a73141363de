#!/usr/bin/env bash
# Set-up helper behind the README's two commands, for a fresh Debian 12 machine (as root).
#   bash packaging/dev.sh run [watchpost args…]   install what is missing, build, start the console
#   bash packaging/dev.sh test                    install what is missing, build, run every test
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${WATCHPOST_BUILD_DIR:-$here/build}"

packages=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite qt6-qpa-plugins
  qtkeychain-qt6-dev libssl-dev libgl-dev libvulkan-dev
  fonts-dejavu-core xvfb xauth dbus dbus-daemon dbus-bin dbus-x11 gnome-keyring libsecret-tools
  clang-format curl sqlite3 poppler-utils wrk
)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "watchpost: installing ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
      echo "watchpost: run as root (or install these packages first): ${missing[*]}" >&2
      exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

build_all() {
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" --parallel "$(nproc)"
}

cmd="${1:-run}"
shift || true
case "$cmd" in
  run)
    install_missing
    build_all
    exec "$build/app/watchpost" "$@"
    ;;
  test)
    install_missing
    build_all
    cd "$build"
    # GUI tests use the offscreen platform; no display is needed.
    QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 600 -j "$(nproc)"
    ;;
  bench)
    install_missing
    build_all
    bash "$here/tests/bench/run.sh" "$build"
    exec bash "$here/tests/bench/webhooks.sh" "$build"
    ;;
  *)
    echo "usage: bash packaging/dev.sh run|test|bench" >&2
    exit 2
    ;;
esac
