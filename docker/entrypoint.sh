#!/bin/sh
# Entry point of the worker image: dials the R session (the dispatcher) at
# MIRAI_HOST:MIRAI_PORT and runs its tasks until it closes.
#   MIRAI_HOST    (required) address or host name of the dispatcher
#   MIRAI_PORT    its port, 5555 by default
#   MIRAI_SECRET  the dispatcher's shared secret, if it has one
# The daemon redials with backoff until the dispatcher listens (a line per
# try in the container's log); at daemons(0) it exits with status 0 and the
# container ends.
set -eu

fail() {
    echo "mirai-worker: $*" >&2
    exit 2
}

host="${MIRAI_HOST:-}"
port="${MIRAI_PORT:-5555}"
[ -n "$host" ] || fail "MIRAI_HOST is not set: set it to the address of the R session the worker serves (docker run -e MIRAI_HOST=192.168.2.4 ...)"
case "$host" in
    *[!A-Za-z0-9.:_%-]*) fail "MIRAI_HOST must be a host name or IP address, not \"$host\"" ;;
esac
case "$port" in
    "" | *[!0-9]*) fail "MIRAI_PORT must be an integer 1-65535, not \"$port\"" ;;
esac
[ "${#port}" -le 5 ] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] ||
    fail "MIRAI_PORT must be an integer 1-65535, not \"$port\""
case "$host" in
    *:*) MIRAI_URL="tcp://[$host]:$port" ;;  # IPv6
    *) MIRAI_URL="tcp://$host:$port" ;;
esac
export MIRAI_URL

echo "mirai-worker: $(hostname) dialing $MIRAI_URL" >&2
# The URL goes through the environment, never into R code.
exec Rscript -e 'miraiRs::daemon(Sys.getenv("MIRAI_URL"))'
