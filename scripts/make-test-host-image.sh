#!/usr/bin/env bash
# Builds the disposable Debian host image that tests of machine-changing tasks (packages, users,
# iptables, block devices) run against over SSH, so those commands never touch the test machine.
#
# No registry is reachable, so nothing is pulled: the root filesystem comes from debootstrap
# through the machine's Debian mirror and is imported with `docker import`. The debootstrap
# result is cached under $PRIVATECLOUD_TEST_CACHE so later runs on the same machine skip it; the
# image itself is reused while its recipe label matches this script.
#
# The image has no network at test time, so its only apt source is a local flat repository
# (/srv/test-repo) holding tiny packages of our own: privatecloud-probe-a, and
# privatecloud-probe-b which depends on it.
set -euo pipefail

tag="${PRIVATECLOUD_TEST_HOST_IMAGE:-privatecloud-test/debian-host:bookworm}"
cache="${PRIVATECLOUD_TEST_CACHE:-/var/cache/privatecloud-test}"
# The image comes from the same Debian archive as every other package here.
# shellcheck source=lib/apt-mirror.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/apt-mirror.sh"
mirror="$(debian_mirror)" || exit
suite=bookworm
# minbase already has util-linux, mount (losetup), passwd and dpkg; these add what the tasks use.
packages=openssh-server,sudo,iptables,e2fsprogs,fdisk,parted,procps,kmod,iproute2

# Any edit of this script or of lib/debian-rootfs.sh changes the recipe, so a stale image is
# rebuilt rather than reused. lib/apt-mirror.sh is left out: it only picks where debootstrap
# downloads from, and the mirror already keys the debootstrap cache; the image is the same Debian
# release from any mirror.
# shellcheck source=lib/debian-rootfs.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/debian-rootfs.sh"
recipe="$(cat "$0" "$(dirname "${BASH_SOURCE[0]}")/lib/debian-rootfs.sh" | sha256sum | cut -c1-16)"

if image_has_recipe "$tag" "$recipe"; then
  echo "Reusing image $tag (recipe $recipe)"
  exit 0
fi

require dpkg-deb dpkg
rootfs_prepare
if image_has_recipe "$tag" "$recipe"; then
  echo "Reusing image $tag (built meanwhile by another run)"
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/test-host-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
rootfs_debootstrap "$rootfs" "$suite" "$packages" "$mirror"
rootfs_drop_docs "$rootfs"

# The local package repository: two probe packages, b depending on a so dependency resolution runs.
repo="$rootfs/srv/test-repo"
mkdir -p "$repo"
build_probe() {
  local name="$1" depends="$2" dir="$work/pkg/$1"
  mkdir -p "$dir/DEBIAN" "$dir/usr/share/privatecloud-probe"
  echo "installed by $name" >"$dir/usr/share/privatecloud-probe/$name"
  {
    echo "Package: $name"
    echo "Version: 1.0"
    echo "Architecture: all"
    echo "Maintainer: PrivateCloud tests <tests@localhost>"
    [ -n "$depends" ] && echo "Depends: $depends"
    echo "Description: probe package for the PrivateCloud package-install tests"
  } >"$dir/DEBIAN/control"
  dpkg-deb --root-owner-group --build "$dir" "$repo/${name}_1.0_all.deb" >/dev/null
}
build_probe privatecloud-probe-a ""
build_probe privatecloud-probe-b "privatecloud-probe-a"

# A flat repository's index is each package's control fields plus where it is and its checksum;
# written here so CI needs no dpkg-dev. No Release file: the source is marked trusted instead.
for deb in "$repo"/*.deb; do
  dpkg-deb --field "$deb"
  echo "Filename: ./$(basename "$deb")"
  echo "Size: $(stat -c %s "$deb")"
  echo "SHA256: $(sha256sum "$deb" | cut -d' ' -f1)"
  echo
done >"$repo/Packages"

rm -f "$rootfs/etc/apt/sources.list.d/"*
echo 'deb [trusted=yes] file:/srv/test-repo ./' >"$rootfs/etc/apt/sources.list"

# deployer: passwordless sudo, the account a real deployment uses. nosudo-pw: sudo asks for a
# password, to test the `sudo -n` refusal. '*' = no password can log in, but the account is not
# locked ('!'), so public key logins still work.
chroot "$rootfs" useradd --create-home --shell /bin/bash --password '*' deployer
chroot "$rootfs" useradd --create-home --shell /bin/bash --password '*' nosudo-pw
echo 'deployer ALL=(ALL:ALL) NOPASSWD: ALL' >"$rootfs/etc/sudoers.d/deployer"
echo 'nosudo-pw ALL=(ALL:ALL) ALL' >"$rootfs/etc/sudoers.d/nosudo-pw"
chmod 0440 "$rootfs/etc/sudoers.d/deployer" "$rootfs/etc/sudoers.d/nosudo-pw"

cat >"$rootfs/etc/ssh/sshd_config.d/test-host.conf" <<'EOF'
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
EOF

# Every container gets host keys of its own, made at start; none are baked into the image.
rm -f "$rootfs/etc/ssh/ssh_host_"*
cat >"$rootfs/usr/local/sbin/test-host-init" <<'EOF'
#!/bin/sh
set -e
ssh-keygen -A
mkdir -p /run/sshd
exec /usr/sbin/sshd -D -e
EOF
chmod 0755 "$rootfs/usr/local/sbin/test-host-init"
: >"$rootfs/etc/machine-id"

rootfs_import "$rootfs" "$tag" "$recipe" 'CMD ["/usr/local/sbin/test-host-init"]' 'EXPOSE 22'
