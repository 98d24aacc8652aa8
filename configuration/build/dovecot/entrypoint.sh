#!/bin/bash
# Prepares what Dovecot reads but the release cannot hold as it is: the password file (hashed from
# the environment) and the certificate from Traefik's store.
set -euo pipefail
. /usr/local/lib/mail/common.sh

umask 027
mail_accounts ':' >/etc/dovecot/users
chgrp dovecot /etc/dovecot/users

mail_certificate_install
mail_certificate_watch doveadm reload &

exec dovecot -F
