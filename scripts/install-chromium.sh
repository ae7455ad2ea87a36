#!/usr/bin/env bash
# Installs Debian's chromium, which the report's browser tests (tests/Clientele.Reports.Tests) drive headless.
#
# Idempotent: when /usr/bin/chromium is present it installs nothing. Otherwise it runs apt-get update, then
# apt-get install chromium, quietly (apt's output is shown only when it fails; needs root or sudo). Prints the
# version either way. Exit status 0 when /usr/bin/chromium runs.
set -euo pipefail

chromium=/usr/bin/chromium

if [ ! -x "$chromium" ]; then
  sudo=''
  if [ "$(id -u)" -ne 0 ]; then
    sudo='sudo'
  fi
  echo "installing Debian's chromium with apt-get ..."
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  export DEBIAN_FRONTEND=noninteractive
  if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends chromium; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "error: apt-get install chromium failed" >&2
    exit 1
  fi
fi

if [ ! -x "$chromium" ]; then
  echo "error: $chromium is still missing after apt-get install chromium" >&2
  exit 1
fi
# The Debian launcher's /dev/shm check can print a harmless shell warning; keep only the version line.
"$chromium" --version 2>/dev/null
