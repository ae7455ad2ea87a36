#!/usr/bin/env bash
# A throw-away PostgreSQL for the tests (docs/store.md).
#
#   eval "$(scripts/postgres.sh start)"   # exports CLIENTELE_TEST_POSTGRES (a connection string) and CLIENTELE_TEST_POSTGRES_DIR
#   scripts/postgres.sh stop [DIR]        # stops that server and deletes its folder (DIR defaults to $CLIENTELE_TEST_POSTGRES_DIR)
#   scripts/postgres.sh start --durable   # the same with fsync and synchronous commit on, as a real server runs (load tests)
#
# start installs Debian's postgresql with apt-get when no /usr/lib/postgresql/*/bin/initdb is there (needs root or
# sudo; quiet unless it fails), creates a cluster in a new temporary folder owned by an unprivileged user (the
# package's "postgres" user when run as root, since initdb and postgres refuse root; else the caller), and starts it on
# a free loopback port: listen_addresses=127.0.0.1, the unix socket in that folder, trust authentication (for local
# tests only), fsync off, ICU's en-US collation. It waits until the server accepts connections, then prints the two export lines on stdout;
# everything else goes to stderr. Idempotent and quick when postgresql is installed. Exit status 0 when the server runs.
set -euo pipefail

usage() { echo "usage: $0 start [--durable] | stop [DIR]" >&2; exit 2; }

as_owner() {
  # Runs a command as the unprivileged owner of the cluster.
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

find_bin() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] && dirname "$initdb"
}

install_postgres() {
  local sudo='' log
  if [ "$(id -u)" -ne 0 ]; then
    sudo='sudo'
  fi
  echo "installing Debian's postgresql with apt-get ..." >&2
  log=$(mktemp)
  export DEBIAN_FRONTEND=noninteractive
  # The package's own cluster must not be started (no init system in a container, and it is not ours to run).
  if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends postgresql; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "error: apt-get install postgresql failed" >&2
    exit 1
  fi
  rm -f "$log"
}

free_port() {
  # A port nothing listens on: tried at random in 20000-59999 with bash's /dev/tcp (a refused connection means free).
  local port tries=0
  while [ $tries -lt 200 ]; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
    tries=$((tries + 1))
  done
  echo "error: no free loopback port found" >&2
  return 1
}

start() {
  local bin dir port attempt user
  bin=$(find_bin || true)
  if [ -z "$bin" ]; then
    install_postgres
    bin=$(find_bin || true)
    if [ -z "$bin" ]; then
      echo "error: /usr/lib/postgresql/*/bin/initdb is still missing after apt-get install postgresql" >&2
      exit 1
    fi
  fi
  if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "error: running as root needs the unprivileged user postgres (created by Debian's postgresql package)" >&2
      exit 1
    fi
    user=postgres
  else
    user=$(id -un)
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/clientele-postgres.XXXXXX")
  chmod 700 "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
  fi
  if ! as_owner test -w "$dir"; then
    rm -rf "$dir"
    echo "error: $user cannot write $dir (is ${TMPDIR:-/tmp} reachable by $user?)" >&2
    exit 1
  fi
  # Databases sort text as a shop's server usually does (ICU's en-US, where "a" < "B"), not bytewise, so that a query
  # whose order matters but lacks COLLATE "C" shows up in the tests (PostgreSQL 15+; older ones get the C locale).
  collation=(--locale=C.UTF-8)
  if "$bin/initdb" --help | grep -q -- '--icu-locale'; then
    collation=(--locale=C.UTF-8 --locale-provider=icu --icu-locale=en-US)
  fi
  if ! as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 "${collation[@]}" >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    echo "error: initdb failed" >&2
    exit 1
  fi
  # A port can be taken between the check and the start: try a few.
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=200" \
        start >/dev/null 2>&1; then
      echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, cluster in $dir (owner $user)" >&2
      echo "export CLIENTELE_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'"
      echo "export CLIENTELE_TEST_POSTGRES_DIR='$dir'"
      return 0
    fi
    echo "PostgreSQL did not start on port $port (attempt $attempt):" >&2
    tail -n 5 "$dir/server.log" >&2 || true
  done
  rm -rf "$dir"
  echo "error: PostgreSQL did not start" >&2
  exit 1
}

stop() {
  local dir=${1:-${CLIENTELE_TEST_POSTGRES_DIR:-}} bin
  if [ -z "$dir" ]; then
    echo "error: which cluster? give its folder or set CLIENTELE_TEST_POSTGRES_DIR" >&2
    exit 2
  fi
  if [ ! -d "$dir" ]; then
    return 0 # already stopped and removed
  fi
  case "$(basename "$dir")" in
    clientele-postgres.*) ;;
    *) echo "error: $dir is not a folder this script made" >&2; exit 2 ;;
  esac
  bin=$(find_bin || true)
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
case "${1:-}" in
  start)
    case "${2:-}" in
      "") ;;
      --durable) durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on" ;;
      *) usage ;;
    esac
    start ;;
  stop) shift; stop "${1:-}" ;;
  *) usage ;;
esac
