# Sourced by the scripts that make Debian images without a registry (make-test-host-image.sh,
# make-debian-base-image.sh): a debootstrap root filesystem, cached, imported with `docker import`.
# The caller sets $cache (the cache directory) and $work (a scratch directory it removes).

# Exit status 3 = a tool is missing, so callers can tell "cannot build here" from "build broke".
require() {
  command -v "$1" >/dev/null || { echo "$1 is missing: apt-get install $2" >&2; exit 3; }
}

# Succeeds when image $1 carries recipe label $2, i.e. was built by the same script as it is now.
image_has_recipe() {
  [ "$(docker image inspect --format '{{index .Config.Labels "privatecloud.recipe"}}' "$1" 2>/dev/null)" = "$2" ]
}

# Checks the tools and the engine, then takes the cache lock: two test runs on one machine may
# build at once, and the second waits and then reuses.
rootfs_prepare() {
  require docker docker.io
  require flock util-linux
  require chroot coreutils
  docker info >/dev/null 2>&1 || { echo "No Docker engine answers: run scripts/start-dockerd.sh first" >&2; exit 3; }
  mkdir -p "$cache"
  exec 9>"$cache/build.lock"
  flock 9
}

# Unpacks into $1 a minbase debootstrap of suite $2 with packages $3 (comma-separated, may be
# empty) from mirror $4, running debootstrap only when the cache has no such tarball yet. Keyed on
# what debootstrap is asked for, not on the caller's customisation, which is cheap to redo.
rootfs_debootstrap() {
  local rootfs="$1" suite="$2" packages="$3" mirror="$4" key base
  key="$(printf '%s\n' "$suite" "$packages" "$mirror" | sha256sum | cut -c1-16)"
  base="$cache/debootstrap-$suite-$key.tar"
  mkdir -p "$rootfs"
  if [ -s "$base" ]; then
    echo "Using cached root filesystem $base"
  else
    require debootstrap debootstrap
    echo "debootstrap $suite (${packages:-minbase}) from $mirror ..."
    if ! debootstrap --variant=minbase ${packages:+--include="$packages"} "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
      tail -n 30 "$work/debootstrap.log" >&2
      [ -f "$rootfs/debootstrap/debootstrap.log" ] && tail -n 30 "$rootfs/debootstrap/debootstrap.log" >&2
      exit 1
    fi
    rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*
    tar --numeric-owner -C "$rootfs" -cf "$base.partial" .
    mv "$base.partial" "$base"
    rm -rf "$rootfs"
    mkdir "$rootfs"
  fi
  tar --numeric-owner -C "$rootfs" -xf "$base"
}

# Documentation is dead weight in an image; keeps later installs from adding it back, as Debian's
# slim images do.
rootfs_drop_docs() {
  local rootfs="$1"
  rm -rf "$rootfs/usr/share/doc/"* "$rootfs/usr/share/man/"* "$rootfs/usr/share/info/"* "$rootfs/usr/share/locale/"*
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/01-nodoc" <<'NODOC'
path-exclude /usr/share/doc/*
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
NODOC
}

# Imports root filesystem $1 as image $2 labelled with recipe $3; further arguments are extra
# `docker import --change` instructions. vfs keeps a full copy per image: the image this replaces
# is dropped unless a container still uses it.
rootfs_import() {
  local rootfs="$1" tag="$2" recipe="$3" previous change
  shift 3
  local changes=(--change "LABEL privatecloud.recipe=$recipe")
  for change in "$@"; do
    changes+=(--change "$change")
  done
  previous="$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)"
  tar --numeric-owner -C "$rootfs" -c . | docker import "${changes[@]}" - "$tag" >/dev/null
  if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect --format '{{.Id}}' "$tag")" ]; then
    docker image rm "$previous" >/dev/null 2>&1 || true
  fi
  echo "Built image $tag (recipe $recipe, $(docker image inspect --format '{{.Size}}' "$tag") bytes)"
}
