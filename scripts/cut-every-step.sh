#!/usr/bin/env bash
# Cuts a changing Deploy, then a Rollback, right after each command they send, under compose v1 and
# v2 (every step of both, where CI runs only v2's cut right after the switch), and prints the four
# tables: step k, command k, what the host held after the cut, whether the next run converged.
# Takes long: each step runs the task twice. Needs what the tests need (.ci/run installs it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT

nice -n 5 dotnet build tests >/dev/null
status=0
CUT_EVERY_STEP_FULL=true nice -n 5 dotnet test tests --no-build --filter "FullyQualifiedName~DeployCutAtEveryStepTests" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?

# The tables are the tests' output: a title line, then markdown rows.
sed -n -E 's/^ *((Deploy|Rollback), compose .*)$/\n\1\n/p; s/^ *(\|.*)$/\1/p' "$log"
grep -E '^ *(Passed|Failed)[! ] ' "$log" || true
exit "$status"
