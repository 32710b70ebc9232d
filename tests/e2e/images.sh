#!/usr/bin/env bash
# Builds the images the end-to-end test needs on a machine without a
# registry, and keeps them between runs:
#   mirairs-e2e-runtime:<key>  Debian bookworm (debootstrap, docker import)
#                              with R (r-base-core) and libnng1
#   mirairs-e2e-build:<key>    the same plus gcc, make, libnng-dev, this
#                              machine's Rust toolchain and the crates of
#                              src/rust/Cargo.lock (CARGO_NET_OFFLINE=true)
#   $WORKER_IMAGE              the worker image, from the top-level Dockerfile
#                              with BASE_IMAGE / BUILD_IMAGE set to the two
#                              above (docker build --network none), and its
#                              build stage as <name>-build:<tag>
# A base image is rebuilt only when its key changes (package lists, the
# toolchain's version, Cargo.lock); docker build's layer cache keeps the
# worker image until the package's sources change.
# Needs root (debootstrap), docker, cargo; downloads only from the Debian
# mirror apt uses and from crates.io, outside any container.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
: "${WORKER_IMAGE:=mirairs-worker:e2e}"
suite=bookworm
# The Debian mirror apt uses on this machine, else deb.debian.org.
mirror="${E2E_DEBIAN_MIRROR:-$(apt-get indextargets --format '$(REPO_URI)' 2>/dev/null |
    awk '/\/debian\/$/ { print; exit }')}"
mirror="${mirror:-http://deb.debian.org/debian/}"
runtime_packages="r-base-core,libnng1,ca-certificates"
build_packages="$runtime_packages,gcc,libc6-dev,make,libnng-dev"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/mirairs-e2e"
work="$(mktemp -d /var/tmp/mirairs-e2e-images.XXXXXX)"
trap 'rm -rf "$work"' EXIT

log() { echo "images: $*" >&2; }
key() { printf '%s\n' "$@" | sha256sum | cut -c1-12; }
exists() { docker image inspect "$1" >/dev/null 2>&1; }

# A Debian root file system with `packages`, as the image `tag`. `extra` is
# a function that adds files to the root file system before the import;
# `changes` are `docker import --change` instructions.
import_rootfs() {
    local tag="$1" packages="$2" extra="$3"
    shift 3
    local rootfs="$work/rootfs"
    mkdir -p "$cache/debs"
    log "debootstrap $suite with $packages (a few minutes) ..."
    if ! timeout 1200 debootstrap --variant=minbase --cache-dir="$cache/debs" \
        --include="$packages" "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
        tail -20 "$work/debootstrap.log" >&2
        log "debootstrap failed"
        return 1
    fi
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    "$extra" "$rootfs"
    local changes=(--change "ENV LANG=C.UTF-8")
    for c in "$@"; do changes+=(--change "$c"); done
    log "docker import $tag ..."
    tar -C "$rootfs" -c . | docker import "${changes[@]}" - "$tag" >/dev/null
    rm -rf "$rootfs"
}

no_extra() { :; }

# The Rust toolchain that builds the package on this machine (without its
# documentation), and every crate of Cargo.lock, fetched here: the build in
# the container then needs no network.
add_rust() {
    local rootfs="$1" sysroot
    sysroot="$(rustc --print sysroot)"
    mkdir -p "$rootfs/usr/local/rust" "$rootfs/usr/local/cargo"
    tar -C "$sysroot" --exclude=./share --exclude=./lib/rustlib/src -c . | tar -C "$rootfs/usr/local/rust" -x
    log "cargo fetch (crates of src/rust/Cargo.lock) ..."
    CARGO_HOME="$rootfs/usr/local/cargo" timeout 600 \
        cargo fetch --quiet --locked --manifest-path "$repo/src/rust/Cargo.toml" >&2
}

# Removes the other tags of `image`'s repository: base images of older keys.
remove_superseded() {
    docker images --format '{{.Repository}}:{{.Tag}}' "${1%:*}" | grep -vxF "$1" |
        xargs -r docker image rm >/dev/null 2>&1 || true
}

runtime="mirairs-e2e-runtime:$suite-$(key "$runtime_packages")"
if exists "$runtime"; then
    log "$runtime (cached)"
else
    import_rootfs "$runtime" "$runtime_packages" no_extra
    remove_superseded "$runtime"
fi

build="mirairs-e2e-build:$suite-$(key "$build_packages" "$(rustc -V)" "$(cat "$repo/src/rust/Cargo.lock")")"
if exists "$build"; then
    log "$build (cached)"
else
    import_rootfs "$build" "$build_packages" add_rust \
        "ENV PATH=/usr/local/rust/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
        "ENV CARGO_HOME=/usr/local/cargo" "ENV CARGO_NET_OFFLINE=true"
    remove_superseded "$build"
fi

# The build stage is tagged too: the images a run replaces can then be
# removed, while their layers still shared (the crates) stay as cache.
stage_image="${WORKER_IMAGE%:*}-build:${WORKER_IMAGE##*:}"
old=()
for image in "$stage_image" "$WORKER_IMAGE"; do
    old+=("$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)")
done
log "docker build $WORKER_IMAGE (BASE_IMAGE=$runtime) ..."
for target in build final; do
    if [ "$target" = build ]; then args=(--target build -t "$stage_image"); else args=(-t "$WORKER_IMAGE"); fi
    if ! timeout 1200 docker build --network none -q "${args[@]}" \
        --build-arg BASE_IMAGE="$runtime" --build-arg BUILD_IMAGE="$build" \
        "$repo" >"$work/build.log" 2>&1; then
        tail -40 "$work/build.log" >&2
        log "docker build failed"
        exit 1
    fi
done
for id in "${old[@]}"; do
    if [ -n "$id" ] && ! docker image inspect -f '{{.RepoTags}}' "$id" 2>/dev/null | grep -q ':'; then
        docker image rm "$id" >/dev/null 2>&1 || true
    fi
done
log "$WORKER_IMAGE ready"
