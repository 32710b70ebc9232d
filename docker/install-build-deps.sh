#!/bin/sh
# Build stage of the worker image: installs what compiling miraiRs needs and
# the build image lacks, nothing else. Tools already there are used as they
# are, so an image that brings them all builds without network.
#   C toolchain and make (rocker/r-ver has them; Debian: gcc, make)
#   R's headers          (rocker/r-ver has them; Debian: r-base-dev)
#   NNG with mbedTLS     (libnng-dev from Debian/Ubuntu)
#   Rust (cargo, rustc)  (rustup's stable toolchain into /usr/local/cargo)
set -eu

if ! command -v R >/dev/null 2>&1; then
    echo "install-build-deps: R is missing in the build image (BUILD_IMAGE)" >&2
    exit 1
fi
need=""
command -v cc >/dev/null 2>&1 || need="$need gcc libc6-dev"
command -v make >/dev/null 2>&1 || need="$need make"
[ -f "$(Rscript -e 'cat(R.home("include"))')/R.h" ] || need="$need r-base-dev"
[ -f /usr/include/nng/nng.h ] || need="$need libnng-dev"
if ! command -v cargo >/dev/null 2>&1; then
    command -v curl >/dev/null 2>&1 || need="$need curl"
    [ -f /etc/ssl/certs/ca-certificates.crt ] || need="$need ca-certificates"
fi

if [ -n "$need" ]; then
    echo "install-build-deps: installing$need"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need
    rm -rf /var/lib/apt/lists/*
fi
if ! command -v cargo >/dev/null 2>&1; then
    echo "install-build-deps: installing Rust (rustup, stable, minimal profile)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
        CARGO_HOME=/usr/local/cargo RUSTUP_HOME=/usr/local/rustup \
        sh -s -- -y --profile minimal --no-modify-path
fi
