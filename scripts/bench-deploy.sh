#!/usr/bin/env bash
# Deploy speed against a loopback SSH host and the local Docker engine, next to the same job done by
# Ansible (scripts/bench-ansible/: rsync the stack, render the template, build when it changed,
# compose up, recreate the service mounting the rendered file when it changed; pipelining on).
# RUNS times each, medians printed:
#   - the limits of a no-change Deploy: the program's start, one SSH handshake, one round trip (their sum
#     is the limit when they run one after the other; Deploy overlaps its start-up work with the handshake);
#   - a no-change redeploy (goal: at least 5 times faster than Ansible's), with the SSH connections
#     and remote commands each run of ours opened (goal: 1 and at most 2; the lock command reads the host, so 1);
#   - a one-template change (only the service mounting the rendered file is recreated);
#   - a first deploy to an empty host directory, the project's containers removed before.
# Ansible's runs that change something are also timed until every container is healthy, as Deploy
# waits for that itself. Then what a change costs against the size of the stack (SERIES, default
# "F=10 F=300 F=3000 N=2 N=32"): generated stacks of N services (default 4) sharing the busybox image,
# each mounting its own page with a healthcheck every HEALTH_INTERVAL (default 1s), plus F plain files of about 320 bytes no service
# reads (default 10). Each gets a first deploy, no-change deploys, deploys with one file changed (an
# extra file in the F series, one service's page in the N series) with the time of UploadRelease,
# ValidateCompose, BuildImages and Up in them, the compose processes each started on the host (goal:
# none for a file nothing reads, one for a page) and the containers it recreated (goal: none, one),
# and compose's own no-op `up -d` as the reference; then the two size ratios the goals name.
# At N=32 a 1s interval is 32 healthcheck processes a second, which alone keeps 2 cores busy and slows
# whatever runs beside it; HEALTH_INTERVAL=10s measures the stack's size without that load.
# Every remote command pays the loopback host's shell start-up (here root's ~/.bashrc), as Ansible's do.
# SERIES_ONLY=1 runs the series alone. Needs root, openssh-server, rsync, ansible, docker.io,
# docker-compose and busybox-static.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${RUNS:-5}"
root_dir="$(pwd)"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

scripts/start-dockerd.sh
work="$(mktemp -d /tmp/bench-deploy.XXXXXX)"
project="benchdeploy$$"
ansible_project="${project}ansible"
series_projects=()
cleanup() {
  [[ -S "$work/ssh/control" ]] && ssh -o ControlPath="$work/ssh/control" -O exit root@127.0.0.1 2>/dev/null || true
  [[ -f "$work/sshd.pid" ]] && kill "$(cat "$work/sshd.pid")" 2>/dev/null || true
  for name in "$project" "$ansible_project" "${series_projects[@]}"; do
    docker ps -aq --filter "label=com.docker.compose.project=$name" | xargs -r docker rm -f >/dev/null
    docker network ls -q --filter "label=com.docker.compose.project=$name" | xargs -r docker network rm >/dev/null 2>&1 || true
    docker image ls -q --filter "reference=${name}*" | xargs -r docker image rm -f >/dev/null 2>&1 || true
  done
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

# A throwaway sshd on a free loopback port, trusting one fresh key; VERBOSE logs each command it starts.
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
LogLevel VERBOSE
CONFIG
/usr/sbin/sshd -f "$work/ssh/sshd_config" -E "$work/sshd.log"
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$work/ssh/host_key.pub")" > "$work/ssh/known_hosts"
ssh_options=(-i "$work/ssh/client_key" -o UserKnownHostsFile="$work/ssh/known_hosts" -o BatchMode=yes -p "$port")

# The stack: a web server with a healthcheck and a configuration file rendered from a template, and a worker.
stack="$work/stack"
mkdir -p "$stack/web" "$stack/worker"
printf 'COMPOSE_PROJECT_NAME=%s\nWEB_NOTE=first\n' "$project" > "$stack/.env"
printf 'FROM %s\nCOPY index.html /www/index.html\n' "$base" > "$stack/web/Dockerfile"
printf '<h1>bench</h1>\n' > "$stack/web/index.html"
printf 'A:*\n# ${WEB_NOTE}\n' > "$stack/web/httpd.conf.template"
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

# Both use the compose the host has, as Deploy picks it: the v2 plugin, else docker-compose.
if docker compose version >/dev/null 2>&1; then compose="docker compose"; else compose="docker-compose"; fi

./build.sh --target=Plan >/dev/null 2>&1

# deploy <remote dir> [stack] [verbosity]
deploy() {
  ./build.sh --target=Deploy --stack="${2:-$stack}" --host="root@127.0.0.1:$port" --ssh-key="$work/ssh/client_key" \
    --known-hosts="$work/ssh/known_hosts" --remote-dir="$1" --verbosity="${3:-minimal}" >"$work/last.log" 2>&1 \
    || { cat "$work/last.log" >&2; exit 1; }
}

cat > "$work/inventory" <<INVENTORY
bench ansible_host=127.0.0.1 ansible_port=$port ansible_user=root ansible_ssh_private_key_file=$work/ssh/client_key ansible_ssh_common_args='-o UserKnownHostsFile=$work/ssh/known_hosts'
INVENTORY
playbook() {
  ANSIBLE_CONFIG="$root_dir/scripts/bench-ansible/ansible.cfg" ansible-playbook -i "$work/inventory" \
    "$root_dir/scripts/bench-ansible/deploy.yml" -e "stack=$stack remote_dir=$1 project=$ansible_project first_run=${2:-false}" \
    -e "compose='$compose'" >"$work/last-ansible.log" 2>&1 || { cat "$work/last-ansible.log" >&2; exit 1; }
}

logins() { grep -c 'Accepted publickey' "$work/sshd.log" || true; }
commands() { grep -c 'Starting session: command' "$work/sshd.log" || true; }
healthy() {
  local ids
  ids=$(docker ps -aq --filter "label=com.docker.compose.project=$1")
  [[ -n "$ids" ]] && ! docker inspect --format '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' $ids | grep -qv '^running \(healthy\)\?$'
}
wait_healthy() {
  local deadline=$(($(date +%s) + 120))
  until healthy "$1"; do
    (($(date +%s) < deadline)) || { echo "$1 not healthy after 120 s" >&2; exit 1; }
    sleep 0.05
  done
}
container_of() { docker ps -q --filter "label=com.docker.compose.project=$1" --filter "label=com.docker.compose.service=$2"; }

# Ours, timed: prints "milliseconds connections commands".
timed_deploy() {
  local logins_before commands_before start end
  logins_before=$(logins)
  commands_before=$(commands)
  start=$(now_ms)
  deploy "$1"
  end=$(now_ms)
  echo "$((end - start)) $(($(logins) - logins_before)) $(($(commands) - commands_before))"
}

# Ansible's, timed: prints "milliseconds milliseconds-until-healthy".
timed_playbook() {
  local start end
  start=$(now_ms)
  playbook "$@"
  end=$(now_ms)
  wait_healthy "$ansible_project"
  echo "$((end - start)) $(($(now_ms) - start))"
}

column() { printf '%s\n' "${@:2}" | cut -d' ' -f"$1" | median; }
distinct() { printf '%s\n' "${@:2}" | cut -d' ' -f"$1" | sort -u | tr '\n' ' '; }

if [[ "${SERIES_ONLY:-0}" != 1 ]]; then
# The limits: the program's start (Plan, reading the stack, no host), one SSH handshake with a
# command (`ssh host true`), one command on a connection already open (OpenSSH's control master).
start=(); handshake=(); round_trip=()
ssh "${ssh_options[@]}" -o ControlMaster=yes -o ControlPath="$work/ssh/control" -fN root@127.0.0.1
for _ in $(seq "$runs"); do
  t=$(now_ms); ./build.sh --target=Plan --stack="$stack" --verbosity=quiet >/dev/null 2>&1 || true; start+=($(($(now_ms) - t)))
  t=$(now_ms); ssh "${ssh_options[@]}" -o ControlPath=none root@127.0.0.1 true; handshake+=($(($(now_ms) - t)))
  t=$(now_ms); ssh "${ssh_options[@]}" -o ControlPath="$work/ssh/control" root@127.0.0.1 true; round_trip+=($(($(now_ms) - t)))
done
ssh -o ControlPath="$work/ssh/control" -O exit root@127.0.0.1 2>/dev/null || true

# First deploys, each to an empty host directory with the project's containers removed.
first=(); ansible_first=()
for i in $(seq "$runs"); do
  docker ps -aq --filter "label=com.docker.compose.project=$project" | xargs -r docker rm -f >/dev/null
  first+=("$(timed_deploy "$work/host-first-$i")")
  docker ps -aq --filter "label=com.docker.compose.project=$ansible_project" | xargs -r docker rm -f >/dev/null
  ansible_first+=("$(timed_playbook "$work/ansible-first-$i" true)")
done

# No-change redeploys, ours and Ansible's taking turns so both see the same load.
deploy "$work/host"
playbook "$work/ansible-host"
again=(); ansible_again=()
for _ in $(seq "$runs"); do
  again+=("$(timed_deploy "$work/host")")
  ansible_again+=("$(timed_playbook "$work/ansible-host")")
done

# One template change each: a new WEB_NOTE in .env renders another web/httpd.conf.
template=(); ansible_template=(); kept="yes"
for i in $(seq "$runs"); do
  sed -i "s/^WEB_NOTE=.*/WEB_NOTE=change-$i/" "$stack/.env"
  worker=$(container_of "$project" worker); web=$(container_of "$project" web)
  template+=("$(timed_deploy "$work/host")")
  [[ "$(container_of "$project" worker)" == "$worker" && "$(container_of "$project" web)" != "$web" ]] || kept="no"
  grep -q "change-$i" "$work/host/current/web/httpd.conf" || kept="no"
  worker=$(container_of "$ansible_project" worker); web=$(container_of "$ansible_project" web)
  ansible_template+=("$(timed_playbook "$work/ansible-host")")
  [[ "$(container_of "$ansible_project" worker)" == "$worker" && "$(container_of "$ansible_project" web)" != "$web" ]] || kept="no"
done

ms() { printf '%6d ms' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }
start_ms=$(printf '%s\n' "${start[@]}" | median); handshake_ms=$(printf '%s\n' "${handshake[@]}" | median)
round_trip_ms=$(printf '%s\n' "${round_trip[@]}" | median); floor_ms=$((start_ms + handshake_ms + round_trip_ms))
again_ms=$(column 1 "${again[@]}"); ansible_again_ms=$(column 1 "${ansible_again[@]}")
template_ms=$(column 1 "${template[@]}"); ansible_template_ms=$(column 1 "${ansible_template[@]}"); ansible_template_healthy_ms=$(column 2 "${ansible_template[@]}")
first_ms=$(column 1 "${first[@]}"); ansible_first_ms=$(column 1 "${ansible_first[@]}"); ansible_first_healthy_ms=$(column 2 "${ansible_first[@]}")

echo "runs each: $runs; compose on the host: $($compose version --short); Ansible: $(ansible --version 2>/dev/null | head -1)"
echo "limits (medians)"
echo "  program start (Plan, no host):           $(ms "$start_ms")"
echo "  one SSH handshake (ssh host true):       $(ms "$handshake_ms")"
echo "  one round trip (ssh on an open master):  $(ms "$round_trip_ms")"
echo "  sum, one after the other:                $(ms "$floor_ms")  (Deploy overlaps its local tasks with the handshake, so it may come in under it)"
echo "no-change redeploy (medians)"
echo "  Deploy:                                  $(ms "$again_ms")  ($(ratio "$again_ms" "$floor_ms") the sum; SSH connections per run: $(distinct 2 "${again[@]}")remote commands per run: $(distinct 3 "${again[@]}"| sed 's/ $//'))"
echo "  Ansible:                                 $(ms "$ansible_again_ms")"
echo "  Ansible / Deploy:                        $(ratio "$ansible_again_ms" "$again_ms")  (goal: 5.0x or more)"
echo "one-template change (medians; only web recreated, worker kept, both tools: $kept)"
echo "  Deploy (waits until healthy):            $(ms "$template_ms")  (SSH connections per run: $(distinct 2 "${template[@]}")remote commands, median: $(column 3 "${template[@]}"))"
echo "  Ansible, until healthy:                  $(ms "$ansible_template_healthy_ms")  (the playbook alone: $(ms "$ansible_template_ms"))"
echo "  Ansible until healthy / Deploy:          $(ratio "$ansible_template_healthy_ms" "$template_ms")"
echo "first deploy (medians)"
echo "  Deploy (waits until healthy):            $(ms "$first_ms")  (SSH connections per run: $(distinct 2 "${first[@]}")remote commands, median: $(column 3 "${first[@]}"))"
echo "  Ansible, until healthy:                  $(ms "$ansible_first_healthy_ms")  (the playbook alone: $(ms "$ansible_first_ms"))"
echo "  Ansible until healthy / Deploy:          $(ratio "$ansible_first_healthy_ms" "$first_ms")"
fi

# The size series. A stack of $1 services and $2 extra files in directory $3, project $4.
make_stack() {
  mkdir -p "$3/pages" "$3/extra"
  printf 'COMPOSE_PROJECT_NAME=%s\n' "$4" > "$3/.env"
  {
    echo "services:"
    for s in $(seq "$1"); do
      printf '<h1>service %s</h1>\n' "$s" > "$3/pages/s$s.html"
      printf '  s%s:\n    image: %s\n    command: ["httpd", "-f", "-p", "80", "-h", "/www"]\n    stop_signal: SIGKILL\n' "$s" "$base"
      printf '    volumes:\n      - ./pages/s%s.html:/www/index.html:ro\n' "$s"
      printf '    healthcheck:\n      test: ["CMD", "wget", "-q", "-O-", "http://127.0.0.1/"]\n      interval: %s\n      retries: 3\n' "${HEALTH_INTERVAL:-1s}"
    done
  } > "$3/docker-compose.yml"
  for f in $(seq "$2"); do head -c 240 /dev/urandom | base64 -w0 > "$3/extra/f$f.txt"; done
}
# A task's milliseconds from the last run's summary table (0 when it did not run).
task_ms() {
  awk -v task="$1" '$1 == task && $2 ~ /^[0-9]+:[0-9]+:[0-9.]+$/ { split($2, t, ":"); printf "%d\n", (t[1] * 3600 + t[2] * 60 + t[3]) * 1000; found = 1 } END { if (!found) print 0 }' "$work/last.log"
}
# Compose processes the last run started on the host (each is logged as the remote command it ran in).
remote_compose_calls() { grep -cE ': cd .* && (docker compose|docker-compose) ' "$work/last.log" || true; }
ids_of() { docker ps -q --no-trunc --filter "label=com.docker.compose.project=$1" | sort; }
series_rows=(); declare -A change_ms up_ms
for entry in ${SERIES:-F=10 F=300 F=3000 N=2 N=32}; do
  services=4; files=10
  case "$entry" in N=*) services="${entry#N=}" ;; F=*) files="${entry#F=}" ;; *) echo "SERIES: $entry is not N=<n> or F=<n>" >&2; exit 2 ;; esac
  name="${project}s$services$files"; dir="$work/series-$services-$files"; series_projects+=("$name")
  make_stack "$services" "$files" "$dir/stack" "$name"
  s_first=(); s_again=(); s_change=(); s_upload=(); s_validate=(); s_build=(); s_up=(); s_noop=(); s_compose=(); s_recreated=()
  for i in $(seq "$runs"); do
    docker ps -aq --filter "label=com.docker.compose.project=$name" | xargs -r docker rm -f >/dev/null
    t=$(now_ms); deploy "$dir/host-$i" "$dir/stack"; s_first+=($(($(now_ms) - t)))
  done
  for i in $(seq "$runs"); do
    t=$(now_ms); deploy "$dir/host-$runs" "$dir/stack"; s_again+=($(($(now_ms) - t)))
    if [[ "$entry" == N=* ]]; then changed="$dir/stack/pages/s1.html"; else changed="$dir/stack/extra/f1.txt"; fi
    printf 'change %s\n' "$i" >> "$changed"
    before_ids=$(ids_of "$name")
    t=$(now_ms); deploy "$dir/host-$runs" "$dir/stack" normal; s_change+=($(($(now_ms) - t)))
    s_compose+=("$(remote_compose_calls)")
    s_recreated+=("$(comm -23 <(echo "$before_ids") <(ids_of "$name") | grep -c . || true)")
    s_upload+=("$(task_ms UploadRelease)"); s_validate+=("$(task_ms ValidateCompose)"); s_build+=("$(task_ms BuildImages)"); s_up+=("$(task_ms Up)")
    t=$(now_ms); (cd "$dir/host-$runs/current" && $compose -p "$name" up -d >/dev/null 2>&1); s_noop+=($(($(now_ms) - t)))
  done
  m() { printf '%s\n' "$@" | median; }
  change_ms[$entry]=$(m "${s_change[@]}"); up_ms[$entry]=$(m "${s_up[@]}")
  series_rows+=("$(printf '| N=%s F=%s | %d | %d | %d | %d | %d | %d | %d | %d | %s | %s |' "$services" "$files" \
    "$(m "${s_first[@]}")" "$(m "${s_again[@]}")" "${change_ms[$entry]}" "$(m "${s_noop[@]}")" \
    "$(m "${s_upload[@]}")" "$(m "${s_validate[@]}")" "$(m "${s_build[@]}")" "${up_ms[$entry]}" \
    "$(printf '%s\n' "${s_compose[@]}" | sort -u | tr '\n' ' ' | sed 's/ $//')" "$(printf '%s\n' "${s_recreated[@]}" | sort -u | tr '\n' ' ' | sed 's/ $//')")")
  # Printed as each stack is done, so a later failure keeps the rows already measured.
  echo "${series_rows[-1]}"
  docker ps -aq --filter "label=com.docker.compose.project=$name" | xargs -r docker rm -f >/dev/null || true
  # The engine may still be detaching the last container: the network goes with cleanup otherwise.
  docker network ls -q --filter "label=com.docker.compose.project=$name" | xargs -r docker network rm >/dev/null 2>&1 || true
done
echo "cost of a change against the size of the stack (medians of $runs, ms; healthchecks every ${HEALTH_INTERVAL:-1s}; compose $($compose version --short))"
echo "| stack | first | no-change | one file changed | compose's own no-op up -d | in it: UploadRelease | ValidateCompose | BuildImages | Up | compose processes on the host | containers recreated |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${series_rows[@]}"
goal() { [[ -n "${3:-}" && -n "${4:-}" && "$4" != 0 ]] && echo "$1: $(awk -v a="$3" -v b="$4" 'BEGIN { printf "%.2fx", a / b }') (goal: $2)"; }
goal "one file changed, F=3000 / F=10" "1.5x or less" "${change_ms[F=3000]:-}" "${change_ms[F=10]:-}" || true
goal "Up with one service's page changed, N=32 / N=2" "1.5x or less" "${up_ms[N=32]:-}" "${up_ms[N=2]:-}" || true
cd "$root_dir"
