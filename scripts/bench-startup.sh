#!/usr/bin/env bash
# Start-up cost of a warm `./build.sh --target=Plan` against the usual Frosting bootstrapper,
# `dotnet run --project build/Build.csproj -- --target=Plan`: RUNS runs each, medians and their ratio.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${RUNS:-10}"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

time_runs() {
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
  done
}

# Warm both: build.sh builds its program once, dotnet run restores and builds its own output.
./build.sh --target=Plan >/dev/null 2>&1
dotnet run --project build/Build.csproj -- --target=Plan >/dev/null 2>&1

script_ms=$(time_runs ./build.sh --target=Plan | median)
run_ms=$(time_runs dotnet run --project build/Build.csproj -- --target=Plan | median)

echo "runs each:                  $runs"
echo "./build.sh median:          ${script_ms} ms"
echo "dotnet run median:          ${run_ms} ms"
awk -v a="$run_ms" -v b="$script_ms" 'BEGIN { printf "ratio (dotnet run / build.sh): %.1fx\n", a / b }'
