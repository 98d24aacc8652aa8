#!/usr/bin/env bash
# Rehearses CI on a new machine, on this one: undoes what .ci/run and the tests leave behind, then
# runs `CI=true bash .ci/run` in a fresh clone of HEAD. A directory, user, cache or service left by
# an earlier run (as /var/spool/smtpd once was) then fails here instead of hiding a missing step.
#
# Destructive for this machine: it stops the Docker engine, purges the Debian packages .ci/run
# installs (with what their scripts created: users, spool and state directories), and deletes the
# engine's images, the test caches and the tools .ci/run adds outside apt. Hence --yes.
#
#   scripts/rehearse-fresh-ci.sh --yes [log file]
set -euo pipefail

if [ "${1:-}" != "--yes" ]; then
  echo "This purges the packages .ci/run installs and deletes Docker's images and the test caches: run with --yes." >&2
  exit 2
fi
[ "$(id -u)" = 0 ] || { echo "Run as root: it purges packages." >&2; exit 2; }
log="${2:-${TMPDIR:-/tmp}/rehearse-fresh-ci.log}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The package list is read from .ci/run itself, so the two cannot drift apart.
packages="$(awk '/apt-get install -y -qq --no-install-recommends \\$/ {on = 1; next}
                 on { line = $0; sub(/>\/dev\/null.*/, "", line); gsub(/\\/, "", line); printf "%s ", line; if ($0 ~ />\/dev\/null/) on = 0 }' \
  "$repo/.ci/run")"
[ -n "$packages" ] || { echo "Found no apt-get install list in $repo/.ci/run" >&2; exit 1; }
# What a new machine of this kind already has (the workplace's list of its image): purging those
# would take git, TLS roots or the filesystem tools away from under this script and dotnet.
keep=" ${KEEP_PACKAGES:-openssh-client git openssl ca-certificates patch gnupg iproute2 jq e2fsprogs} "
packages="$(for package in $packages; do case "$keep" in *" $package "*) ;; *) printf '%s ' "$package" ;; esac; done)"

echo "Stopping the Docker engine ..."
pkill -x dockerd 2>/dev/null || true
pkill -x containerd 2>/dev/null || true
for _ in $(seq 30); do pgrep -x dockerd >/dev/null || break; sleep 1; done
# Mounts left by the engine or by namespaced test engines keep their directories busy.
grep -oE ' /(var/lib/docker|run/docker|run/netns)[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true

echo "Purging: $packages"
# shellcheck disable=SC2086 # one word per package
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq $packages >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y -qq >/dev/null

echo "Removing the engine's state, the test caches and the tools installed outside apt ..."
rm -rf /var/lib/docker /var/lib/containerd /run/docker /var/cache/privatecloud-test \
  /usr/local/lib/docker/cli-plugins/docker-compose /opt/pwsh-tool /usr/local/bin/pwsh \
  /var/spool/smtpd /etc/smtpd /etc/dovecot /etc/nginx
for netns in $(ip netns list 2>/dev/null | awk '{print $1}'); do ip netns delete "$netns" || true; done

clone="$(mktemp -d "${TMPDIR:-/tmp}/fresh-ci.XXXXXX")"
# mktemp makes it 0700; tests that run the program as nobody must reach it, as in CI's clone.
chmod 755 "$clone"
git clone -q "$repo" "$clone/repo"
# CI lays shared/ beside the clone; the tests do not read it, but keep the layout the same.
[ -d "$repo/../shared" ] && cp -r "$repo/../shared" "$clone/shared"
echo "Running CI=true bash .ci/run in $clone/repo (log: $log) ..."
started=$(date +%s)
set +e
(cd "$clone/repo" && CI=true bash .ci/run) >"$log" 2>&1
rc=$?
set -e
echo "exit $rc after $(( $(date +%s) - started )) s; closing line:"
grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1
exit "$rc"
