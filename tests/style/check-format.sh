#!/usr/bin/env bash
# Fails naming every C++ source or test file that clang-format (the project's .clang-format) would change.
set -uo pipefail
root="${1:?usage: check-format.sh PROJECT_ROOT}"
cd "$root"
command -v clang-format >/dev/null || { echo "check-format: clang-format is not installed (Debian package clang-format)" >&2; exit 1; }
mapfile -t files < <(find app models net ui tests -name '*.h' -o -name '*.cpp' | sort)
[ ${#files[@]} -gt 0 ] || { echo "check-format: no source files found under $root" >&2; exit 1; }
bad=()
for f in "${files[@]}"; do
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
    echo "check-format: ${#bad[@]} file(s) are not formatted; run: clang-format -i ${bad[*]}" >&2
    exit 1
fi
echo "check-format: ${#files[@]} files formatted"
