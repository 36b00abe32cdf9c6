#!/bin/sh
# Installs what the Dovecot integration tests and the sync benchmark need on a
# Debian machine: dovecot-imapd and dovecot-submissiond (the test server),
# msmtp (a sendmail-compatible sender), openssl, isync (mbsync, the
# benchmark's yardstick), tmux (end-to-end TUI tests), time (peak memory) and
# g++ (libFuzzer, built by the fuzz targets of scripts/fuzz.sh) and python3
# (scripts/make_demo.py, which a test runs to check the committed demo).
# Run as root; safe to run again (installs only what is missing).
set -eu

need=""
for pkg in dovecot-imapd dovecot-submissiond msmtp openssl isync tmux time ca-certificates g++ python3; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        need="$need $pkg"
    fi
done

if [ -z "$need" ]; then
    echo "install-test-deps: everything is installed"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-test-deps: missing:$need; run this script as root" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $need

# The package's own system-wide instance is not used by the tests, which start
# private instances; stop it so that it holds no ports.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet dovecot 2>/dev/null; then
    systemctl stop dovecot || true
fi
if [ -x /usr/sbin/dovecot ] && [ -f /etc/dovecot/dovecot.conf ]; then
    doveadm stop >/dev/null 2>&1 || true
fi
echo "install-test-deps: installed$need"
