#!/usr/bin/env bash
# Benchmarks Firebreak on this machine and rewrites docs/benchmarks.md.
#
# Builds the CLI and the benchmark in Release, starts a throwaway PostgreSQL on 127.0.0.1 with
# durability fully on (fsync, synchronous_commit), runs bench/Firebreak.Bench against the real
# `firebreak serve` process on SQLite and on PostgreSQL, then stops PostgreSQL and removes every
# temporary folder. The benchmark itself takes about ten minutes on a 2-core machine (the
# notifications section, about four of them, drains a backlog of 10,000 webhook messages). The
# status page section compares Firebreak with a throwaway nginx (its own config, on 127.0.0.1,
# never the system service) under wrk; the alerts section compares alert intake with a throwaway
# Prometheus Alertmanager (its own config and storage folder, no cluster listener). All three are
# installed from apt when missing.
#
#   bash bench/run.sh                 build, run, write docs/benchmarks.md
#   bash bench/run.sh --no-build      reuse the Release build already there
#   bash bench/run.sh --only status   the status page section alone (about two minutes)
#   bash bench/run.sh --only report   the learning report over 10,000 incidents alone (about a minute)
#   bash bench/run.sh --only postmortem   the postmortem of a long incident alone (about a minute)
#   bash bench/run.sh --only alerts   alert intake beside a throwaway Alertmanager, and the storm of
#                                     100,000 alerts (a few minutes)
#
# Any further arguments go to the benchmark program (e.g. --seconds 10 for longer cells, or
# --only notify for the notifications section alone). A section run alone replaces only its own
# section of docs/benchmarks.md.
# Temporary data goes under $FIREBREAK_BENCH_TMP (default /var/tmp); it must not be a tmpfs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

log() { printf '==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet on PATH)." >&2
  exit 1
fi

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || ! id postgres >/dev/null 2>&1; then
  log "installing PostgreSQL"
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

missing=
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
{ command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || missing="$missing nginx-light"
[ -x /usr/bin/prometheus-alertmanager ] || missing="$missing prometheus-alertmanager"
if [ -n "$missing" ]; then
  log "installing$missing"
  as_root apt-get update -qq >/dev/null
  # The packages' own services are not what the benchmark runs (it starts its own nginx and Alertmanager), so they are kept
  # from starting on install: policy-rc.d answering 101 ("action forbidden") for the install's length.
  own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod +x /usr/sbin/policy-rc.d
    own_policy=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null || install_status=$?
  if [ $own_policy = 1 ]; then as_root rm -f /usr/sbin/policy-rc.d; fi
  [ "${install_status:-0}" = 0 ] || { echo "Could not install$missing." >&2; exit 1; }
fi

# --- temporary folders and cleanup -----------------------------------------------------------
# Data goes under /var/tmp (a disk, not tmpfs, on most systems) so that an fsync is a real one.
tmp_base=${FIREBREAK_BENCH_TMP:-/var/tmp}
work=$(mktemp -d "$tmp_base/firebreak-bench.XXXXXX")
pg_dir=$(mktemp -d "$tmp_base/firebreak-bench-pg.XXXXXX")
chown postgres "$pg_dir" 2>/dev/null || true
pg_run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_started=0
bench_pid=

cleanup() {
  # The benchmark ends its own servers; these are only the ones a killed benchmark left behind.
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then kill "$bench_pid" 2>/dev/null || true; wait "$bench_pid" 2>/dev/null || true; fi
  # A throwaway nginx left behind: its master ends its workers on SIGTERM (a SIGKILL would orphan them).
  for f in "$work"/*-status-nginx/nginx.pid; do
    [ -e "$f" ] || continue
    kill -TERM "$(cat "$f")" 2>/dev/null || true
    sleep 1
  done
  if [ -d "$work/pids" ]; then
    for f in "$work"/pids/*; do
      [ -e "$f" ] || continue
      kill -KILL "$(basename "$f")" 2>/dev/null || true
    done
  fi
  if [ $pg_started = 1 ]; then
    pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -t 30 stop >/dev/null 2>&1 \
      || pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work" "$pg_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build ------------------------------------------------------------------------------------
if [ $build = 1 ]; then
  log "building in Release"
  dotnet build src/Firebreak.Cli/Firebreak.Cli.csproj -c Release -nologo -v quiet
  dotnet build bench/Firebreak.Bench/Firebreak.Bench.csproj -c Release -nologo -v quiet
fi
cli="$root/src/Firebreak.Cli/bin/Release/net10.0/firebreak"
bench="$root/bench/Firebreak.Bench/bin/Release/net10.0/Firebreak.Bench.dll"
for f in "$cli" "$bench"; do
  [ -e "$f" ] || { echo "$f is missing; run without --no-build." >&2; exit 1; }
done

# --- PostgreSQL: private, on a free port, durable ---------------------------------------------
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 54339)
log "starting PostgreSQL ($("$pg_bin/postgres" --version | awk '{print $NF}')) on 127.0.0.1:$pg_port with fsync on"
pg_run "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >/dev/null || { echo "initdb failed" >&2; exit 1; }
pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -t 60 -l "$pg_dir/log" \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=200" \
  start >/dev/null || { cat "$pg_dir/log" >&2; exit 1; }
pg_started=1

# --- run ----------------------------------------------------------------------------------------
log "running the benchmark"
dotnet "$bench" \
  --cli "$cli" \
  --postgres "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres" \
  --work "$work" \
  --out "$root/docs/benchmarks.md" \
  "$@" &
bench_pid=$!
status=0
wait "$bench_pid" || status=$?
bench_pid=
if [ $status = 0 ]; then log "wrote docs/benchmarks.md"; else echo "The benchmark failed (exit $status)." >&2; fi
exit $status
