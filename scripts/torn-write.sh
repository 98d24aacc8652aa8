#!/usr/bin/env bash
# Why the nightly job dumps the databases before duplicity runs: what a restore of MariaDB's raw
# files gives when duplicity copied them while the server wrote. RUNS times (default 3):
#   1. a real MariaDB (Debian's 10.11, scripts/make-mariadb-test-image.sh) on a data directory bound
#      from this machine, under a write load in which each transaction adds one debit and one credit;
#   2. `duplicity full` of that directory, as the nightly job backs up /mnt/databases, while the load runs;
#   3. `duplicity restore` into a new directory and a new server started on it.
# Prints, per run, whether the restored server started, and if so whether its tables pass CHECK TABLE
# and hold as many debits as credits (a consistent copy must); then the server's InnoDB complaints.
# The dump taken under the same load is checked by DatabaseDumpTests
# (Under_a_write_load_the_dump_restores_a_consistent_database). FILLER_MB (default 0) adds a table of
# that size before the load, so the copy takes longer; SERVER_OPTIONS are given to mariadbd, e.g.
# "--innodb-log-file-size=4M --innodb-buffer-pool-size=8M": a redo log small against the writes
# during the copy, as a large database copied for minutes under a steady load makes it.
# Needs root, docker and duplicity.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${RUNS:-3}"
image="${PRIVATECLOUD_TEST_MARIADB_IMAGE:-privatecloud-test/mariadb:10.11}"
work="$(mktemp -d /tmp/torn-write.XXXXXX)"
prefix="torn-write-$$"
# The servers read it from the environment: it reaches no command line.
MARIADB_ROOT_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
export MARIADB_ROOT_PASSWORD MYSQL_PWD="$MARIADB_ROOT_PASSWORD"
cleanup() {
  docker ps -aq --filter "name=^$prefix-" | xargs -r docker rm -f >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

bash scripts/make-mariadb-test-image.sh >/dev/null

sql() { docker exec --env MYSQL_PWD "$1" mariadb --protocol=socket --user=root --batch --skip-column-names --execute "$2"; }
start() {
  # shellcheck disable=SC2086 # the options are words
  docker run --detach --name "$1" --env MARIADB_ROOT_PASSWORD --volume "$2:/var/lib/mysql" "$image" mariadbd ${SERVER_OPTIONS:-} >/dev/null
  for _ in $(seq 300); do
    sql "$1" 'SELECT 1' >/dev/null 2>&1 && return 0
    docker inspect --format '{{.State.Running}}' "$1" | grep -q true || return 1
    sleep 0.3
  done
  return 1
}

for run in $(seq "$runs"); do
  live="$work/$run/live" restored="$work/$run/restored" target="file://$work/$run/backup"
  mkdir -p "$live"
  start "$prefix-live-$run" "$live"
  sql "$prefix-live-$run" "$(cat scripts/lib/bank-transfers.sql)"
  if ((${FILLER_MB:-0} > 0)); then
    sql "$prefix-live-$run" "CREATE TABLE bank.filler (id INT PRIMARY KEY, body VARCHAR(1000)) ENGINE=InnoDB;
      INSERT INTO bank.filler SELECT seq, REPEAT('x', 1000) FROM bank.seq_1_to_$((FILLER_MB * 1000));"
  fi
  docker exec --detach --env MYSQL_PWD "$prefix-live-$run" mariadb --protocol=socket --user=root --execute 'CALL bank.transfers(100000000, 0)'
  until (($(sql "$prefix-live-$run" 'SELECT COUNT(*) FROM bank.credits') > 5000)); do sleep 0.2; done

  before=$(sql "$prefix-live-$run" 'SELECT COUNT(*) FROM bank.credits')
  duplicity full --no-encryption --volsize 8 "$live" "$target" >/dev/null
  after=$(sql "$prefix-live-$run" 'SELECT COUNT(*) FROM bank.credits')
  docker rm -f "$prefix-live-$run" >/dev/null
  duplicity restore --no-encryption "$target" "$restored" >/dev/null

  verdict="the restored server did not start"
  if start "$prefix-restored-$run" "$restored"; then
    if counts=$(sql "$prefix-restored-$run" 'SELECT (SELECT COUNT(*) FROM bank.debits), (SELECT COUNT(*) FROM bank.credits)' 2>&1); then
      read -r debits credits <<<"$counts"
      checks=$(sql "$prefix-restored-$run" 'CHECK TABLE bank.debits, bank.credits' 2>&1 | awk '$3 != "status" || $4 != "OK"' | tr '\t\n' '  ')
      verdict="started; $debits debits, $credits credits ($([[ "$debits" == "$credits" ]] && echo consistent || echo INCONSISTENT)); CHECK TABLE: ${checks:-OK}"
    else
      verdict="started, but the tables cannot be read: $(echo "$counts" | tail -n 1)"
    fi
  fi
  echo "run $run: the load committed $before then $after transfers while duplicity copied; $verdict"
  docker logs "$prefix-restored-$run" 2>&1 | grep -E '\[(ERROR|Warning)\] InnoDB|corrupt|crash recovery|log sequence number' |
    sed -E 's/^[0-9-]+ +[0-9:]+ +[0-9]+ //' | sort | uniq -c | sort -rn | head -n 5 | sed 's/^/    /'
  docker rm -f "$prefix-restored-$run" >/dev/null 2>&1 || true
done
