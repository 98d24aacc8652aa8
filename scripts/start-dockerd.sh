#!/usr/bin/env bash
# Starts a Docker engine for the tests when none answers. No registry is reachable here and the
# machine may not allow overlay mounts or iptables changes, hence vfs and no iptables.
set -euo pipefail

if docker info >/dev/null 2>&1; then
  exit 0
fi

log="${TMPDIR:-/tmp}/dockerd.log"
nohup dockerd --storage-driver=vfs --iptables=false --ip6tables=false >"$log" 2>&1 &

for _ in $(seq 60); do
  if docker info >/dev/null 2>&1; then
    exit 0
  fi
  sleep 1
done

echo "dockerd did not answer within 60 s; its log ($log) ends with:" >&2
tail -n 20 "$log" >&2
exit 1
