#!/usr/bin/env bash
# IMAP sync benchmark: for each size (default 10,000 and 100,000 messages),
# generates a mailbox with genmail, serves it from a private Dovecot (the test
# harness, implicit TLS on loopback), and times
#   - `vsd sync` into an empty store,
#   - a no-op `vsd sync` right after (median of 11),
#   - the watch loop applying new mail to that store: 20 deliveries, from the
#     server's OK to APPEND to the worker's "new mail" event, beside a bare
#     IDLE client timing the server's own notice of the same deliveries,
#   - `mbsync` pulling the same folders into an empty Maildir,
#   - the raw floor: a bare client (Python's imaplib over the same TLS) that
#     fetches every message of both folders (`UID FETCH a:b BODY.PEEK[]`, in
#     batches of 2,000) and throws the bytes away,
# with peak memory from /usr/bin/time -v. Figures only; nothing asserts.
#
#   scripts/bench-sync.sh [MESSAGES...]
#
# Needs dovecot-imapd, isync and time (scripts/install-test-deps.sh) and root
# (Dovecot's private instance stores mail as the `mail` user).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000)
calc() { awk "BEGIN { printf \"%.2f\", $* }"; }
peak_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"; }

cargo build --release --quiet --bin vsd --example genmail --example bench_server --example watch_latency
bin=${CARGO_TARGET_DIR:-target}/release
vsd_sync() { "$bin/vsd" --config "$1" --db "$2" sync; }
# The raw floor: every body of both folders over the same TLS, parsed no
# further than imaplib's framing, kept nowhere. Prints the bytes read.
raw_floor() {
    python3 - "$1" <<'PY'
import imaplib, ssl, sys, tomllib
cfg = tomllib.load(open(sys.argv[1], "rb"))["imap"]
ctx = ssl.create_default_context(cafile=cfg["ca_file"])
m = imaplib.IMAP4_SSL(cfg["host"], cfg["port"], ssl_context=ctx)
m.login(cfg["user"], cfg["password"])
total = 0
for folder in cfg["folders"]:
    m.select(folder, readonly=True)
    typ, data = m.uid("SEARCH", "ALL")
    uids = data[0].split()
    for i in range(0, len(uids), 2000):
        chunk = uids[i:i + 2000]
        typ, data = m.uid("FETCH", b"%s:%s" % (chunk[0], chunk[-1]), "(BODY.PEEK[])")
        total += sum(len(d[1]) for d in data if isinstance(d, tuple))
m.logout()
print(total)
PY
}

for n in "${sizes[@]}"; do
    work=$(mktemp -d /tmp/vsd-bench-sync.XXXXXX)
    "$bin"/examples/genmail --messages "$n" --seed 7 --format maildir --folders \
        --out "$work/gen" >&2
    bytes=$(du -sb "$work/gen" | cut -f1)

    coproc SERVER { exec "$bin"/examples/bench_server "$work/gen" "$work/srv"; }
    read -r ready srv inbox sent <&"${SERVER[0]}"
    [ "$ready" = READY ] || { echo "bench_server did not start" >&2; exit 1; }

    # vsd from empty
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    s=$(date +%s%N)
    /usr/bin/time -v -o "$work/time-vsd" bash -c "bin='$bin'; $(declare -f vsd_sync); vsd_sync '$srv/vsd.toml' '$work/vsd.db'" 2>"$work/vsd.err"
    e=$(date +%s%N)
    vsd_ms=$(( (e - s) / 1000000 ))
    stored=$(grep -o '[0-9]* new messages' "$work/vsd.err" | tail -n 1 | cut -d' ' -f1)

    # no-op re-sync: one warm-up, then the median of 11
    vsd_sync "$srv/vsd.toml" "$work/vsd.db" 2>/dev/null
    times=()
    for _ in $(seq 11); do
        s=$(date +%s%N)
        vsd_sync "$srv/vsd.toml" "$work/vsd.db" 2>/dev/null
        e=$(date +%s%N)
        times+=($(( (e - s) / 1000000 )))
    done
    noop_ms=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 6p)

    # new mail under the watch loop, into the store just synced
    watch=$("$bin"/examples/watch_latency "$srv/vsd.toml" "$work/vsd.db" 20)

    # the raw floor
    s=$(date +%s%N)
    floor_bytes=$(raw_floor "$srv/vsd.toml")
    e=$(date +%s%N)
    floor_ms=$(( (e - s) / 1000000 ))

    # mbsync from empty
    mkdir -p "$srv/mbsync-mail"
    s=$(date +%s%N)
    /usr/bin/time -v -o "$work/time-mbsync" mbsync -q -c "$srv/mbsyncrc" -a 2>"$work/mbsync.err" || true
    e=$(date +%s%N)
    mbsync_ms=$(( (e - s) / 1000000 ))
    pulled=$(find "$srv/mbsync-mail" -type f \( -path '*/cur/*' -o -path '*/new/*' \) | wc -l)

    exec {SERVER[1]}>&-
    wait "$SERVER_PID" 2>/dev/null || true

    printf '\n== %d messages (%.0f MB; INBOX %s, Sent %s) ==\n' "$n" "$(calc "$bytes / 1000000")" "$inbox" "$sent"
    printf 'vsd sync, empty store:  %6.2f s  %6.1f MB/s  peak %s MB  (%s new messages)\n' \
        "$(calc "$vsd_ms / 1000")" "$(calc "$bytes / 1000 / $vsd_ms")" "$(peak_mb "$work/time-vsd")" "$stored"
    printf 'vsd sync, no-op:        %6d ms (median of 11)\n' "$noop_ms"
    printf '%s\n' "$watch"
    printf 'mbsync, empty Maildir:  %6.2f s  %6.1f MB/s  peak %s MB  (%s files)\n' \
        "$(calc "$mbsync_ms / 1000")" "$(calc "$bytes / 1000 / $mbsync_ms")" "$(peak_mb "$work/time-mbsync")" "$pulled"
    printf 'raw floor (imaplib):    %6.2f s  %6.1f MB/s  (%s bytes of bodies)\n' \
        "$(calc "$floor_ms / 1000")" "$(calc "$floor_bytes / 1000 / $floor_ms")" "$floor_bytes"
    printf 'ratio vsd / mbsync:     %6.2f  (aim: at most 0.25)\n' "$(calc "$vsd_ms / $mbsync_ms")"
    printf 'ratio vsd / raw floor:  %6.2f  (aim: at most 2)\n' "$(calc "$vsd_ms / $floor_ms")"
    printf 'load before and after:  %s / %s\n' "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
    tail -n 1 "$work/vsd.err" | sed 's/^/vsd said:               /'
    rm -rf "$work"
done
