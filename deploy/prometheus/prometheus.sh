#!/usr/bin/env bash
# A local Prometheus server run as our own process (not Debian's system
# service), with its config and storage chosen by the caller.
#
# Usage: deploy/prometheus/prometheus.sh {up|down|restart|status}
#   up       install Debian's prometheus (and promtool) if needed, check the
#            config with promtool, start the server in the background and wait
#            for /-/ready; when already running, reload the config instead
#   down     SIGTERM, then SIGKILL after 30 s; no-op when not running
#   restart  down, then up
#   status   exit 0 when running, exit 3 otherwise
#
# Environment (defaults in brackets):
#   PROM_PORT      HTTP port on 127.0.0.1 [9090]
#   PROM_CONFIG    prometheus.yml to load: required by up/restart
#   PROM_DATA_DIR  TSDB storage, log and pid file [<repo>/var/prometheus]
#   PROM_RETENTION storage.tsdb.retention.time [15d]
#   PROM_START_TIMEOUT  seconds to wait for /-/ready [60]
#
# Files in PROM_DATA_DIR: tsdb/ (storage), prometheus.log, prometheus.pid.
# The server runs with --web.enable-lifecycle: POST /-/reload re-reads
# PROM_CONFIG, POST /-/quit stops it.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../tools/common.sh
. "$SCRIPT_DIR/../tools/common.sh"

PROM_PORT="${PROM_PORT:-9090}"
PROM_DATA_DIR="$(abspath "${PROM_DATA_DIR:-$REPO_ROOT/var/prometheus}")"
PROM_RETENTION="${PROM_RETENTION:-15d}"
PROM_START_TIMEOUT="${PROM_START_TIMEOUT:-60}"
PIDFILE="$PROM_DATA_DIR/prometheus.pid"
LOG_FILE="$PROM_DATA_DIR/prometheus.log"
BASE_URL="http://127.0.0.1:$PROM_PORT"

[[ $PROM_PORT =~ ^[0-9]+$ ]] || die "PROM_PORT must be a port number, got '$PROM_PORT'"

ensure_prometheus() {
  command -v curl >/dev/null 2>&1 || apt_install curl ca-certificates
  command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 && return 0
  if [[ -x $SCRIPT_DIR/ensure-prometheus.sh ]]; then
    # Installs the package and stops/disables the system service it ships.
    "$SCRIPT_DIR/ensure-prometheus.sh" >/dev/null
  else
    # --no-install-recommends (in apt_install) leaves out
    # prometheus-node-exporter, another service; the temporary policy-rc.d
    # keeps the package from starting its system service on 9090.
    apt_install prometheus
  fi
  command -v prometheus >/dev/null 2>&1 || die "prometheus is still missing after the install"
}

is_running() { pid_alive "$PIDFILE" prometheus; }

ready() { curl -fsS -o /dev/null --max-time 2 "$BASE_URL/-/ready" 2>/dev/null; }

check_config() {
  [[ -n ${PROM_CONFIG:-} ]] || die "PROM_CONFIG is not set: give the prometheus.yml to load"
  PROM_CONFIG=$(abspath "$PROM_CONFIG")
  [[ -f $PROM_CONFIG ]] || die "PROM_CONFIG $PROM_CONFIG does not exist"
  local out
  if ! out=$(promtool check config "$PROM_CONFIG" 2>&1); then
    printf '%s\n' "$out" >&2
    die "promtool rejects $PROM_CONFIG"
  fi
}

cmd_up() {
  ensure_prometheus
  check_config
  mkdir -p "$PROM_DATA_DIR"
  if is_running; then
    log "already running (pid $(<"$PIDFILE")); reloading $PROM_CONFIG"
    curl -fsS -X POST --max-time 10 "$BASE_URL/-/reload" >/dev/null ||
      die "reload failed; see $LOG_FILE"
    return 0
  fi
  if port_open "$PROM_PORT"; then
    die "port $PROM_PORT is already in use by another process (Debian's system prometheus? deploy/prometheus/ensure-prometheus.sh stops it)"
  fi

  log "starting Prometheus on $BASE_URL (config $PROM_CONFIG, data $PROM_DATA_DIR)"
  # nohup execs prometheus, so $! is its pid; stdio is detached so a caller
  # capturing our output does not wait for the server to exit.
  nohup prometheus \
    --config.file="$PROM_CONFIG" \
    --storage.tsdb.path="$PROM_DATA_DIR/tsdb" \
    --storage.tsdb.retention.time="$PROM_RETENTION" \
    --web.listen-address="127.0.0.1:$PROM_PORT" \
    --web.enable-lifecycle \
    </dev/null >>"$LOG_FILE" 2>&1 &
  local pid=$!
  echo "$pid" >"$PIDFILE"

  local deadline=$((SECONDS + PROM_START_TIMEOUT)) started=$SECONDS
  until ready; do
    if ! kill -0 "$pid" 2>/dev/null; then
      show_log_tail "$LOG_FILE"
      rm -f "$PIDFILE"
      die "Prometheus exited during start-up (log above)"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$LOG_FILE"
      cmd_down || true
      die "Prometheus was not ready on $BASE_URL within ${PROM_START_TIMEOUT}s"
    fi
    sleep 0.2
  done
  log "Prometheus is up (pid $pid, $((SECONDS - started))s): $BASE_URL"
}

cmd_down() {
  stop_pidfile "$PIDFILE" Prometheus 30 prometheus
}

cmd_status() {
  if is_running; then
    echo "prometheus running (pid $(<"$PIDFILE")) $BASE_URL data $PROM_DATA_DIR"
  else
    echo "prometheus not running (data $PROM_DATA_DIR)"
    return 3
  fi
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  restart) cmd_down; cmd_up ;;
  status) cmd_status ;;
  *) echo "usage: $0 {up|down|restart|status}" >&2; exit 2 ;;
esac
