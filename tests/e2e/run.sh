#!/usr/bin/env bash
# make e2e: the whole story with real containers on this machine.
#   1. installs what is missing (debootstrap, util-linux's flock; Docker and
#      cargo must be there), builds the images (tests/e2e/images.sh, cached)
#      and the mirai-api service (api/, cargo build --release);
#   2. creates an internal Docker network (no route off this machine) and
#      starts the service on 127.0.0.1 with the worker image and that network;
#   3. runs tests/e2e/e2e.R: an R session listening on the network's gateway
#      address is the dispatcher, the service starts 4 workers that dial it.
# Cleans up containers, network and service on any exit. Skips (status 0)
# when no Docker Engine answers or without root (apt-get, debootstrap).
# Rscript must find the package installed (make install, or R_LIBS).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"

if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
    echo "e2e skipped: no Docker Engine answers (docker info)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "e2e skipped: needs root (apt-get, and debootstrap for the base images)"
    exit 0
fi
missing=()
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v flock >/dev/null 2>&1 || missing+=(util-linux)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "e2e: installing ${missing[*]}"
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}"
fi
command -v cargo >/dev/null 2>&1 || { echo "e2e: cargo (Rust) is required" >&2; exit 1; }

# The lock of the api's own Docker tests (api/tests/common/mod.rs), which
# count every managed container: the two never overlap, and two e2e runs
# never build the same worker image tag at once.
exec 9>"${TMPDIR:-/tmp}/mirai-api-docker-tests.lock"
flock -w 1800 9 || { echo "e2e: the Docker tests' lock stayed taken for 30 minutes" >&2; exit 1; }

export WORKER_IMAGE="${E2E_WORKER_IMAGE:-mirairs-worker:e2e}"
start=$SECONDS
bash tests/e2e/images.sh
echo "e2e: images ready in $((SECONDS - start)) s"

start=$SECONDS
api_bin="$(timeout 900 cargo build --release --manifest-path api/Cargo.toml --message-format=json |
    sed -n 's/.*"executable":"\([^"]*\/mirai-api\)".*/\1/p' | tail -1)"
[ -x "$api_bin" ] || { echo "e2e: could not build the mirai-api service" >&2; exit 1; }
echo "e2e: mirai-api built in $((SECONDS - start)) s"

tmp="$(mktemp -d /tmp/mirairs-e2e.XXXXXX)"
network="mirairs-e2e-$$"
service_pid=""
dispatcher=""
port=""
cleanup() {
    local status=$?
    set +e
    if [ -n "$port" ]; then
        ids="$(docker ps -aq --filter "label=io.miraiRs.dispatcher=$dispatcher" --filter "label=io.miraiRs.port=$port")"
        [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1
    fi
    docker rm -f mirairs-e2e-redial >/dev/null 2>&1
    if [ -n "$service_pid" ]; then
        kill -TERM "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
        if [ "$status" -ne 0 ]; then echo "--- mirai-api log:"; tail -30 "$tmp/service.log"; fi
    fi
    docker network rm "$network" >/dev/null 2>&1
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

docker network create --internal --label io.miraiRs.e2e=true "$network" >/dev/null
dispatcher="$(docker network inspect -f '{{(index .IPAM.Config 0).Gateway}}' "$network")"

# A port nothing listens at on `host`.
free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/$1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
}
port="$(free_port "$dispatcher")"
redial_port="$(free_port "$dispatcher")"
api_port="$(free_port 127.0.0.1)"
token="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"

env -u MIRAI_API_INSECURE MIRAI_API_TOKEN="$token" MIRAI_API_BIND=127.0.0.1 MIRAI_API_PORT="$api_port" \
    MIRAI_IMAGE="$WORKER_IMAGE" MIRAI_NETWORK="$network" MIRAI_MAX_WORKERS=8 \
    MIRAI_WORKER_CPUS=1 MIRAI_WORKER_MEMORY=512m MIRAI_PULL_TIMEOUT=10 \
    "$api_bin" >"$tmp/service.log" 2>&1 &
service_pid=$!
healthz() {
    exec 3<>"/dev/tcp/127.0.0.1/$api_port" || return 1
    printf 'GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    head -1 <&3 | grep -q ' 200'
}
for _ in $(seq 100); do (healthz) 2>/dev/null && break; sleep 0.1; done
(healthz) 2>/dev/null || { echo "e2e: the mirai-api service did not answer" >&2; exit 1; }
echo "e2e: network $network, dispatcher tcp://$dispatcher:$port, mirai-api on 127.0.0.1:$api_port"

MIRAI_API_HOST=127.0.0.1 MIRAI_API_PORT="$api_port" MIRAI_API_TOKEN="$token" \
    E2E_DISPATCHER="$dispatcher" E2E_PORT="$port" E2E_REDIAL_PORT="$redial_port" \
    E2E_NETWORK="$network" E2E_IMAGE="$WORKER_IMAGE" \
    timeout 600 Rscript tests/e2e/e2e.R
