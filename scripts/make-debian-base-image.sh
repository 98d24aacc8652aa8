#!/usr/bin/env bash
# Makes the Debian base image the stack's own Dockerfiles (configuration/build/*) start from, so
# they build here unchanged: no registry is reachable, so `debian:<DEBIAN_VERSION>` cannot be
# pulled. The tag is read from the compose file's DEBIAN_VERSION build arguments (one source of
# truth); the root filesystem comes from debootstrap through the machine's Debian mirror, with apt
# sources in the deb822 form of the official image, and is cached under $PRIVATECLOUD_TEST_CACHE.
set -euo pipefail

here="$(dirname "${BASH_SOURCE[0]}")"
compose="${1:-$here/../configuration/docker-compose.yaml}"
cache="${PRIVATECLOUD_TEST_CACHE:-/var/cache/privatecloud-test}"
# shellcheck source=lib/apt-mirror.sh
. "$here/lib/apt-mirror.sh"
# shellcheck source=lib/debian-rootfs.sh
. "$here/lib/debian-rootfs.sh"
mirror="$(debian_mirror)" || exit

versions="$(sed -nE 's/^ *DEBIAN_VERSION: *"?([^" ]+)"? *$/\1/p' "$compose" | sort -u)"
if [ -z "$versions" ]; then
  echo "$compose names no DEBIAN_VERSION build argument" >&2
  exit 1
fi

# The mirror is part of the recipe: it is written into the image's apt sources.
recipe="$(cat "$0" "$here/lib/debian-rootfs.sh" <(echo "$mirror") | sha256sum | cut -c1-16)"

for version in $versions; do
  tag="debian:$version"
  # bookworm-20241111-slim: the release is the part before the date.
  suite="${version%%-*}"
  if image_has_recipe "$tag" "$recipe"; then
    echo "Reusing image $tag (recipe $recipe)"
    continue
  fi
  rootfs_prepare
  if image_has_recipe "$tag" "$recipe"; then
    echo "Reusing image $tag (built meanwhile by another run)"
    continue
  fi

  work="$(mktemp -d "${TMPDIR:-/tmp}/debian-base-image.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  rootfs="$work/rootfs"
  rootfs_debootstrap "$rootfs" "$suite" "" "$mirror"
  rootfs_drop_docs "$rootfs"

  # As in the official image: one deb822 file, the release and its updates. The Dockerfiles
  # derive further entries (backports) from it.
  rm -f "$rootfs/etc/apt/sources.list" "$rootfs/etc/apt/sources.list.d/"*
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  : >"$rootfs/etc/machine-id"

  rootfs_import "$rootfs" "$tag" "$recipe" 'CMD ["bash"]'
  rm -rf "$work"
  trap - EXIT
done
