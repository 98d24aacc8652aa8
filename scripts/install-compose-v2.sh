#!/usr/bin/env bash
# Installs docker compose v2 next to docker-compose v1 (Debian bookworm's 1.29), so the tests run
# the deploy path under both. Bookworm has no v2 package; the next release (trixie) ships it as
# `docker-compose` 2.x, a docker CLI plugin built with Go that needs only libc. That one package is
# fetched with apt from the machine's own Debian mirror through a private sources list, lists and
# cache directory: the machine's release, its sources and its installed packages stay as they are.
# The plugin is unpacked where the docker CLI looks for plugins and cached, so a second run is quick.
set -euo pipefail
# shellcheck source=lib/apt-mirror.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/apt-mirror.sh"

cache="${PRIVATECLOUD_TEST_CACHE:-/var/cache/privatecloud-test}/compose-v2"
plugins=/usr/local/lib/docker/cli-plugins
suite=trixie

if [ -x "$plugins/docker-compose" ] && docker compose version >/dev/null 2>&1; then
  echo "docker compose $(docker compose version --short) is installed in $plugins"
  exit 0
fi

if [ ! -x "$cache/docker-compose" ]; then
  mirror="$(debian_mirror)" || exit

  apt_dir="$cache/apt"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" >"$apt_dir/sources.list"
  apt_options=(
    -o "Dir::Etc::SourceList=$apt_dir/sources.list"
    -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir/cache"
  )
  apt-get "${apt_options[@]}" update -qq

  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # The download lands in a private temporary directory the sandbox user _apt cannot write to.
  (cd "$work" && apt-get "${apt_options[@]}" -o APT::Sandbox::User=root download -qq docker-compose)
  dpkg-deb -x "$work"/docker-compose_*.deb "$work/root"
  plugin="$(find "$work/root" -path '*/cli-plugins/docker-compose' -type f | head -n 1)"
  if [ -z "$plugin" ]; then
    echo "$(basename "$work"/docker-compose_*.deb) holds no cli-plugins/docker-compose" >&2
    exit 1
  fi
  install -m 0755 "$plugin" "$cache/docker-compose.new"
  mv "$cache/docker-compose.new" "$cache/docker-compose"
fi

install -d "$plugins"
install -m 0755 "$cache/docker-compose" "$plugins/docker-compose"
echo "Installed docker compose $(docker compose version --short) in $plugins (from $suite)"
