# Sourced by both mail containers' entrypoints: the accounts and the certificate they share.

# Prints "<address><separator><SHA512-crypt hash>" for each account, hashed from the environment
# (passwords travel to openssl on stdin), then removes the passwords from the environment.
mail_accounts() {
  separator=$1
  for account in "$MAIL_PRINCIPAL_USER:$MAIL_PRINCIPAL_PASSWORD" "no-reply:$MAIL_NO_REPLY_PASSWORD"; do
    printf '%s@%s%s%s\n' "${account%%:*}" "$TOP_DOMAIN" "$separator" "$(printf '%s' "${account#*:}" | openssl passwd -6 -stdin)"
  done
  unset MAIL_PRINCIPAL_PASSWORD MAIL_NO_REPLY_PASSWORD
}

# Traefik obtains and renews the certificate of MAIL_DOMAIN (a router asks for it through the
# resolver "mail", whose store holds that certificate alone) and the mail servers read it from
# there, read-only, as PEM files in /etc/ssl/mail.
acme_store=/mail-certificate/acme.json
certificate_dir=/etc/ssl/mail
# Present while the PEM files hold the self-signed stand-in of a first start.
temporary_marker=/etc/ssl/mail/temporary

# Writes the PEM files when the store holds a different certificate; succeeds only if it wrote them.
mail_certificate_refresh() {
  [ -s "$acme_store" ] || return 1
  entry=$(jq -c --arg domain "$MAIL_DOMAIN" \
    '[.[].Certificates // [] | .[] | select(.domain.main == $domain)] | first // empty' "$acme_store") || return 1
  [ -n "$entry" ] || return 1
  certificate=$(printf '%s' "$entry" | jq -r .certificate | base64 -d)
  if [ -f "$certificate_dir/fullchain.pem" ] && [ "$certificate" = "$(cat "$certificate_dir/fullchain.pem")" ]; then
    return 1
  fi
  mkdir -p "$certificate_dir"
  (umask 077 && printf '%s' "$entry" | jq -r .key | base64 -d >"$certificate_dir/privkey.pem.new")
  printf '%s\n' "$certificate" >"$certificate_dir/fullchain.pem.new"
  mv "$certificate_dir/privkey.pem.new" "$certificate_dir/privkey.pem"
  mv "$certificate_dir/fullchain.pem.new" "$certificate_dir/fullchain.pem"
  rm -f "$temporary_marker"
  echo "Installed the certificate of $MAIL_DOMAIN from Traefik's store."
}

# Installs the store's certificate, or on a first start, before Traefik could obtain one (DNS and
# port 443 may not work yet), a self-signed one for MAIL_DOMAIN, so the servers start and the
# deploy is healthy; the watcher swaps it for the real one as soon as the store has it.
mail_certificate_install() {
  mail_certificate_refresh || [ -s "$certificate_dir/fullchain.pem" ] && return 0
  mkdir -p "$certificate_dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$MAIL_DOMAIN" -addext "subjectAltName=DNS:$MAIL_DOMAIN" \
    -keyout "$certificate_dir/privkey.pem" -out "$certificate_dir/fullchain.pem" 2>/dev/null
  chmod 600 "$certificate_dir/privkey.pem"
  : >"$temporary_marker"
  echo "Traefik's store has no certificate of $MAIL_DOMAIN yet: serving a temporary self-signed one until it does."
}

# Looks for a new certificate every minute while the temporary one is served, then twice a day for
# a renewal, and runs "$@" once one is installed.
mail_certificate_watch() {
  while sleep "$([ -e "$temporary_marker" ] && echo 60 || echo 43200)"; do
    if mail_certificate_refresh; then
      "$@"
    fi
  done
}
