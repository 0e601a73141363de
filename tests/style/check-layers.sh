#!/usr/bin/env bash
# The layering written as include rules, since the root include path no longer enforces it by itself:
#   models/ includes nothing from net/, ui/ or app/;  net/ nothing from ui/ or app/;  ui/ nothing from net/ or app/;
#   tests/support/models/ nothing above models/;  tests/support/net/ nothing from ui/ or app/;
#   tests/models/ nothing above models/;  tests/net/ nothing from ui/ or app/.
# Also: every quoted include names a file from the project root (no flat or relative includes).
set -uo pipefail
root="${1:?usage: check-layers.sh PROJECT_ROOT}"
cd "$root"
status=0
forbid() { # folder, regex of forbidden include prefixes, rule text
    local hits
    hits=$(grep -rnE "^#include \"($2)/" --include='*.h' --include='*.cpp' "$1" 2>/dev/null)
    if [ -n "$hits" ]; then
        echo "check-layers: $1 may not include $3:" >&2
        echo "$hits" >&2
        status=1
    fi
}
forbid models 'net|ui|app|tests' 'net/, ui/, app/ or tests/'
forbid net 'ui|app|tests' 'ui/, app/ or tests/'
forbid ui 'net|app|tests' 'net/, app/ or tests/'
forbid app 'tests' 'tests/'
forbid tests/support/models 'net|ui|app|tests/support/net' 'anything above models/'
forbid tests/support/net 'ui|app' 'ui/ or app/'
forbid tests/models 'net|ui|app|tests/support/net' 'anything above models/'
forbid tests/net 'ui|app' 'ui/ or app/'
# A quoted include must resolve from the project root (generated .moc files excepted).
while IFS=: read -r file line inc; do
    path=$(sed -E 's/^#include "([^"]+)".*/\1/' <<<"$inc")
    case "$path" in *.moc) continue ;; esac
    if [ ! -f "$path" ]; then
        echo "check-layers: $file:$line includes \"$path\", which is not a path from the project root" >&2
        status=1
    fi
done < <(grep -rnE '^#include "' --include='*.h' --include='*.cpp' app models net ui tests)
[ $status -eq 0 ] && echo "check-layers: include rules hold"
exit $status
