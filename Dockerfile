# The mirai worker image: R, miraiRs and an entry point that dials the R
# session (the dispatcher) at MIRAI_HOST:MIRAI_PORT and runs its tasks.
#
#   docker build -t mirairs-worker:latest .
#   docker run --rm --init --network host -e MIRAI_HOST=192.168.2.4 mirairs-worker:latest
#
# Two stages. `build` compiles miraiRs (Rust engine + R code) on the base
# image plus what it lacks: libnng-dev (NNG built with mbedTLS) and a Rust
# toolchain from rustup. The final stage is the base image plus the runtime
# library libnng1 and the installed package: no Rust, no headers.
#
# Build arguments:
#   BASE_IMAGE   the R image workers run on (default rocker/r-ver:4.4.2; any
#                Debian or Ubuntu image with R works, e.g. one with Debian's
#                r-base-core).
#   BUILD_IMAGE  the image the package is compiled on (default: BASE_IMAGE).
#                It must have the same R and C library as BASE_IMAGE. Tools it
#                already has are used as they are, so a machine without a
#                registry or network can pass an image that brings R's headers,
#                libnng-dev, cargo and the crates (with CARGO_NET_OFFLINE=true):
#                the end-to-end test does (tests/e2e/images.sh).
ARG BASE_IMAGE=rocker/r-ver:4.4.2
ARG BUILD_IMAGE=${BASE_IMAGE}

FROM ${BUILD_IMAGE} AS build
# Where rustup puts Rust (as in the official rust images).
ENV CARGO_HOME=/usr/local/cargo RUSTUP_HOME=/usr/local/rustup PATH=/usr/local/cargo/bin:${PATH}
COPY docker/install-build-deps.sh /tmp/
RUN sh /tmp/install-build-deps.sh
# The crates first, in a layer of their own: a change of the package's
# sources then recompiles only the package's own crate.
ENV CARGO_TARGET_DIR=/opt/cargo-target
COPY src/rust/Cargo.toml src/rust/Cargo.lock /src/src/rust/
# extendr-api with a fix, patched in by Cargo.toml (see its README.miraiRs).
COPY src/rust/vendor /src/src/rust/vendor
RUN mkdir /src/src/rust/src && touch /src/src/rust/src/lib.rs \
 && cargo build --lib --release --manifest-path /src/src/rust/Cargo.toml \
 && rm -r /src/src/rust/src
COPY . /src
RUN mkdir -p /opt/mirairs/library \
 && R CMD INSTALL --no-docs --no-html -l /opt/mirairs/library /src

FROM ${BASE_IMAGE}
COPY docker/install-runtime-deps.sh /tmp/
RUN sh /tmp/install-runtime-deps.sh && rm /tmp/install-runtime-deps.sh
# /usr/local/lib/R/site-library is on the library path of rocker's and of
# Debian's R.
COPY --from=build /opt/mirairs/library/miraiRs /usr/local/lib/R/site-library/miraiRs
COPY docker/entrypoint.sh /usr/local/bin/mirai-worker
# Tasks run as an unprivileged user.
USER 10001:10001
ENV HOME=/tmp MIRAI_PORT=5555
# R's large vectors in transparent huge pages where the kernel gives them on
# request only (its usual setting): glibc then asks for them. Filling a
# fresh 100 MB vector took half the time (see src/rust/src/hugepages.rs).
ENV GLIBC_TUNABLES=glibc.malloc.hugetlb=1
# R ignores SIGTERM as PID 1: run with an init (`docker run --init`, compose
# `init: true`; the mirai-api service sets it on every worker).
ENTRYPOINT ["/usr/local/bin/mirai-worker"]
