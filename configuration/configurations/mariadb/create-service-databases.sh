#!/bin/bash
# Run by MariaDB's entrypoint on the first start only (an empty data directory): one database and
# one user per service, the user allowed on its own database only. The names and passwords come
# from the container's environment, so no password is written to a file.
set -euo pipefail

for service in PASSBOLT GITEA DAVIS; do
  database_var="${service}_DATABASE"
  user_var="${service}_DB_USERNAME"
  password_var="${service}_DB_PASSWORD"
  database="${!database_var}"
  user="${!user_var}"
  password="${!password_var}"
  # Identifiers are backquoted and the password is passed as an SQL string: escape what would end them.
  database="${database//\`/\`\`}"
  user="${user//\'/\'\'}"
  password="${password//\\/\\\\}"
  password="${password//\'/\\\'}"
  # The password travels in the client's environment, never on its command line.
  MYSQL_PWD="$MARIADB_ROOT_PASSWORD" mariadb --user=root <<SQL
CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '${user}'@'%' IDENTIFIED BY '${password}';
GRANT ALL PRIVILEGES ON \`${database}\`.* TO '${user}'@'%';
SQL
  echo "Created database ${database} for ${service,,}."
done
