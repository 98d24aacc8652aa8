#!/usr/bin/env bash
# Builds the MariaDB image the database backup tests run: Debian's mariadb-server (10.11) on the
# debootstrap Debian base that make-debian-base-image.sh makes, since no registry is reachable.
# It is rebuilt only when this script or scripts/mariadb-test-image/ changed (the recipe label).
# The build fetches the packages from the Debian archive over the host's network.
set -euo pipefail

here="$(dirname "${BASH_SOURCE[0]}")"
tag="${PRIVATECLOUD_TEST_MARIADB_IMAGE:-privatecloud-test/mariadb:10.11}"
cache="${PRIVATECLOUD_TEST_CACHE:-/var/cache/privatecloud-test}"
compose="$here/../configuration/docker-compose.yaml"
# shellcheck source=lib/debian-rootfs.sh
. "$here/lib/debian-rootfs.sh"

"$here/make-debian-base-image.sh" "$compose"
version="$(sed -nE 's/^ *DEBIAN_VERSION: *"?([^" ]+)"? *$/\1/p' "$compose" | sort -u | head -n 1)"
recipe="$(cat "$0" "$here"/mariadb-test-image/* <(docker image inspect --format '{{.Id}}' "debian:$version") | sha256sum | cut -c1-16)"

if image_has_recipe "$tag" "$recipe"; then
  echo "Reusing image $tag (recipe $recipe)"
  exit 0
fi
rootfs_prepare
if image_has_recipe "$tag" "$recipe"; then
  echo "Reusing image $tag (built meanwhile by another run)"
  exit 0
fi

docker build --network=host --quiet --build-arg "DEBIAN_VERSION=$version" \
  --label "privatecloud.recipe=$recipe" --tag "$tag" "$here/mariadb-test-image" >/dev/null
echo "Built image $tag (recipe $recipe)"
