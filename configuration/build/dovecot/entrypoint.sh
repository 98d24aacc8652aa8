#!/bin/bash
# Prepares what Dovecot reads but the release cannot hold as it is: the password file (hashed from
# the environment) and the certificate from Traefik's store.
set -euo pipefail
. /usr/local/lib/mail/certificate.sh

hash() { printf '%s' "$1" | openssl passwd -6 -stdin; }

umask 027
{
  printf '%s@%s:%s\n' "$MAIL_PRINCIPAL_USER" "$TOP_DOMAIN" "$(hash "$MAIL_PRINCIPAL_PASSWORD")"
  printf 'no-reply@%s:%s\n' "$TOP_DOMAIN" "$(hash "$MAIL_NO_REPLY_PASSWORD")"
} >/etc/dovecot/users
chgrp dovecot /etc/dovecot/users
unset MAIL_PRINCIPAL_PASSWORD MAIL_NO_REPLY_PASSWORD

mail_certificate_wait
mail_certificate_watch doveadm reload &

exec dovecot -F
