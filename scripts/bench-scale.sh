#!/usr/bin/env bash
# Scale run: one large mailbox (default 1,000,000 messages), imported once
# into a fresh store. Prints the import's time and peak memory, the store's
# size, and the latency and peak memory of the commands a user runs on it.
# Figures only; nothing asserts. Needs about 27 GB of free disk at 1M
# (the mbox and the store); WORK names where they go (default /tmp). The
# import's own account of its phases (vsd.log) is printed to stderr.
#
#   scripts/bench-scale.sh [MESSAGES]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
work=$(mktemp -d "${WORK:-/tmp}/vsd-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT
calc() { awk "BEGIN { printf \"%.2f\", $* }"; }
peak_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }

cargo build --release --quiet --bin vsd --example genmail
vsd=target/release/vsd
box="$work/box.mbox"
start=$(date +%s.%N)
target/release/examples/genmail --messages "$n" --seed 7 --format mbox --out "$box" >&2
gen_secs=$(calc "$(date +%s.%N) - $start")
bytes=$(du -sb "$box" | cut -f1)
run() { "$vsd" --db "$work/vsd.db" --config /dev/null "$@"; }

start=$(date +%s.%N)
/usr/bin/time -v -o "$work/import.time" "$vsd" --db "$work/vsd.db" --config /dev/null import "$box" >&2
secs=$(calc "$(date +%s.%N) - $start")
rm -f "$box"
cat "$work/vsd.log" >&2 || true

# The median of 5 runs after a warm-up, process start included.
median_ms() {
    "$@" >/dev/null || true
    local ts=()
    for _ in 1 2 3 4 5; do
        s=$(date +%s%N)
        "$@" >/dev/null || true
        e=$(date +%s%N)
        ts+=($(( (e - s) / 1000000 )))
    done
    printf '%s\n' "${ts[@]}" | sort -n | sed -n 3p
}
list_ms=$(median_ms run list --json)
key=$(run list --json | python3 -c 'import json,sys; l=json.load(sys.stdin); print(max(l, key=lambda i: i.get("message_count", 0))["key"])')
show_ms=$(median_ms run show "$key" --json)
search_ms=$(median_ms run search payment --json --limit 50)
/usr/bin/time -v -o "$work/log.time" "$vsd" --db "$work/vsd.db" --config /dev/null log --json >/dev/null
/usr/bin/time -v -o "$work/list.time" "$vsd" --db "$work/vsd.db" --config /dev/null list --all --json >/dev/null
issues=$(run list --all --json | grep -c '"id"')
store=$(du -sb "$work/vsd.db" | cut -f1)

printf 'messages:          %d (mbox, %.0f MB, generated in %.0f s)\n' "$n" "$(calc "$bytes / 1000000")" "$gen_secs"
printf 'import:            %.1f s, %.0f messages/s, peak %s MB\n' "$secs" "$(calc "$n / $secs")" "$(peak_mb "$work/import.time")"
printf 'store size:        %.0f MB (%.2f of the mailbox)\n' "$(calc "$store / 1000000")" "$(calc "$store / $bytes")"
printf 'issues + unfiled:  %d\n' "$issues"
printf 'list --json:       %d ms (median of 5); list --all --json peak %s MB\n' "$list_ms" "$(peak_mb "$work/list.time")"
printf 'show %s --json: %d ms (median of 5; its largest issue)\n' "$key" "$show_ms"
printf 'search payment:    %d ms (median of 5)\n' "$search_ms"
printf 'log --json:        peak %s MB\n' "$(peak_mb "$work/log.time")"
