#!/usr/bin/env bash
# Installs what `cargo test` in api/ needs besides Rust, and checks that the
# Docker Engine answers. Idempotent: installs only what is missing.
#
# The tests build their worker image locally (no registry is needed): a
# static C program (gcc + glibc's static libc from libc6-dev), packed with
# tar and loaded with `docker import`.
set -euo pipefail

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi

missing=()
for pkg in gcc libc6-dev tar; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup.sh: installing ${missing[*]}"
    # Another apt run may hold the lock: wait for it rather than fail.
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        if $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq; then
            break
        fi
        echo "setup.sh: apt-get update failed (attempt $attempt), retrying in 30 s"
        sleep 30
    done
    $sudo env DEBIAN_FRONTEND=noninteractive \
        apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
fi

libc_a="$(gcc -print-file-name=libc.a)"
if [ ! -e "$libc_a" ]; then
    echo "setup.sh: gcc finds no static libc (libc.a); is libc6-dev installed?" >&2
    exit 1
fi
if ! command -v docker >/dev/null; then
    echo "setup.sh: the docker CLI is missing; the tests need it and a running Docker Engine" >&2
    exit 1
fi
if ! docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
    echo "setup.sh: the Docker Engine does not answer (DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock})" >&2
    exit 1
fi
echo "setup.sh: ready (gcc, static libc, tar, Docker $(docker version --format '{{.Server.Version}}'))"
