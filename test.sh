#!/usr/bin/env bash
# Runs Firebreak's whole test suite on a fresh machine: installs what is missing (PostgreSQL, Chromium,
# Prometheus Alertmanager, Node.js and the test SMTP receiver's npm packages), starts a throwaway PostgreSQL 15 for the
# PostgreSQL half of the storage tests, runs every test project, stops the server, and prints one
# summary line. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

log() { printf '==> %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  if [ $apt_updated = 0 ]; then as_root apt-get update -qq >/dev/null; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet on PATH)." >&2
  exit 1
fi

# --- Chromium for the browser tests (Playwright drives Debian's build) ---------------------------
if [ ! -x /usr/bin/chromium ]; then
  log "installing Chromium"
  apt_install chromium
fi

# --- Prometheus Alertmanager for the alert intake's real-sender tests --------------------------
if [ ! -x /usr/bin/prometheus-alertmanager ]; then
  log "installing Prometheus Alertmanager"
  apt_install prometheus-alertmanager
fi

# --- Node.js and the test SMTP receiver (smtp-server) for the email channel's tests ------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "installing Node.js"
  apt_install nodejs npm
fi
log "installing the test SMTP receiver's packages (tests/tools/smtp)"
if ! (cd tests/tools/smtp && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
  echo "npm ci in tests/tools/smtp failed" >&2
  exit 1
fi

log "installing PagerDuty's client for the alert intake tests (tests/tools/pagerduty)"
if ! (cd tests/tools/pagerduty && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
  echo "npm ci in tests/tools/pagerduty failed" >&2
  exit 1
fi

# --- PostgreSQL: a private server on a free port, removed at exit -------------------------------
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ] || ! id postgres >/dev/null 2>&1; then
  log "installing PostgreSQL"
  apt_install postgresql
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

pg_dir=$(mktemp -d /tmp/firebreak-pg.XXXXXX)
chown postgres "$pg_dir" 2>/dev/null || true
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 54329)
pg_run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_pg() {
  pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_pg EXIT

log "starting PostgreSQL on 127.0.0.1:$pg_port"
pg_run "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >/dev/null || { echo "initdb failed" >&2; exit 1; }
pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -l "$pg_dir/log" \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$pg_dir/log" >&2; exit 1; }
export FIREBREAK_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true"

# --- file watchers: each test server would watch its configuration files through inotify, and the
# default of 128 inotify instances per user runs out when many test servers run at once. The tests
# never change those files: configuration is not watched, file providers poll, and as root the limit
# is raised as well.
export DOTNET_hostBuilder__reloadConfigOnChange=false
export DOTNET_USE_POLLING_FILE_WATCHER=1
if [ "$(id -u)" = 0 ] && [ -w /proc/sys/fs/inotify/max_user_instances ] && [ "$(cat /proc/sys/fs/inotify/max_user_instances)" -lt 1024 ]; then
  echo 1024 > /proc/sys/fs/inotify/max_user_instances || true
fi

# --- build once, then each test project -------------------------------------------------------
log "building"
if ! dotnet build Firebreak.slnx -c Debug -nologo -v quiet; then
  echo "Tests: 0 passed, 1 failed (the build failed)"
  exit 1
fi

passed=0; failed=0; skipped=0; status=0
for project in tests/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  log "testing $name"
  out=$(mktemp)
  dotnet test "$project" --no-build -c Debug -nologo 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  line=$(grep -E '(Passed|Failed)! +- Failed: +[0-9]+' "$out" | tail -n 1)
  if [ -n "$line" ]; then
    f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line")
    p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line")
    s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  else
    echo "$name produced no test summary" >&2
    failed=$((failed + 1))
  fi
  [ "$rc" = 0 ] || status=1
  rm -f "$out"
done

[ "$failed" = 0 ] || status=1
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit $status
