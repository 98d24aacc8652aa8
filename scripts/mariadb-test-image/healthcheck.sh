#!/bin/sh
# Stands in for the official image's healthcheck.sh --connect --innodb_initialized: the server
# answers on its socket and InnoDB has started. The official script's own user (healthcheck) is not
# made here; mysqladmin ping needs no password to tell a running server.
exec mariadb-admin --socket=/run/mysqld/mysqld.sock ping >/dev/null 2>&1
