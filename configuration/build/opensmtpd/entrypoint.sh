#!/bin/bash
# Prepares what OpenSMTPD reads but the release cannot hold as it is: the account tables (hashed
# from the environment), the DKIM key readable by the signing filter only (_dkimsign, the user
# Debian's opensmtpd-filter-dkimsign creates), and the certificate.
set -euo pipefail
. /usr/local/lib/mail/common.sh

umask 077
mail_accounts ' ' >/etc/smtpd/credentials
# The accounts deliver to their maildirs as vmail; postmaster and abuse reach the principal user.
principal="$MAIL_PRINCIPAL_USER@$TOP_DOMAIN"
printf '%s vmail\nno-reply@%s vmail\npostmaster@%s %s\nabuse@%s %s\n' \
  "$principal" "$TOP_DOMAIN" "$TOP_DOMAIN" "$principal" "$TOP_DOMAIN" "$principal" >/etc/smtpd/virtuals
chmod 644 /etc/smtpd/virtuals

install -o _dkimsign -g _dkimsign -m 400 /run/dkim/private.key /etc/smtpd/dkim/private.key

mail_certificate_install
# smtpd cannot reload its certificate: stop, and the restart policy starts it with the new one.
mail_certificate_watch kill -TERM 1 &

smtpd -n
exec smtpd -d -f /etc/smtpd.conf
