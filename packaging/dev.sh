#!/usr/bin/env bash
# Set-up helper behind the README's two commands, for a fresh Debian 12 machine (as root).
#   bash packaging/dev.sh run [watchpost args…]   install what is missing, build, start the console
#   bash packaging/dev.sh test                    install what is missing, build, run every test
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${WATCHPOST_BUILD_DIR:-$here/build}"

packages=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite qt6-qpa-plugins qt6-charts-dev libqt6opengl6-dev libqt6svg6
  qtkeychain-qt6-dev libssl-dev libgl-dev libvulkan-dev
  fonts-dejavu-core xvfb xauth dbus dbus-daemon dbus-bin dbus-x11 gnome-keyring libsecret-tools dunst
  clang-format curl openssl sqlite3 poppler-utils wrk git
)

# For `fuzz` only: clang, its fuzzer and sanitizer runtimes (libclang-rt-14-dev is only a Recommends of clang,
# so it is named here) and the symbolizer.
fuzz_packages=(clang libclang-rt-14-dev llvm-14)

install_missing() {
  local missing=()
  for p in "$@"; do
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
    install_missing "${packages[@]}"
    build_all
    exec "$build/app/watchpost" "$@"
    ;;
  test)
    install_missing "${packages[@]}"
    build_all
    cd "$build"
    # GUI tests use the offscreen platform; no display is needed.
    QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 600 -j "$(nproc)"
    ;;
  bench)
    install_missing "${packages[@]}"
    build_all
    bash "$here/tests/bench/run.sh" "$build"
    exec bash "$here/tests/bench/webhooks.sh" "$build"
    ;;
  fuzz)
    # bash packaging/dev.sh fuzz [seconds per target]: the libFuzzer targets under tests/fuzz/.
    install_missing "${packages[@]}" "${fuzz_packages[@]}"
    exec bash "$here/tests/fuzz/run.sh" "$@"
    ;;
  sanitize)
    # The whole suite built with -fsanitize=address,undefined.
    install_missing "${packages[@]}"
    exec bash "$here/tests/sanitize/run.sh" "$@"
    ;;
  *)
    echo "usage: bash packaging/dev.sh run|test|bench|fuzz|sanitize" >&2
    exit 2
    ;;
esac
