#!/usr/bin/env bash
# Import benchmark: generates a mailbox (default 100,000 messages), imports it
# into a fresh store, and prints messages per second, peak memory, and the
# latency of `vsd list --json` on the result. Figures only; nothing asserts.
#
#   scripts/bench-import.sh [MESSAGES] [mbox|maildir]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
format=${2:-mbox}
work=$(mktemp -d /tmp/vsd-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
calc() { awk "BEGIN { printf \"%.2f\", $* }"; }

cargo build --release --quiet --bin vsd --example genmail
vsd=target/release/vsd
if [ "$format" = maildir ]; then box="$work/Maildir"; else box="$work/box.mbox"; fi
target/release/examples/genmail --messages "$n" --seed 7 --format "$format" --out "$box" >&2
bytes=$(du -sb "$box" | cut -f1)

timefile="$work/time"
start=$(date +%s.%N)
/usr/bin/time -v -o "$timefile" "$vsd" --db "$work/vsd.db" --config /dev/null import "$box" >&2
end=$(date +%s.%N)
secs=$(calc "$end - $start")
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$timefile")

# list --json: one warm-up, then the median of 11 runs.
"$vsd" --db "$work/vsd.db" --config /dev/null list --json >/dev/null
times=()
for _ in $(seq 11); do
    s=$(date +%s%N)
    "$vsd" --db "$work/vsd.db" --config /dev/null list --json >/dev/null
    e=$(date +%s%N)
    times+=($(( (e - s) / 1000000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 6p)
issues=$("$vsd" --db "$work/vsd.db" --config /dev/null list --all --json | grep -c '"id"')

printf 'messages:          %d (%s, %.0f MB)\n' "$n" "$format" "$(calc "$bytes / 1000000")"
printf 'import:            %.2f s, %.0f messages/s, %.1f MB/s\n' "$secs" "$(calc "$n / $secs")" "$(calc "$bytes / 1000000 / $secs")"
printf 'peak memory:       %.0f MB\n' "$(calc "$rss_kb / 1024")"
printf 'issues + unfiled:  %d\n' "$issues"
printf 'list --json:       %d ms (median of 11)\n' "$median"
printf 'store size:        %.0f MB\n' "$(calc "$(du -sb "$work/vsd.db" | cut -f1) / 1000000")"
