#!/usr/bin/env bash
# Runs every libFuzzer target of the engine (fuzz/) and of the service
# (api/fuzz/) for SECONDS each (default 60): `make fuzz`, and 10 s each in
# `make test`. Starts from the committed seeds (fuzz/seeds/<target>, which
# also hold every input that once crashed, so each run replays them); the
# growing corpus lives in a scratch directory. A crash fails the run and
# leaves the input in <fuzz dir>/artifacts/<target>/.
set -euo pipefail
seconds="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"

if ! command -v cargo-fuzz >/dev/null; then
    cargo install cargo-fuzz --locked
fi
# cargo fuzz passes nightly-only flags (-Zsanitizer=address); the stable
# toolchain accepts them this way.
export RUSTC_BOOTSTRAP=1
target_base="${CARGO_TARGET_DIR:-$root/fuzz/target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for crate in engine:fuzz api:api/fuzz; do
    dir="${crate#*:}"
    target_dir="$target_base/fuzz-${crate%%:*}"
    for target in $(cargo fuzz list --fuzz-dir "$root/$dir"); do
        corpus="$work/$dir/$target"
        seeds="$root/$dir/seeds/$target"
        mkdir -p "$corpus" "$root/$dir/artifacts/$target"
        echo "fuzz: $dir $target for ${seconds}s"
        log="$work/$target.log"
        if ! cargo fuzz run --fuzz-dir "$root/$dir" --target-dir "$target_dir" "$target" \
            "$corpus" $( [ -d "$seeds" ] && echo "$seeds" ) -- \
            -max_total_time="$seconds" -print_final_stats=1 \
            -artifact_prefix="$root/$dir/artifacts/$target/" >"$log" 2>&1; then
            tail -n 40 "$log" >&2
            echo "fuzz: $dir $target failed (input in $dir/artifacts/$target/)" >&2
            exit 1
        fi
        grep -E "^(stat::number_of_executed_units|#[0-9]+ +DONE)" "$log" || tail -n 5 "$log"
    done
done
