#!/usr/bin/env bash
# The distributed topology on this machine, without Docker: Kafka, PostgreSQL and
# Prometheus as local processes (deploy/*/*.sh), and one process per service role.
#
# Usage: deploy/stack.sh {up|down|status}     (make stack / make stack-down)
#   up      start whatever is not running: PostgreSQL (Debian packages, installed if
#           missing), Kafka, Prometheus, then `outreach serve` intake, relay, projection,
#           diagnostics and webhooks in the background; wait until each answers /healthz; print
#           the URLs. Writes var/stack/outreach.env, the stack's OUTREACH_* settings
#           (with a generated PostgreSQL password), which the `outreach` command reads
#           when run from the repository root: `.venv/bin/outreach keys create ...`
#           acts on this stack.
#   down    stop the five processes, Prometheus, Kafka and PostgreSQL (their data stays
#           in var/kafka, var/postgres, var/prometheus), and remove var/stack/outreach.env
#   status  what runs, with pids and URLs; exit 3 if something is down
#
# Ports (README, "The distributed mode"): intake 8001, diagnostics 8002, projection 8003, relay 8004, webhooks 8005,
# Kafka 9092 (controller 9093), PostgreSQL 5432, Prometheus 9090. The processes' pid
# files and logs are var/stack/<role>.pid and var/stack/<role>.log.
#
# STACK_VAR_DIR (default var/) and STACK_PORT_OFFSET (default 0, added to every port)
# move a whole second stack elsewhere: the test of this script runs one beside yours.
# The `outreach` command finds a moved stack's settings when run from the folder that
# holds STACK_VAR_DIR (it reads var/stack/outreach.env relative to where it runs).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=tools/common.sh
. "$SCRIPT_DIR/tools/common.sh"

VAR_DIR="$(abspath "${STACK_VAR_DIR:-$REPO_ROOT/var}")"
OFFSET="${STACK_PORT_OFFSET:-0}"
STACK_DIR="$VAR_DIR/stack"
ENV_FILE="$STACK_DIR/outreach.env"
OUTREACH="$REPO_ROOT/.venv/bin/outreach"
ROLES=(intake relay projection diagnostics webhooks)
declare -A PORTS=(
  [intake]=$((8001 + OFFSET)) [diagnostics]=$((8002 + OFFSET))
  [projection]=$((8003 + OFFSET)) [relay]=$((8004 + OFFSET)) [webhooks]=$((8005 + OFFSET))
)
HEALTH_TIMEOUT="${STACK_HEALTH_TIMEOUT:-120}"

# By default the servers keep their scripts' data dirs (var/kafka, var/postgres,
# var/prometheus), so `make kafka-up` and `make stack` share one broker.
export KAFKA_PORT=$((9092 + OFFSET)) KAFKA_CONTROLLER_PORT=$((9093 + OFFSET))
export PG_PORT=$((5432 + OFFSET)) PG_USER=outreach PG_DBNAME=outreach
export PROM_PORT=$((9090 + OFFSET))
export KAFKA_DATA_DIR="$VAR_DIR/kafka" PG_DATA_DIR="$VAR_DIR/postgres" PROM_DATA_DIR="$VAR_DIR/prometheus"
export PROM_CONFIG="$REPO_ROOT/deploy/prometheus/prometheus.local.yml"

pidfile() { echo "$STACK_DIR/$1.pid"; }
role_running() { pid_alive "$(pidfile "$1")" "outreach serve $1"; }
healthy() { curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:${PORTS[$1]}/healthz"; }

# The settings every process of the stack runs with (and the `outreach` command reads).
write_env() {
  local password master
  # The master key wraps every candidate's data key (ADR 0015): made once and kept beside
  # the data it protects (a new one would leave every stored event unreadable).
  if [ ! -s "$STACK_DIR/master.key" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' >"$STACK_DIR/master.key")
  fi
  master=$(cat "$STACK_DIR/master.key")
  # A fresh random password each time the stack starts (pg.sh sets it on the role).
  password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 28)
  # Readable by its owner only: it holds the password.
  (umask 077 && : >"$ENV_FILE.tmp")
  cat >"$ENV_FILE.tmp" <<EOF
# Written by deploy/stack.sh up; removed by deploy/stack.sh down.
OUTREACH_STORE=postgres
OUTREACH_PG_HOST=127.0.0.1
OUTREACH_PG_PORT=$PG_PORT
OUTREACH_PG_USER=$PG_USER
OUTREACH_PG_DBNAME=$PG_DBNAME
OUTREACH_PG_PASSWORD=$password
OUTREACH_MASTER_KEY=$master
OUTREACH_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
OUTREACH_RELAY_IN_INTAKE=false
OUTREACH_SEED_DEMO=false
OUTREACH_INTAKE_URL=http://127.0.0.1:${PORTS[intake]}
OUTREACH_DIAGNOSTICS_URL=http://127.0.0.1:${PORTS[diagnostics]}
EOF
  mv "$ENV_FILE.tmp" "$ENV_FILE"
}

pg_password() { sed -n 's/^OUTREACH_PG_PASSWORD=//p' "$ENV_FILE"; }

start_role() {
  local role=$1
  if role_running "$role"; then
    log "$role already running (pid $(<"$(pidfile "$role")"))"
    return 0
  fi
  port_open "${PORTS[$role]}" && die "port ${PORTS[$role]} ($role) is in use by another process"
  log "starting $role on 127.0.0.1:${PORTS[$role]}"
  (
    set -a
    # shellcheck source=/dev/null
    . "$ENV_FILE"
    set +a
    export OUTREACH_PORT="${PORTS[$role]}" OUTREACH_DATA_DIR="$VAR_DIR"
    cd "$REPO_ROOT"
    exec nohup "$OUTREACH" serve "$role" </dev/null >>"$STACK_DIR/$role.log" 2>&1
  ) &
  echo $! >"$(pidfile "$role")"
}

wait_healthy() {
  local role=$1 deadline=$((SECONDS + HEALTH_TIMEOUT))
  until healthy "$role"; do
    if ! kill -0 "$(<"$(pidfile "$role")")" 2>/dev/null; then
      show_log_tail "$STACK_DIR/$role.log"
      die "$role exited during start-up (log above)"
    fi
    ((SECONDS < deadline)) || { show_log_tail "$STACK_DIR/$role.log"; die "$role did not answer /healthz in ${HEALTH_TIMEOUT}s"; }
    sleep 0.2
  done
}

cmd_up() {
  [[ -x $OUTREACH ]] || die "$OUTREACH is missing: run 'make install' first"
  mkdir -p "$STACK_DIR"
  local started=$SECONDS kafka_pid
  # Keep the password of a stack that is (partly) up; otherwise make a new one.
  [[ -f $ENV_FILE ]] || write_env
  PG_PASSWORD=$(pg_password)
  export PG_PASSWORD
  # Kafka starts in the background while PostgreSQL starts (both take a few seconds).
  "$SCRIPT_DIR/kafka/kafka.sh" up &
  kafka_pid=$!
  "$SCRIPT_DIR/postgres/pg.sh" up
  wait "$kafka_pid" || die "Kafka did not start (see above)"
  "$SCRIPT_DIR/prometheus/prometheus.sh" up
  # The intake first: it creates the event store's tables; then the others together.
  start_role intake
  wait_healthy intake
  for role in relay projection diagnostics webhooks; do start_role "$role"; done
  for role in relay projection diagnostics webhooks; do wait_healthy "$role"; done
  log "the stack is up ($((SECONDS - started))s)"
  print_urls
}

print_urls() {
  cat <<EOF

  intake       http://127.0.0.1:${PORTS[intake]}       (POST /v1/events, GET .../events; docs: /docs)
  diagnostics  http://127.0.0.1:${PORTS[diagnostics]}       (GET .../state, .../diagnosis; docs: /docs)
  projection   http://127.0.0.1:${PORTS[projection]}/metrics
  relay        http://127.0.0.1:${PORTS[relay]}/metrics
  webhooks     http://127.0.0.1:${PORTS[webhooks]}/metrics   (fan-out and deliverer)
  Kafka        127.0.0.1:$KAFKA_PORT (topic outreach.events.v1)
  PostgreSQL   127.0.0.1:$PG_PORT (database $PG_DBNAME, user $PG_USER; password in var/stack/outreach.env)
  Prometheus   http://127.0.0.1:$PROM_PORT

  A key:       .venv/bin/outreach keys create --partner acme   (acts on this stack)
  Logs:        var/stack/<role>.log          Stop: make stack-down
EOF
}

cmd_down() {
  local role
  for role in webhooks diagnostics projection relay intake; do
    stop_pidfile "$(pidfile "$role")" "$role" 30 "outreach serve $role"
  done
  "$SCRIPT_DIR/prometheus/prometheus.sh" down
  "$SCRIPT_DIR/kafka/kafka.sh" down
  "$SCRIPT_DIR/postgres/pg.sh" down
  rm -f "$ENV_FILE"
  log "the stack is down (logs in $STACK_DIR, data in $VAR_DIR/{kafka,postgres,prometheus})"
}

cmd_status() {
  local rc=0 role
  for role in "${ROLES[@]}"; do
    if role_running "$role" && healthy "$role"; then
      echo "$role running (pid $(<"$(pidfile "$role")")) http://127.0.0.1:${PORTS[$role]}"
    else
      echo "$role not running"
      rc=3
    fi
  done
  "$SCRIPT_DIR/kafka/kafka.sh" status || rc=3
  "$SCRIPT_DIR/postgres/pg.sh" status || rc=3
  "$SCRIPT_DIR/prometheus/prometheus.sh" status || rc=3
  return "$rc"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 {up|down|status}" >&2; exit 2 ;;
esac
