#!/usr/bin/env bash
# Writes the upgrade fixtures with a built release's real executable: a SQLite data folder, or a
# PostgreSQL database when a connection string is given (then: pg_dump --inserts --no-owner).
# usage: make-fixtures.sh <data-dir> [postgres-connection]
set -euo pipefail
F=${FIREBREAK:-$(dirname "$0")/../../../../src/Firebreak.Cli/bin/Debug/net10.0/firebreak}
data=$1; shift
export FIREBREAK_BOOTSTRAP_ADMIN_TOKEN=fb_fixture_admin_token_0123456789abcdef
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
args=(serve --urls http://127.0.0.1:$port --data "$data")
if [ $# -gt 0 ]; then args+=(--database "$1"); fi
$F "${args[@]}" > "$data/serve.log" 2>&1 &
pid=$!
for i in $(seq 50); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.2; done
export FIREBREAK_SERVER=http://127.0.0.1:$port FIREBREAK_TOKEN=$FIREBREAK_BOOTSTRAP_ADMIN_TOKEN
$F user create bob --role responder --name "Bob Builder" > /dev/null
$F user create carol --role viewer > /dev/null
$F token create fixture-token > /dev/null
$F declare "Checkout failing" --sev SEV-2 --service checkout --impact "Payments fail for EU users" --summary "5xx on /pay" --commander admin --started-at 2026-11-30T10:00:00Z
$F log INC-1 "5xx rate at 30 %" --kind symptom 2>/dev/null || $F log INC-1 "5xx rate at 30 %"
$F role INC-1 comms-lead bob
$F update INC-1 "We are investigating failing payments."
$F mitigate propose INC-1 rollback "Roll back to v41" --owner bob --no-irreversible-migration --no-irreversible-side-effects --target v41
$F evidence INC-1 --text "p99 back to 120 ms" --name "latency after rollback"
$F pin INC-1 4
$F declare "Leaked credential suspected" --sev SEV-1 --private --service auth --commander admin --started-at 2026-11-30T11:00:00Z
$F declare "Search slow" --sev SEV-3 --service search --triage --started-at 2026-11-30T12:00:00Z
$F decline INC-3 "Load test, not production"
$F list
kill $pid; wait $pid || true
