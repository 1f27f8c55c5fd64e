#!/usr/bin/env bash
# A single-node Apache Kafka 4 broker (KRaft, combined broker + controller)
# run as a plain local process from the jars Maven fetches: no Docker, no
# distribution tarball.
#
# Usage: deploy/kafka/kafka.sh {fetch|up|down|restart|status}
#   fetch    download the broker jars into deploy/kafka/lib/ (only when missing
#            or when pom.xml changed)
#   up       fetch, render the config, format the storage on first use, start
#            the broker in the background and wait until it serves clients
#            (no-op when it is already running)
#   down     stop it: SIGTERM, then SIGKILL after KAFKA_STOP_TIMEOUT seconds
#            (no-op when it is not running)
#   restart  down, then up; topics and records survive (same data dir)
#   status   exit 0 and print the pid when running, exit 3 otherwise
#
# Environment (defaults in brackets):
#   KAFKA_PORT             client listener on 127.0.0.1 [9092]
#   KAFKA_CONTROLLER_PORT  KRaft controller listener on 127.0.0.1 [9093]
#   KAFKA_DATA_DIR         logs, config, pid file [<repo>/var/kafka]
#   KAFKA_HEAP_OPTS        JVM heap [-Xmx512m -Xms128m]
#   KAFKA_JVM_OPTS         extra JVM options []
#   KAFKA_START_TIMEOUT    seconds to wait for the broker [60]
#   KAFKA_STOP_TIMEOUT     seconds to wait after SIGTERM [30]
#
# Files in KAFKA_DATA_DIR: server.properties (rendered), logs/ (partitions and
# the KRaft metadata log), server.log (broker log), kafka.out (console:
# warnings, errors, JVM crashes), kafka.pid.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../tools/common.sh
. "$SCRIPT_DIR/../tools/common.sh"

LIB_DIR="$SCRIPT_DIR/lib"
POM="$SCRIPT_DIR/pom.xml"
STAMP="$LIB_DIR/.fetched"   # holds the sha256 of the pom the jars came from

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_DATA_DIR="$(abspath "${KAFKA_DATA_DIR:-$REPO_ROOT/var/kafka}")"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m -Xms128m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:-}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

CONFIG="$KAFKA_DATA_DIR/server.properties"
PIDFILE="$KAFKA_DATA_DIR/kafka.pid"
SERVER_LOG="$KAFKA_DATA_DIR/server.log"
CONSOLE_LOG="$KAFKA_DATA_DIR/kafka.out"
MAIN_CLASS="kafka.Kafka"

for p in KAFKA_PORT KAFKA_CONTROLLER_PORT; do
  [[ ${!p} =~ ^[0-9]+$ ]] || die "$p must be a port number, got '${!p}'"
done

pom_hash() { sha256sum "$POM" | cut -d' ' -f1; }

lib_complete() {
  [[ -f $STAMP && $(<"$STAMP") == "$(pom_hash)" ]] && compgen -G "$LIB_DIR/kafka_2.13-*.jar" >/dev/null
}

ensure_java() {
  command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [[ ${major:-0} -ge 17 ]] 2>/dev/null || die "Kafka 4 needs Java 17 or newer; found '${major:-?}'"
}

cmd_fetch() {
  ensure_java
  lib_complete && return 0
  # Serialise concurrent fetches (two test sessions, a bench) with a lock on
  # the pom, held by a subshell only: an fd left open here would be inherited
  # by the broker and hold the lock for its whole life.
  ( flock 9; fetch_locked ) 9<"$POM"
}

fetch_locked() {
  lib_complete && return 0   # another process fetched while we waited
  command -v mvn >/dev/null 2>&1 || apt_install maven
  log "fetching Kafka jars with Maven into $LIB_DIR"
  rm -rf "$LIB_DIR"
  # dependency:copy-dependencies writes into lib/ (see pom.xml).
  local mvn_log
  mvn_log=$(mktemp)
  if ! mvn -B -q -Dstyle.color=never -f "$POM" dependency:copy-dependencies >"$mvn_log" 2>&1; then
    show_log_tail "$mvn_log" 60
    rm -rf "$LIB_DIR" "$mvn_log"
    die "mvn failed to fetch the Kafka jars (is Maven Central reachable?)"
  fi
  rm -f "$mvn_log"
  pom_hash >"$STAMP"
  log "fetched $(find "$LIB_DIR" -name '*.jar' | wc -l) jars"
}

render_config() {
  local tpl
  tpl=$(<"$SCRIPT_DIR/server.properties.template")
  # Bash 5.2 treats '&' in a ${//} replacement as the match; turn that off so
  # a data dir path is inserted literally.
  shopt -u patsub_replacement 2>/dev/null || true
  tpl=${tpl//@KAFKA_PORT@/$KAFKA_PORT}
  tpl=${tpl//@KAFKA_CONTROLLER_PORT@/$KAFKA_CONTROLLER_PORT}
  tpl=${tpl//@KAFKA_DATA_DIR@/$KAFKA_DATA_DIR}
  printf '%s\n' "$tpl" >"$CONFIG.tmp"
  mv "$CONFIG.tmp" "$CONFIG"
}

# java_cmd MAIN ARGS...: set JAVA_CMD to the java command line running MAIN
# with the broker's classpath and logging.
java_cmd() {
  local -a heap extra
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  read -r -a extra <<<"$KAFKA_JVM_OPTS"
  JAVA_CMD=(java "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$SCRIPT_DIR/log4j2.properties"
    -Dkafka.logs.dir="$KAFKA_DATA_DIR"
    "${extra[@]}" -cp "$LIB_DIR/*" "$@")
}

format_storage() {
  # meta.properties marks a formatted log dir; never format twice, since that
  # would refuse (or, forced, lose the topics).
  [[ -f $KAFKA_DATA_DIR/logs/meta.properties ]] && return 0
  # A cluster id is 16 random bytes in unpadded URL-safe base64 (what
  # `kafka-storage random-uuid` prints), made here to spare a JVM start. Like Kafka's
  # own Uuid.randomUuid, never one that starts with "-": the tool's argument parser
  # takes it for an option and refuses to format (1 start in 64 failed so).
  local cluster_id=-
  while [[ $cluster_id == -* ]]; do
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
  done
  log "formatting storage in $KAFKA_DATA_DIR/logs (cluster id $cluster_id)"
  java_cmd kafka.tools.StorageTool format -t "$cluster_id" -c "$CONFIG"
  if ! "${JAVA_CMD[@]}" >"$KAFKA_DATA_DIR/format.log" 2>&1; then
    show_log_tail "$KAFKA_DATA_DIR/format.log"
    die "formatting the Kafka storage failed"
  fi
}

is_running() { pid_alive "$PIDFILE" "$MAIN_CLASS"; }

# wait_ready OFFSET: wait until the broker accepts connections and has logged
# "Kafka Server started" past byte OFFSET of server.log (i.e. in this run).
wait_ready() {
  local offset=$1 deadline=$((SECONDS + KAFKA_START_TIMEOUT)) size
  local pid
  pid=$(<"$PIDFILE")
  while ((SECONDS < deadline)); do
    # Plain kill -0: right after the fork the pid's command line is not yet
    # java's, so is_running's command-line check would misfire.
    if ! kill -0 "$pid" 2>/dev/null; then
      show_log_tail "$CONSOLE_LOG"
      show_log_tail "$SERVER_LOG"
      die "Kafka exited during start-up (logs above; data dir $KAFKA_DATA_DIR)"
    fi
    if port_open "$KAFKA_PORT" && [[ -f $SERVER_LOG ]]; then
      size=$(stat -c %s "$SERVER_LOG")
      ((size >= offset)) || offset=0   # the log rolled over meanwhile
      # (grep -q on a pipe would SIGPIPE tail and fail under pipefail.)
      if grep -q 'Kafka Server started' < <(tail -c +"$((offset + 1))" "$SERVER_LOG"); then
        return 0
      fi
    fi
    sleep 0.2
  done
  show_log_tail "$CONSOLE_LOG"
  show_log_tail "$SERVER_LOG"
  cmd_down || true
  die "Kafka did not become ready on 127.0.0.1:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s"
}

cmd_up() {
  cmd_fetch
  mkdir -p "$KAFKA_DATA_DIR"
  if is_running; then
    # Started by an earlier call (which waited for it, or is still waiting).
    local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
    until port_open "$KAFKA_PORT"; do
      ((SECONDS < deadline)) || die "Kafka (pid $(<"$PIDFILE")) runs but does not listen on $KAFKA_PORT"
      sleep 0.2
    done
    log "already running (pid $(<"$PIDFILE")) on 127.0.0.1:$KAFKA_PORT"
    return 0
  fi
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    port_open "$port" && die "port $port is already in use by another process"
  done
  render_config
  format_storage

  local offset=0 started=$SECONDS
  [[ -f $SERVER_LOG ]] && offset=$(stat -c %s "$SERVER_LOG")
  log "starting Kafka on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT, data $KAFKA_DATA_DIR)"
  java_cmd "$MAIN_CLASS" "$CONFIG"
  # nohup execs java, so $! is the broker's pid. Detach stdio completely: a
  # caller that captures our output (pytest's subprocess.run) would otherwise
  # wait for the broker to exit.
  nohup "${JAVA_CMD[@]}" </dev/null >"$CONSOLE_LOG" 2>&1 &
  echo $! >"$PIDFILE"
  wait_ready "$offset"
  log "Kafka is up (pid $(<"$PIDFILE"), $((SECONDS - started))s): bootstrap 127.0.0.1:$KAFKA_PORT"
}

cmd_down() {
  stop_pidfile "$PIDFILE" Kafka "$KAFKA_STOP_TIMEOUT" "$MAIN_CLASS"
}

cmd_status() {
  if is_running; then
    echo "kafka running (pid $(<"$PIDFILE")) bootstrap 127.0.0.1:$KAFKA_PORT data $KAFKA_DATA_DIR"
  else
    echo "kafka not running (data $KAFKA_DATA_DIR)"
    return 3
  fi
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  up) cmd_up ;;
  down) cmd_down ;;
  restart) cmd_down; cmd_up ;;
  status) cmd_status ;;
  *) echo "usage: $0 {fetch|up|down|restart|status}" >&2; exit 2 ;;
esac
