#!/bin/sh
# The part of the official image's entrypoint the tests rely on: an empty datadir is initialised
# and root gets MARIADB_ROOT_PASSWORD (over the socket, so the value is on no command line).
set -eu
datadir=/var/lib/mysql
chown mysql:mysql "$datadir" /run/mysqld
if [ ! -d "$datadir/mysql" ]; then
  : "${MARIADB_ROOT_PASSWORD:?MARIADB_ROOT_PASSWORD is not set}"
  mariadb-install-db --user=mysql --datadir="$datadir" --skip-test-db --auth-root-authentication-method=normal >/dev/null
  mariadbd --user=mysql --datadir="$datadir" --skip-networking --socket=/run/mysqld/init.sock &
  pid=$!
  until mariadb --socket=/run/mysqld/init.sock -uroot -e 'SELECT 1' >/dev/null 2>&1; do sleep 0.2; done
  # The password reaches the server on stdin; the quoting doubles any single quote.
  escaped="$(printf '%s' "$MARIADB_ROOT_PASSWORD" | sed "s/'/''/g")"
  printf "ALTER USER 'root'@'localhost' IDENTIFIED BY '%s'; CREATE USER 'root'@'%%' IDENTIFIED BY '%s'; GRANT ALL ON *.* TO 'root'@'%%' WITH GRANT OPTION; FLUSH PRIVILEGES;\n" "$escaped" "$escaped" |
    mariadb --socket=/run/mysqld/init.sock -uroot
  kill "$pid"
  wait "$pid" || true
fi
if [ "$1" = mariadbd ]; then
  shift
  exec mariadbd --user=mysql --datadir="$datadir" --bind-address=0.0.0.0 --socket=/run/mysqld/mysqld.sock "$@"
fi
exec "$@"
