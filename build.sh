#!/usr/bin/env bash
# Runs the ops program. It is rebuilt only when a source or project file changed since the last
# build, so a call costs the program's own start-up rather than a `dotnet run` every time. It is
# published ReadyToRun (precompiled for this machine's runtime), so that start-up spends little
# time compiling: the program and its libraries start in about two thirds of the time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$root/.build/bin"
stamp="$root/.build/built"

stale() {
  [[ -x "$out/Build" && -f "$stamp" ]] || return 0
  # Directories count too: deleting or adding a file changes its directory's time.
  [[ -n "$(find "$root/build" "$root/frosting" "$root/tasks" "$root/global.json" "$root/Directory.Build.props" \
      "$root/Directory.Build.targets" \( -name bin -o -name obj \) -prune -o -newer "$stamp" \
      \( -type d -o -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.json' \) \
      -print -quit)" ]]
}

if stale; then
  mkdir -p "$out"
  # Stamp the start, so a file saved during the build makes the next call build again.
  touch "$stamp.new"
  dotnet publish "$root/build/Build.csproj" --configuration Release --output "$out" --nologo \
    --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
    --verbosity quiet -consoleLoggerParameters:"ErrorsOnly;NoSummary" >&2
  mv "$stamp.new" "$stamp"
fi

exec "$out/Build" "$@"
