#!/bin/sh
# Watchpost CI step: run before a job's shipping step (push, release, deploy, merge); it fails the job while the
# shipping kill switch covers this automation, so a frozen bot's pipeline ships nothing. Diagnostics (tests, logs)
# need no check: they are never blocked.
#
#   WATCHPOST_TOKEN        the pipeline's own automation API key (a CI secret; required)
#   WATCHPOST_SERVER       https://HOST:PORT of the Watchpost server (required)
#   WATCHPOST_FINGERPRINT  SHA-256 of a self-signed server certificate (optional)
#   WATCHPOST_ACTION       what the next step does: push, pull_request, merge, release, deploy, commit (default deploy)
#   WATCHPOST_REPOSITORY   owner/repo (default: GitHub Actions' GITHUB_REPOSITORY)
#   WATCHPOST_WORKFLOW     .github/workflows/NAME.yml (default: from GitHub Actions' GITHUB_WORKFLOW_REF)
#   WATCHPOST_BIN          the watchpost binary (default: watchpost on PATH)
#
# Exit 0: the step may ship. Anything else fails the job: denied (1), or Watchpost could not be asked (3).
set -u
bin="${WATCHPOST_BIN:-watchpost}"
action="${WATCHPOST_ACTION:-deploy}"
repository="${WATCHPOST_REPOSITORY:-${GITHUB_REPOSITORY:-}}"
workflow="${WATCHPOST_WORKFLOW:-}"
if [ -z "$workflow" ] && [ -n "${GITHUB_WORKFLOW_REF:-}" ]; then
    # owner/repo/.github/workflows/release.yml@refs/heads/main -> .github/workflows/release.yml
    workflow=$(printf '%s' "$GITHUB_WORKFLOW_REF" | sed -n 's#^[^/]*/[^/]*/\(\.github/workflows/[^@]*\)@.*#\1#p')
fi
if [ -z "$repository" ]; then
    echo "watchpost ci: set WATCHPOST_REPOSITORY=owner/repo (or run under GitHub Actions)" >&2
    exit 1
fi
ref="${GITHUB_REF:-}"
set -- ship-check --action "$action" --repository "$repository"
[ -n "$workflow" ] && set -- "$@" --workflow "$workflow"
[ -n "$ref" ] && set -- "$@" --ref "$ref"
[ -n "${GITHUB_RUN_ID:-}" ] && set -- "$@" --detail "run ${GITHUB_RUN_ID} attempt ${GITHUB_RUN_ATTEMPT:-1}"
"$bin" "$@"
status=$?
if [ "$status" -ne 0 ]; then
    echo "watchpost ci: $action for $repository stopped (ship-check exit $status)" >&2
    exit 1
fi
