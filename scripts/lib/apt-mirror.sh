# Sourced by the scripts that fetch from Debian's archive (install-compose-v2.sh,
# make-test-host-image.sh), so they take packages from the same archive as everything else here.

# Prints the Debian mirror to use: $DEBIAN_MIRROR when set, else the first archive this machine's
# apt already uses (deb822 .sources first, then one-line entries), the security archive left out.
# Returns 3 (a tool or setting is missing) with one line on stderr when there is none.
debian_mirror() {
  local mirror="${DEBIAN_MIRROR:-}"
  if [ -z "$mirror" ]; then
    # grep -s still exits 2 for a missing file: either form may be absent.
    mirror="$(
      { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources || true
        grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | sed -E 's/^deb (\[[^]]*\] )?/URIs: /' || true
      } | awk '{print $2}' | grep -v -- '-security' | head -n 1 || true
    )"
  fi
  if [ -z "$mirror" ]; then
    echo "No Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d: set DEBIAN_MIRROR." >&2
    return 3
  fi
  printf '%s\n' "$mirror"
}
