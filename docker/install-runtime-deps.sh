#!/bin/sh
# Final stage of the worker image: the one library miraiRs links besides R,
# NNG (libnng1, built with mbedTLS on Debian and Ubuntu), unless the base
# image has it.
set -eu
if ! ldconfig -p | grep -q 'libnng\.so\.1 '; then
    echo "install-runtime-deps: installing libnng1"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libnng1
    rm -rf /var/lib/apt/lists/*
fi
