#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for SECONDS each (default 30): installs
# cargo-fuzz when it is missing, seeds fuzz/corpus/TARGET from the test
# fixtures and, when it is there, ../shared/corpora (copied at run time and
# git-ignored: nothing from the corpora is committed), and fails on the first
# crash, leaving the input in fuzz/artifacts/TARGET/.
#
# cargo-fuzz needs nightly features; on a stable toolchain RUSTC_BOOTSTRAP=1
# lets it build, and --sanitizer none keeps it to coverage-guided fuzzing
# (the sanitizers need nightly's std). Fuzzers run under nice with one job,
# as the machine is shared.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
shift || true
all_targets=(parse fetch_reader grouping draft_roundtrip config)
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    targets=("${all_targets[@]}")
fi
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

corpus=fuzz/corpus
shared=../shared/corpora
mkdir -p "$corpus"

# Copies the regular files found under the given paths (those that exist)
# into a target's corpus, named by their content so a rerun adds nothing.
seed_files() {
    local target="$1"
    shift
    mkdir -p "$corpus/$target"
    local p f
    for p in "$@"; do
        [ -e "$p" ] || continue
        find "$p" -type f -size -256k -print0 | while IFS= read -r -d '' f; do
            cp "$f" "$corpus/$target/seed-$(sha1sum "$f" | cut -c1-16)"
        done
    done
}

seed_files parse tests/fixtures "$shared/notmuch" "$shared/quotes"
seed_files draft_roundtrip tests/fixtures/quotes "$shared/quotes"
seed_files grouping tests/fixtures/mail

# The bulk reader's seeds are FETCH answers carrying fixtures as literals,
# after a first byte that picks how the reads are split.
mkdir -p "$corpus/fetch_reader"
n=0
for f in tests/fixtures/mail/*.eml; do
    n=$((n + 1))
    size=$(wc -c <"$f")
    {
        printf '\001* %d FETCH (UID %d FLAGS (\\Seen) RFC822.SIZE %d BODY[] {%d}\r\n' "$n" "$n" "$size" "$size"
        cat "$f"
        printf ')\r\n* %d EXISTS\r\na%d OK FETCH done\r\n' "$n" "$n"
    } >"$corpus/fetch_reader/seed-$n"
done
printf '\002* 1 FETCH (UID 7 BODY[HEADER.FIELDS (MESSAGE-ID)] {27}\r\nMessage-ID: <a@example.com>)\r\n* OK [HIGHESTMODSEQ 9] x\r\na2 NO [TRYCREATE] no\r\n' \
    >"$corpus/fetch_reader/seed-header-fields"

mkdir -p "$corpus/config"
cat >"$corpus/config/seed-full.toml" <<'EOF'
[imap]
host = "127.0.0.1"
port = 143
tls = "none"
user = "team@example.com"
password = "hunter2hunter2"
folders = ["INBOX", "Sent"]
drafts_folder = "Drafts"
timeout_secs = 30

[desk]
addresses = ["integration@vipps.no", "*@vipps.no"]
issue_pattern = "VSD-[0-9]+|Case [0-9]+"
resolved_pattern = "(?i)\\b(resolved|closed|løst|lukket)\\b"
kam = "kam@vipps.no"
new_problem_after_days = 14
escalate_after_days = 5

[team]
addresses = ["team@example.com", "*@example.com"]
from = "Ola Nordmann <ola@example.com>"
EOF
printf '[imap]\nhost = "imap.example.com"\nuser = "u"\npassword = 98765432\n' >"$corpus/config/seed-bad-password"
printf '[imap]\nhost = "imap.example.com"\nuser = "u"\npassword_command = "pass show mail"\ntls = "starttls"\n' \
    >"$corpus/config/seed-command"

(cd fuzz && nice -n 19 cargo fuzz build --sanitizer none)
mkdir -p fuzz/logs
for t in "${targets[@]}"; do
    echo "fuzz.sh: $t for ${seconds}s"
    log="fuzz/logs/$t.log"
    status=0
    (cd fuzz && nice -n 19 cargo fuzz run --sanitizer none "$t" "corpus/$t" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
        -print_final_stats=1) >"$log" 2>&1 || status=$?
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
    if [ "$status" -ne 0 ]; then
        grep -E 'panicked|SUMMARY|Test unit written|ERROR' "$log" >&2 || tail -n 20 "$log" >&2
        echo "fuzz.sh: $t failed (exit $status); the input is in fuzz/artifacts/$t/, the log in $log" >&2
        exit 1
    fi
done
echo "fuzz.sh: every target ran ${seconds}s without a crash"
