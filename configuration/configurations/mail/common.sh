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

# Traefik obtains and renews the certificate of MAIL_DOMAIN (a router asks for it) and keeps it in
# its ACME store; the mail servers read it from there, read-only, as PEM files in /etc/ssl/mail.
acme_store=/letsencrypt/acme.json
certificate_dir=/etc/ssl/mail

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
  echo "Installed the certificate of $MAIL_DOMAIN from Traefik's store."
}

# On the first deploy Traefik needs a moment to obtain the certificate: wait for it.
mail_certificate_wait() {
  until mail_certificate_refresh || [ -s "$certificate_dir/fullchain.pem" ]; do
    echo "Waiting for Traefik to obtain the certificate of $MAIL_DOMAIN ..."
    sleep 30
  done
}

# Checks twice a day for a renewed certificate and runs "$@" once one is installed.
mail_certificate_watch() {
  while sleep 43200; do
    if mail_certificate_refresh; then
      "$@"
    fi
  done
}
