#!/usr/bin/env bash
# Deploy speed against a loopback SSH host and the local Docker engine: RUNS first deploys (each to
# an empty host directory, the project down before) and RUNS no-change redeploys of a small busybox
# stack. Prints both medians, their ratio, and the SSH connections each run opened (goal: one).
# Needs root, openssh-server, docker.io, docker-compose and busybox-static.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${RUNS:-5}"
root_dir="$(pwd)"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

scripts/start-dockerd.sh
work="$(mktemp -d /tmp/bench-deploy.XXXXXX)"
project="benchdeploy$$"
cleanup() {
  [[ -f "$work/sshd.pid" ]] && kill "$(cat "$work/sshd.pid")" 2>/dev/null || true
  docker ps -aq --filter "label=com.docker.compose.project=$project" | xargs -r docker rm -f >/dev/null
  docker network ls -q --filter "label=com.docker.compose.project=$project" | xargs -r docker network rm >/dev/null
  docker image ls -q "${project}_*" | xargs -r docker image rm -f >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The base image every test image builds on: Debian's static busybox in an image FROM scratch.
base="privatecloud-test/busybox:latest"
if ! docker image inspect "$base" >/dev/null 2>&1; then
  mkdir -p "$work/base"
  cp /bin/busybox "$work/base/busybox"
  printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n' > "$work/base/Dockerfile"
  docker build --quiet --tag "$base" "$work/base" >/dev/null
fi

# A throwaway sshd on a free loopback port, trusting one fresh key.
mkdir -p /run/sshd "$work/ssh"
ssh-keygen -q -t ed25519 -N '' -f "$work/ssh/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/ssh/client_key"
cp "$work/ssh/client_key.pub" "$work/ssh/authorized_keys"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$work/ssh/sshd_config" <<CONFIG
ListenAddress 127.0.0.1
Port $port
HostKey $work/ssh/host_key
AuthorizedKeysFile $work/ssh/authorized_keys
PidFile $work/sshd.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
StrictModes no
UsePAM no
CONFIG
/usr/sbin/sshd -f "$work/ssh/sshd_config" -E "$work/sshd.log"
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$work/ssh/host_key.pub")" > "$work/ssh/known_hosts"

# The stack: a web server with a healthcheck and a mounted config file, and a worker.
stack="$work/stack"
mkdir -p "$stack/web" "$stack/worker"
printf 'COMPOSE_PROJECT_NAME=%s\n' "$project" > "$stack/.env"
printf 'FROM %s\nCOPY index.html /www/index.html\n' "$base" > "$stack/web/Dockerfile"
printf '<h1>bench</h1>\n' > "$stack/web/index.html"
printf 'A:*\n' > "$stack/web/httpd.conf"
printf 'FROM %s\nCOPY job.sh /job.sh\n' "$base" > "$stack/worker/Dockerfile"
printf 'exec sleep 3600\n' > "$stack/worker/job.sh"
cat > "$stack/docker-compose.yml" <<'COMPOSE'
services:
  web:
    build: ./web
    command: ["httpd", "-f", "-p", "80", "-h", "/www", "-c", "/etc/httpd.conf"]
    stop_signal: SIGKILL
    volumes:
      - ./web/httpd.conf:/etc/httpd.conf:ro
    healthcheck:
      test: ["CMD", "wget", "-q", "-O-", "http://127.0.0.1/"]
      interval: 1s
      retries: 3
  worker:
    build: ./worker
    command: ["sh", "/job.sh"]
    stop_signal: SIGKILL
COMPOSE

./build.sh --target=Plan >/dev/null 2>&1

deploy() {
  ./build.sh --target=Deploy --stack="$stack" --host="root@127.0.0.1:$port" --ssh-key="$work/ssh/client_key" \
    --known-hosts="$work/ssh/known_hosts" --remote-dir="$1" --verbosity=minimal >"$work/last.log" 2>&1 \
    || { cat "$work/last.log" >&2; exit 1; }
}

logins() { grep -c 'Accepted publickey' "$work/sshd.log" || true; }

# One timed deploy: prints "milliseconds connections".
timed_deploy() {
  local before start end
  before=$(logins)
  start=$(date +%s%N)
  deploy "$1"
  end=$(date +%s%N)
  echo "$(((end - start) / 1000000)) $(($(logins) - before))"
}

first=()
for i in $(seq "$runs"); do
  docker ps -aq --filter "label=com.docker.compose.project=$project" | xargs -r docker rm -f >/dev/null
  first+=("$(timed_deploy "$work/host-first-$i")")
done

deploy "$work/host"
again=()
for _ in $(seq "$runs"); do
  again+=("$(timed_deploy "$work/host")")
done

first_ms=$(printf '%s\n' "${first[@]}" | cut -d' ' -f1 | median)
again_ms=$(printf '%s\n' "${again[@]}" | cut -d' ' -f1 | median)
echo "runs each:                         $runs"
echo "first deploy median:               ${first_ms} ms  (SSH connections per run: $(printf '%s\n' "${first[@]}" | cut -d' ' -f2 | sort -u | tr '\n' ' '))"
echo "no-change redeploy median:         ${again_ms} ms  (SSH connections per run: $(printf '%s\n' "${again[@]}" | cut -d' ' -f2 | sort -u | tr '\n' ' '))"
awk -v a="$first_ms" -v b="$again_ms" 'BEGIN { printf "ratio (first / no-change redeploy): %.1fx\n", a / b }'
cd "$root_dir"
