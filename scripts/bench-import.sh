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

# Search (migrations/0013_search.sql): latency of `vsd search` (median of 11,
# process start included, as a user meets it) for a common word, a rare
# one, a prefix and a qualifier; then what the index costs: the import again
# into a store whose index triggers are dropped first, and the store's size
# with the index dropped and the file vacuumed.
median_of() {
    "$@" >/dev/null || true
    local ts=()
    for _ in $(seq 11); do
        s=$(date +%s%N)
        "$@" >/dev/null || true
        e=$(date +%s%N)
        ts+=($(( (e - s) / 1000000 )))
    done
    printf '%s\n' "${ts[@]}" | sort -n | sed -n 6p
}
for q in "payment" "zyxwvutsrq" "capt" "from:integration status:open"; do
    # shellcheck disable=SC2086
    ms=$(median_of "$vsd" --db "$work/vsd.db" --config /dev/null search $q --json --limit 50)
    printf 'search %-28s %d ms (median of 11)\n' "\"$q\":" "$ms"
done

plain="$work/plain.db"
empty="$work/empty.mbox"
: > "$empty"
"$vsd" --db "$plain" --config /dev/null import "$empty" >/dev/null 2>&1
python3 - "$plain" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for t in ("insert", "delete", "update"):
    c.execute(f"DROP TRIGGER message_search_{t}")
c.commit()
PY
start=$(date +%s.%N)
"$vsd" --db "$plain" --config /dev/null import "$box" >/dev/null 2>&1
end=$(date +%s.%N)
plain_secs=$(calc "$end - $start")

sized="$work/sized.db"
cp "$work/vsd.db" "$sized"
python3 - "$sized" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
c.execute("VACUUM")
c.commit()
PY
with_index=$(du -sb "$sized" | cut -f1)
python3 - "$sized" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for t in ("insert", "delete", "update"):
    c.execute(f"DROP TRIGGER message_search_{t}")
c.execute("DROP TABLE message_search")
c.commit()
c.execute("VACUUM")
PY
without_index=$(du -sb "$sized" | cut -f1)
printf 'import without index: %.2f s; the index is %.0f%% of import time\n' \
    "$plain_secs" "$(calc "($secs - $plain_secs) * 100 / $secs")"
printf 'store: %.0f MB vacuumed, %.0f MB without the index; the index is %.0f%% of it\n' \
    "$(calc "$with_index / 1000000")" "$(calc "$without_index / 1000000")" \
    "$(calc "($with_index - $without_index) * 100 / $with_index")"
